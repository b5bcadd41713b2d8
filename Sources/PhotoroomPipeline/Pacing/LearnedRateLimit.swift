/// What the pacer has learned about the server's limit: at most ``limit`` calls in any ``windowSeconds``.
///
/// Kept in OUT_DIR's state (see ``PacingMemory``) so the next run or watch starts from it.
public struct LearnedRateLimit: Codable, Sendable, Equatable {
    /// Calls accepted in one window.
    public var limit: Int
    /// The window's length, in seconds.
    public var windowSeconds: Double

    /// Creates a learned limit of `limit` calls in any `windowSeconds`.
    public init(limit: Int, windowSeconds: Double) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// The average rate it allows, in calls per second.
    public var ratePerSecond: Double { Double(limit) / windowSeconds }

    /// Whether the values can drive a pacer (a stored file may have been edited by hand).
    public var isUsable: Bool {
        limit > 0 && windowSeconds.isFinite && windowSeconds > 0 && windowSeconds <= 86_400
    }
}
