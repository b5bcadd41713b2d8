/// Bounds the calls in flight when the dispatch window is wider than `--concurrency`: with `--route segment|auto`
/// an item holds its worker through local finishing after its call, so the window is widened and this gate keeps
/// the calls themselves at `--concurrency`. Finishing then overlaps other items' calls instead of delaying them.
actor CallGate {
    private let limit: Int
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Waits for a free place. Waiters are served in order as calls end.
    func acquire() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Frees the place of a call that ended (handing it to the next waiter, if any).
    func release() {
        if waiters.isEmpty {
            inFlight = max(0, inFlight - 1)
        } else {
            waiters.removeFirst().resume()
        }
    }
}
