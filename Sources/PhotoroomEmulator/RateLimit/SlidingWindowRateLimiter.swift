/// A sliding-window log: a request is admitted when fewer than `limit` requests were admitted in the last
/// `windowSeconds` (a request admitted at `t` counts until, but not at, `t + windowSeconds`).
///
/// Pure and clock-free (times are seconds on any monotonic scale), so the emulator and the pacer's simulation
/// tests use the very same rule. Refused requests do not count.
public struct SlidingWindowRateLimiter: Sendable, Equatable {
    /// What the limiter decided for one request.
    public enum Decision: Sendable, Equatable {
        /// Admitted: it now counts against the window.
        case admitted
        /// Refused: the next slot frees in this many seconds (more than 0).
        case limited(secondsUntilSlotFrees: Double)

        /// `Retry-After` for a refusal: the whole seconds until a slot frees, rounded up (at least 1).
        public var retryAfterSeconds: Int? {
            guard case .limited(let seconds) = self else { return nil }
            return max(1, Int(seconds.rounded(.up)))
        }
    }

    /// Requests allowed per window (`0`: no limit).
    public let limit: Int
    /// The window length in seconds.
    public let windowSeconds: Double
    private var admitted: [Double] = []
    private var head = 0

    /// Creates a limiter of `limit` requests in any `windowSeconds`.
    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Decides on a request arriving at `now` (times must not go backwards), recording it when admitted.
    public mutating func admit(at now: Double) -> Decision {
        guard limit > 0 else { return .admitted }
        let windowStart = now - windowSeconds
        while head < admitted.count, admitted[head] <= windowStart {
            head += 1
        }
        if head > 1024, head * 2 > admitted.count {
            admitted.removeFirst(head)
            head = 0
        }
        if admitted.count - head >= limit {
            let frees = admitted[admitted.count - limit] + windowSeconds
            return .limited(secondsUntilSlotFrees: max(frees - now, .ulpOfOne))
        }
        admitted.append(now)
        return .admitted
    }

    /// Requests counted in the window ending at `now`.
    public func count(at now: Double) -> Int {
        admitted[head...].reduce(0) { $0 + ($1 > now - windowSeconds ? 1 : 0) }
    }
}
