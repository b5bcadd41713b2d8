import Foundation
public import PhotoroomPricing

/// Everything that shapes one emulator instance: where it listens, the account it pretends to be,
/// its limits, and the faults it injects.
///
/// Every setting has a default, so `EmulatorConfiguration()` is a working Basic-plan emulator on port 8080
/// with 50 images and no faults. Tests usually start from `EmulatorConfiguration(port: 0)` (an ephemeral port).
public struct EmulatorConfiguration: Sendable {
    /// The address to bind. Keep it on loopback: the emulator is a test double, not a public service.
    public var host: String
    /// The TCP port; `0` asks the system for a free one (see ``RunningEmulator/port``).
    public var port: Int
    /// The plan the account is on; it decides what each call costs (Basic: edit 5, segment 1; Plus: edit 1, segment 0.2).
    public var plan: Plan
    /// The costs per plan (the documented Basic and Plus, plus any custom plans).
    public var pricing: PricingModel
    /// The balance at start, in images (fractions allowed: 0.2 exists on Plus).
    public var credits: Decimal
    /// The monthly quota reported as `subscription`; `nil` means the same as ``credits``.
    public var subscription: Decimal?
    /// The one API key accepted. `nil` accepts any non-empty key. `sandbox_` + the key is the sandbox key.
    public var apiKey: String?
    /// The rate limit: a sliding window of any length, with or without `Retry-After` (see ``RateLimitRule``).
    /// The default is the documented 500 requests per minute, all API endpoints together, sandbox calls included.
    public var rateLimit: RateLimitRule
    /// Requests allowed per sliding minute; setting it makes ``rateLimit`` that many per minute with
    /// `Retry-After`; `0` turns the limit off.
    public var rateLimitPerMinute: Int {
        get { Int((Double(rateLimit.limit) * 60 / rateLimit.windowSeconds).rounded()) }
        set { rateLimit = .perMinute(newValue) }
    }
    /// Calls a sandbox key may make per UTC day before it gets 429 (the documented 100).
    public var sandboxCallsPerDay: Int
    /// Calls a sandbox key may make per UTC calendar month before it gets 429 (the documented 1,000).
    public var sandboxCallsPerMonth: Int = PricingModel.sandboxCallsPerMonth
    /// The faults to inject (none by default).
    public var faults: FaultConfiguration
    /// Seed of the random generator behind probabilistic faults and latency jitter: the same seed and the same
    /// sequence of requests give the same faults.
    public var seed: UInt64
    /// When set, one JSON object per request is appended to this file (method, path, status, charged, duration,
    /// parameter names; never the API key).
    public var requestLogPath: String?
    /// The largest request body accepted, in bytes (Photoroom documents 30 MB for `/v2/edit`, 50 MB for segment).
    public var maxUploadBytes: Int
    /// The largest decoded image accepted, in pixels (6000 × 6000, the documented segment maximum).
    public var maxInputPixels: Int

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        plan: Plan = .basic,
        pricing: PricingModel = PricingModel(),
        credits: Decimal = 50,
        subscription: Decimal? = nil,
        apiKey: String? = nil,
        rateLimitPerMinute: Int = 500,
        sandboxCallsPerDay: Int = PricingModel.sandboxCallsPerDay,
        faults: FaultConfiguration = FaultConfiguration(),
        seed: UInt64 = 0,
        requestLogPath: String? = nil,
        maxUploadBytes: Int = 50 * 1024 * 1024,
        maxInputPixels: Int = 36_000_000
    ) {
        self.host = host
        self.port = port
        self.plan = plan
        self.pricing = pricing
        self.credits = credits
        self.subscription = subscription
        self.apiKey = apiKey
        self.rateLimit = .perMinute(rateLimitPerMinute)
        self.sandboxCallsPerDay = sandboxCallsPerDay
        self.faults = faults
        self.seed = seed
        self.requestLogPath = requestLogPath
        self.maxUploadBytes = maxUploadBytes
        self.maxInputPixels = maxInputPixels
    }
}

/// Faults the emulator injects on purpose, so clients can be tested against a misbehaving service.
///
/// "Every Nth" counters count image calls (`/v2/edit` GET and POST, and `/v1/segment`) from 1, each fault
/// on its own counter; a value of `0` turns that fault off. When several faults hit the same call, the first
/// in this order wins: 429 burst, drop before billing, 500, drop after billing, stalled body. Latency and the slow
/// body combine with the others.
public struct FaultConfiguration: Sendable, Equatable {
    /// Delay added before every API response, in milliseconds.
    public var latencyMs: Int
    /// Extra random delay, uniformly 0...jitter milliseconds, drawn from the seeded generator.
    public var latencyJitterMs: Int
    /// Answer every Nth image call with 500 (the documented "unexpected error" body); nothing is charged.
    public var serverErrorEvery: Int
    /// Answer each image call with 500 with this probability (0...1), drawn from the seeded generator.
    public var serverErrorProbability: Double
    /// Every Nth image call starts a burst of ``rateLimitBurstLength`` 429 responses (that call included).
    public var rateLimitBurstEvery: Int
    /// How many consecutive image calls a burst answers with 429.
    public var rateLimitBurstLength: Int
    /// The `Retry-After` seconds sent with burst 429s.
    public var rateLimitBurstRetryAfterSeconds: Int
    /// Close the connection without a response on every Nth image call, before anything is charged.
    public var dropBeforeBillingEvery: Int
    /// Close the connection without a response on every Nth image call, after the call was charged:
    /// the client sees a network error but has paid (the case that makes naive retries pay twice).
    public var dropAfterBillingEvery: Int
    /// Send every Nth successful image response slowly: in ``slowBodyChunkBytes`` pieces with
    /// ``slowBodyChunkDelayMs`` between them.
    public var slowBodyEvery: Int
    /// The size of each slow-body piece, in bytes.
    public var slowBodyChunkBytes: Int
    /// The pause between slow-body pieces, in milliseconds.
    public var slowBodyChunkDelayMs: Int
    /// Test-only: answer every Nth image call that is billed with a damaged result (see ``damagedResultKind``),
    /// so a client's check of results can be tested. The call is charged like any other.
    public var damagedResultEvery: Int = 0
    /// How ``damagedResultEvery`` damages the result.
    public var damagedResultKind: DamagedResult = .truncated
    /// Answer every Nth billed image call with a 200 whose body stalls: the head, ``stallAfterBytes`` bytes of the
    /// result, then nothing (the call is charged, like the real service once it answered 200).
    public var stallBodyEvery: Int = 0
    /// Answer `GET /v2/account` with a 200 whose body stalls the same way.
    public var stallAccount: Bool = false
    /// The bytes of the body sent before a stall (at most all but one, so the answer is never complete).
    public var stallAfterBytes: Int = 40
    /// Send stalled answers without `Content-Length` (chunked transfer encoding).
    public var stallChunked: Bool = false
    /// Test-only: every error answer quotes the request's `x-api-key` in its message (as it is, percent-encoded and
    /// Swift-escaped), as a careless service or proxy might, so a client's redaction can be tested.
    public var echoKeyInErrors: Bool = false
    /// How long a stall lasts at most, in milliseconds: then the emulator closes the connection. It ends sooner
    /// when the client leaves, so a stall never outlives its test.
    public var stallMs: Int = 30_000

    /// The ways a damaged result can be wrong.
    public enum DamagedResult: String, Sendable, Equatable, CaseIterable {
        /// The first half of the bytes: the signature is right, the image does not decode.
        case truncated
        /// A well-formed image of half the width and height (at least 1 × 1).
        case wrongSize = "wrong-size"
        /// The same image in the other format (JPEG for PNG, PNG for JPEG).
        case wrongFormat = "wrong-format"
    }

    /// Creates a fault set; the defaults inject nothing.
    public init(
        latencyMs: Int = 0,
        latencyJitterMs: Int = 0,
        serverErrorEvery: Int = 0,
        serverErrorProbability: Double = 0,
        rateLimitBurstEvery: Int = 0,
        rateLimitBurstLength: Int = 3,
        rateLimitBurstRetryAfterSeconds: Int = 1,
        dropBeforeBillingEvery: Int = 0,
        dropAfterBillingEvery: Int = 0,
        slowBodyEvery: Int = 0,
        slowBodyChunkBytes: Int = 1024,
        slowBodyChunkDelayMs: Int = 50
    ) {
        self.latencyMs = latencyMs
        self.latencyJitterMs = latencyJitterMs
        self.serverErrorEvery = serverErrorEvery
        self.serverErrorProbability = serverErrorProbability
        self.rateLimitBurstEvery = rateLimitBurstEvery
        self.rateLimitBurstLength = rateLimitBurstLength
        self.rateLimitBurstRetryAfterSeconds = rateLimitBurstRetryAfterSeconds
        self.dropBeforeBillingEvery = dropBeforeBillingEvery
        self.dropAfterBillingEvery = dropAfterBillingEvery
        self.slowBodyEvery = slowBodyEvery
        self.slowBodyChunkBytes = slowBodyChunkBytes
        self.slowBodyChunkDelayMs = slowBodyChunkDelayMs
    }

    /// Whether any fault is switched on.
    public var isEmpty: Bool { self == FaultConfiguration() }
}
