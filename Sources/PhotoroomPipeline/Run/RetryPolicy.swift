/// When and how long to wait before sending a failed call again.
///
/// 429, 5xx and connection failures before the upload ended are retried with capped exponential back-off and
/// jitter (failed calls are free). A 400 is never retried. A failure after the upload (timeout, dropped
/// connection: the outcome is unknown and the call may have been billed) is retried ``unknownOutcomeRetries``
/// times, and the item is then marked `possiblyBilledTwice`.
public struct RetryPolicy: Sendable, Equatable {
    /// Most calls made for one item, the first included (retryable failures only).
    public var maxAttempts: Int
    /// The back-off before the first retry (before jitter).
    public var baseDelay: Duration
    /// The longest back-off.
    public var maxDelay: Duration
    /// How many times an item is sent again after a call of unknown outcome (0: the item fails).
    public var unknownOutcomeRetries: Int

    public init(
        maxAttempts: Int = 6,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        unknownOutcomeRetries: Int = 1
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.unknownOutcomeRetries = max(0, unknownOutcomeRetries)
    }

    /// The default: 6 attempts, 0.5 s doubling up to 30 s, one retry after an unknown outcome.
    public static let standard = RetryPolicy()

    /// The capped exponential delay after failed attempt number `attempt` (1-based), before jitter:
    /// `min(maxDelay, baseDelay × 2^(attempt-1))`.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = baseDelay * (1 << exponent)
        return min(raw, maxDelay)
    }

    /// The delay to wait after failed attempt number `attempt`: "equal jitter", uniformly between half the
    /// ceiling and the ceiling, so workers that failed together do not retry together.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterAttempt: attempt)
        let half = ceiling / 2
        let spreadNanos = Self.nanoseconds(of: ceiling - half)
        guard spreadNanos > 0 else { return ceiling }
        return half + .nanoseconds(Int64.random(in: 0...spreadNanos, using: &generator))
    }

    /// The delay with the system random generator.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }

    static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
