/// The emulator's rate limit: at most ``limit`` requests in any ``windowSeconds`` (a sliding window), answered
/// 429 beyond it, with or without a `Retry-After` header.
///
/// Photoroom documents a limit (500 images per minute in older documents, 60 per minute in a later staff reply)
/// and documents no `Retry-After`; both shapes are here so clients can be tested against either.
public struct RateLimitRule: Sendable, Equatable {
    /// Which requests count against the limit.
    public enum Scope: String, Sendable, Equatable, CaseIterable {
        /// Every API request (account and image calls; the `/_emulator` control endpoints never count).
        case allAPICalls = "all"
        /// Image calls only (`/v2/edit` GET and POST, `/v1/segment`): Photoroom words its limit in images per
        /// minute. Account calls are then never limited.
        case imageCalls = "images"
    }

    /// Requests allowed in any window; `0` turns the limit off.
    public var limit: Int
    /// The length of the sliding window, in seconds (any positive length: 60 for "per minute").
    public var windowSeconds: Double
    /// Whether a 429 carries `Retry-After` (the whole seconds until a slot frees, rounded up). Photoroom documents
    /// none, so `false` is the faithful setting; `true` is kinder to clients.
    public var sendsRetryAfter: Bool
    /// Which requests count.
    public var scope: Scope

    /// Creates a rule; the defaults are the documented 500 requests per minute, with `Retry-After`, all calls.
    public init(limit: Int = 500, windowSeconds: Double = 60, sendsRetryAfter: Bool = true, scope: Scope = .allAPICalls)
    {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.sendsRetryAfter = sendsRetryAfter
        self.scope = scope
    }

    /// `limit` requests per sliding minute, with `Retry-After`, all calls counted.
    public static func perMinute(_ limit: Int) -> Self { Self(limit: limit) }

    /// No limit.
    public static let off = Self(limit: 0)

    /// Whether the rule limits anything.
    public var isOn: Bool { limit > 0 }
}
