/// The time source of an ``AdaptivePacer``: seconds on a monotonic scale, and a sleep until a given time.
/// Tests inject a clock they move by hand.
public protocol PacingClock: Sendable {
    /// Seconds since an arbitrary origin; never goes backwards.
    func now() -> Double
    /// Suspends until ``now()`` reaches `deadline` (returns at once when it already has).
    ///
    /// - Throws: `CancellationError` when the task is cancelled while sleeping.
    func sleep(until deadline: Double) async throws
}

/// The real clock: `ContinuousClock`, counted from the moment the value was made.
public struct ContinuousPacingClock: PacingClock {
    private let origin = ContinuousClock.now

    /// Creates a clock whose zero is now.
    public init() {}

    public func now() -> Double {
        let (seconds, attoseconds) = (ContinuousClock.now - origin).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    public func sleep(until deadline: Double) async throws {
        let wait = deadline - now()
        if wait > 0 {
            try await Task.sleep(for: .seconds(wait))
        }
    }
}
