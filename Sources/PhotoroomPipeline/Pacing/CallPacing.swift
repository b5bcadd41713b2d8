import Foundation

/// Paces the calls of one run or watch; one instance is shared by all workers.
public protocol CallPacing: Sendable {
    /// Suspends until the caller may start a call; throws `CancellationError` if cancelled while waiting.
    func waitForTurn() async throws
    /// Takes the turn when a call may start right now, without waiting; false (nothing taken) when the caller would
    /// have to wait for ``waitForTurn()``.
    func takeTurnIfFree() async -> Bool
    /// The call that had the turn was answered 429. `retryAfter` is the server's delay if it sent one
    /// (parsed and already capped by the engine). Returns how long new calls are held back.
    func throttled(retryAfter: Duration?) async -> Duration
    /// The call was answered with anything but 429.
    func accepted() async
    /// For the progress line and the manifest.
    func snapshot() async -> PacingSnapshot
}

extension CallPacing {
    /// Never free without waiting: callers use ``waitForTurn()``.
    public func takeTurnIfFree() async -> Bool { false }
}

/// What the pacer knows, for the progress line, the manifest (`pacing`) and `pacing.json`.
public struct PacingSnapshot: Codable, Sendable, Equatable {
    public var learnedRatePerSecond: Double?  // nil until a 429 taught a rate
    public var throttledCalls: Int  // 429s seen
    /// The limit behind ``learnedRatePerSecond`` (calls per window), kept for the next run; nil until learned.
    public var learnedLimit: LearnedRateLimit?

    public init(learnedRatePerSecond: Double? = nil, throttledCalls: Int = 0, learnedLimit: LearnedRateLimit? = nil) {
        self.learnedRatePerSecond = learnedRatePerSecond
        self.throttledCalls = throttledCalls
        self.learnedLimit = learnedLimit
    }

    /// The progress line's words, e.g. `limit 10.0/s learned, 4 × 429`; nil while there is nothing to say.
    public var progressText: String? {
        var parts: [String] = []
        if let rate = learnedRatePerSecond {
            parts.append(String(format: "limit %.1f/s learned", rate))
        }
        if throttledCalls > 0 { parts.append("\(throttledCalls) × 429") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
