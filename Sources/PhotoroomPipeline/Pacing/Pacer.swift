/// The pacing rules shared by every worker, as plain state: a pause after a 429 (for `Retry-After`, or a
/// growing back-off when the server gives none) and an optional requests-per-minute cap.
///
/// Times are seconds on a monotonic clock; ``Pacer`` feeds it the clock.
public struct PacingState: Sendable, Equatable {
    /// The cap on call starts per minute, if any.
    public var requestsPerMinute: Double?
    /// No call starts before this time (set by a 429).
    public private(set) var pausedUntil: Double = 0
    /// With a cap, the earliest time the next call may start.
    public private(set) var nextSlot: Double = 0
    /// 429s in a row without a success in between (drives the back-off when no `Retry-After` is given).
    public private(set) var consecutiveThrottles = 0
    /// The back-off used after a 429 without `Retry-After`: `base × 2^(n-1)`, at most `cap`.
    public var throttleBase: Double
    public var throttleCap: Double

    public init(requestsPerMinute: Double? = nil, throttleBase: Double = 1, throttleCap: Double = 60) {
        self.requestsPerMinute = requestsPerMinute.flatMap { $0 > 0 ? $0 : nil }
        self.throttleBase = throttleBase
        self.throttleCap = throttleCap
    }

    /// The earliest time a call may start, seen from `now` (`now` itself when nothing holds it back).
    public func earliestStart(now: Double) -> Double {
        max(now, pausedUntil, requestsPerMinute == nil ? now : nextSlot)
    }

    /// Takes the slot at `now` (which must be at or after ``earliestStart(now:)``).
    public mutating func take(now: Double) {
        if let rpm = requestsPerMinute {
            nextSlot = max(nextSlot, now) + 60 / rpm
        }
    }

    /// Records a 429: nobody starts a call for `retryAfter` seconds, or for the growing back-off when the
    /// server gave no `Retry-After`. Returns the pause applied.
    @discardableResult
    public mutating func throttled(now: Double, retryAfter: Double?) -> Double {
        consecutiveThrottles += 1
        let pause =
            retryAfter
            ?? min(throttleCap, throttleBase * Double(1 << min(consecutiveThrottles - 1, 20)))
        pausedUntil = max(pausedUntil, now + pause)
        return pause
    }

    /// Records a success: the back-off after the next 429 starts small again.
    public mutating func succeeded() {
        consecutiveThrottles = 0
    }
}

/// The one pacer shared by all workers of a run: a 429 or `Retry-After` slows the whole pool, and an optional
/// requests-per-minute cap spaces the starts.
public actor Pacer: CallPacing {
    private var state: PacingState
    private var throttledCalls = 0
    private let origin = ContinuousClock.now

    public init(state: PacingState = PacingState()) {
        self.state = state
    }

    private var now: Double { (ContinuousClock.now - origin).seconds }

    /// Waits until a call may start, then takes its slot.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func waitForTurn() async throws {
        while true {
            let current = now
            let start = state.earliestStart(now: current)
            if start <= current {
                state.take(now: current)
                return
            }
            try await Task.sleep(for: .seconds(start - current))
        }
    }

    /// Records a 429 (with the server's `Retry-After`, if any) and returns the pause applied to everyone.
    @discardableResult
    public func throttled(retryAfter: Duration?) -> Duration {
        throttledCalls += 1
        return .seconds(state.throttled(now: now, retryAfter: retryAfter?.seconds))
    }

    /// Records a call answered with anything but 429.
    public func accepted() {
        state.succeeded()
    }

    /// Records a successful call (``accepted()``).
    public func succeeded() {
        accepted()
    }

    /// The 429s seen; this pacer learns no rate.
    public func snapshot() -> PacingSnapshot {
        PacingSnapshot(learnedRatePerSecond: nil, throttledCalls: throttledCalls)
    }

    /// The current state (for tests and diagnostics).
    public var pacingState: PacingState { state }
}

extension RunOptions {
    /// The pacer of a run or watch: the one place that chooses its kind.
    func makeCallPacing() -> any CallPacing {
        Pacer(
            state: PacingState(
                requestsPerMinute: requestsPerMinute,
                throttleBase: retry.baseDelay.seconds * 2,
                throttleCap: retry.maxDelay.seconds
            )
        )
    }
}
