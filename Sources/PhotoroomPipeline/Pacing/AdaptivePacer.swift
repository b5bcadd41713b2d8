/// The pacer shared by all workers of a run or watch: ``AdaptivePacingPolicy`` on a clock.
///
/// It learns the server's limit from 429s (see the policy for how), keeps a copy of the server's window so calls
/// go out as slots free instead of bursting into 429s, obeys `Retry-After`, and treats `requestsPerMinute` as a
/// hard cap. Start it from what the previous run learned (``PacingMemory``) and save ``learned`` at the end.
public actor AdaptivePacer: CallPacing {
    private var policy: AdaptivePacingPolicy
    private let clock: any PacingClock
    private var outcomeWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    private var nextWaiterID = 0
    /// Answers seen so far: a waiter that registers late still sees an answer it missed.
    private var outcomes = 0

    /// Creates a pacer.
    ///
    /// - Parameters:
    ///   - settings: the cap and the tuning.
    ///   - learned: what a previous run learned (from ``PacingMemory/load(from:)``), if anything.
    ///   - clock: the time source; tests pass a clock they move by hand.
    public init(
        settings: AdaptivePacingPolicy.Settings = .init(),
        learned: LearnedRateLimit? = nil,
        clock: any PacingClock = ContinuousPacingClock()
    ) {
        self.policy = AdaptivePacingPolicy(settings: settings, learned: learned)
        self.clock = clock
    }

    public func waitForTurn() async throws {
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            switch policy.nextTurn(now: now) {
            case .now:
                policy.grant(now: now)
                return
            case .at(let time):
                try await clock.sleep(until: time)
            case .afterNextOutcome(let latest):
                try await waitForOutcome(after: outcomes, orUntil: latest)
            }
        }
    }

    public func takeTurnIfFree() -> Bool {
        let now = clock.now()
        guard case .now = policy.nextTurn(now: now) else { return false }
        policy.grant(now: now)
        return true
    }

    @discardableResult
    public func throttled(retryAfter: Duration?) -> Duration {
        let hold = policy.throttled(now: clock.now(), retryAfter: retryAfter.map(Self.seconds))
        wakeOutcomeWaiters()
        return .seconds(hold)
    }

    public func accepted() {
        policy.accepted(now: clock.now())
        wakeOutcomeWaiters()
    }

    public func snapshot() -> PacingSnapshot {
        policy.snapshot
    }

    /// What has been learned so far (save it with ``PacingMemory/save(_:to:)`` when the run ends).
    public var learned: LearnedRateLimit? { policy.learned }

    // MARK: Waiting for an answer

    /// Suspends until an `accepted` or `throttled` after the `seen`-th, or until `deadline` on the clock.
    private func waitForOutcome(after seen: Int, orUntil deadline: Double) async throws {
        let clock = self.clock
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.nextOutcome(after: seen) }
            group.addTask { try await clock.sleep(until: deadline) }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    private func nextOutcome(after seen: Int) async throws {
        guard outcomes == seen else { return }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    outcomeWaiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        outcomeWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    private func wakeOutcomeWaiters() {
        outcomes += 1
        let waiters = outcomeWaiters.values
        outcomeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
