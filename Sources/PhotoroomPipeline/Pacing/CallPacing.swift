/// Paces the calls of one run or watch; one instance is shared by all workers.
public protocol CallPacing: Sendable {
    /// Suspends until the caller may start a call; throws `CancellationError` if cancelled while waiting.
    func waitForTurn() async throws
    /// The call that had the turn was answered 429. `retryAfter` is the server's delay if it sent one
    /// (parsed and already capped by the engine). Returns how long new calls are held back.
    func throttled(retryAfter: Duration?) async -> Duration
    /// The call was answered with anything but 429.
    func accepted() async
    /// For the progress line and the manifest.
    func snapshot() async -> PacingSnapshot
}

public struct PacingSnapshot: Codable, Sendable, Equatable {
    public var learnedRatePerSecond: Double?   // nil until a 429 taught a rate
    public var throttledCalls: Int              // 429s seen
}
