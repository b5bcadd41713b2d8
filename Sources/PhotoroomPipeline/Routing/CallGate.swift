import Synchronization

/// Bounds the calls in flight at `--concurrency` while the dispatch window is wider: an item keeps its worker
/// through the bookkeeping after its call (saving the result, the journal's fsync, the manifest; local finishing
/// on the segment route), and that bookkeeping overlaps other items' calls instead of delaying them.
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

    /// Places taken (for tests).
    var inUse: Int { inFlight }
    /// Callers waiting for a place (for tests).
    var waiting: Int { waiters.count }

    /// Frees the place of a call that ended (handing it to the next waiter, if any).
    func release() {
        if waiters.isEmpty {
            inFlight = max(0, inFlight - 1)
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// One item's place at the ``CallGate``: taken before each of its calls, given back once the call's outcome no
/// longer decides whether the next call may start.
///
/// A billed call gives its place back at once, so saving its result overlaps the next calls. A call that ends the
/// item with a failure keeps it until the item's row is counted (a 402, a refused key, `--max-errors`): the next
/// waiter then sees that stop before its call starts. Giving back twice is harmless.
final class CallPass: Sendable {
    private let gate: CallGate?
    private let held = Mutex(false)

    init(gate: CallGate?) {
        self.gate = gate
    }

    /// Waits for a place at the gate (at once without a gate).
    func take() async {
        await gate?.acquire()
        held.withLock { $0 = true }
    }

    /// Gives the place back, if held.
    func giveBack() async {
        let wasHeld = held.withLock { held in
            defer { held = false }
            return held
        }
        if wasHeld { await gate?.release() }
    }
}
