import Foundation

/// A point-in-time copy of the emulator's account and counters, served as `GET /_emulator/state`.
///
/// Amounts are exact decimals and encode as JSON numbers.
public struct EmulatorSnapshot: Sendable, Codable, Equatable {
    /// The account balance, as the account endpoints report it.
    public struct Balance: Sendable, Codable, Equatable {
        /// Images that can still be spent.
        public var available: Decimal
        /// The monthly quota.
        public var subscription: Decimal
    }

    /// The plan name (`basic`, `plus`, ...).
    public var plan: String
    /// The balance now.
    public var balance: Balance
    /// Requests received per endpoint, keyed `"POST /v2/edit"`, `"GET /v2/account"`, ... (unknown routes: `"other"`).
    public var callsPerEndpoint: [String: Int]
    /// `/v2/edit` calls that were charged (or would have been, for sandbox keys).
    public var successfulEdits: Int
    /// `/v1/segment` calls that were charged (or would have been, for sandbox keys).
    public var successfulSegments: Int
    /// Every image charged so far.
    public var chargedTotal: Decimal
    /// The most requests that were being handled at the same time.
    public var peakConcurrentRequests: Int
    /// Requests being handled right now (a `/_emulator/state` request counts itself).
    public var inFlightRequests: Int
    /// Responses with status 429 (rate limit, bursts, sandbox quota).
    public var rateLimitedResponses: Int
    /// Responses with status 500 (injected faults).
    public var serverErrorResponses: Int
    /// Responses with status 402 (balance too low).
    public var paymentRequiredResponses: Int
    /// Connections closed on purpose without a response.
    public var droppedConnections: Int
    /// Calls made with a sandbox key today (UTC).
    public var sandboxCallsToday: Int
    /// Calls made with a sandbox key this calendar month (UTC).
    public var sandboxCallsThisMonth: Int
    /// Total latency injected by the latency fault, in milliseconds.
    public var injectedLatencyMs: Int
}
