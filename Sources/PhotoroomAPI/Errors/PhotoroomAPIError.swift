/// A failed call to Photoroom's API (or to the emulator standing in for it).
///
/// Failed calls are free, except where ``mayHaveBeenBilled`` says the outcome is unknown: the upload was complete
/// when the connection dropped or the time ran out, so the service may have done (and billed) the work.
public struct PhotoroomAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable across versions, used for exit codes and retries.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Storage: String, Sendable {
            case badRequest = "bad-request"
            case unauthorized
            case forbidden
            case paymentRequired = "payment-required"
            case notFound = "not-found"
            case rateLimited = "rate-limited"
            case serverError = "server-error"
            case unexpectedStatus = "unexpected-status"
            case network
            case timeout
            case outcomeUnknown = "outcome-unknown"
            case resultLost = "result-lost"
            case invalidResponse = "invalid-response"
            case localFile = "local-file"
            case invalidConfiguration = "invalid-configuration"
        }
        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// 400: the request was refused (bad parameter, unreadable image); retrying will not help.
        public static let badRequest = Code(.badRequest)
        /// 401: no valid key.
        public static let unauthorized = Code(.unauthorized)
        /// 403: the key is wrong or not allowed.
        public static let forbidden = Code(.forbidden)
        /// 402: the balance cannot pay for the call.
        public static let paymentRequired = Code(.paymentRequired)
        /// 404: the endpoint does not exist on this server.
        public static let notFound = Code(.notFound)
        /// 429: too many requests; see ``PhotoroomAPIError/retryAfter``.
        public static let rateLimited = Code(.rateLimited)
        /// 5xx: the service failed; retrying is safe (failed calls are free).
        public static let serverError = Code(.serverError)
        /// Another status this client does not expect.
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// The connection could not be made or broke before the upload was complete: nothing was billed.
        public static let network = Code(.network)
        /// The time ran out before the upload was complete: nothing was billed.
        public static let timeout = Code(.timeout)
        /// The connection broke or the time ran out after the upload was complete: the call may have been billed.
        public static let outcomeUnknown = Code(.outcomeUnknown)
        /// The service answered 200 but the result could not be received or stored: the call was billed.
        public static let resultLost = Code(.resultLost)
        /// The answer could not be understood.
        public static let invalidResponse = Code(.invalidResponse)
        /// The input file could not be read, or the result could not be written.
        public static let localFile = Code(.localFile)
        /// The client's own settings are wrong (for example a malformed base URL).
        public static let invalidConfiguration = Code(.invalidConfiguration)

        public var description: String { storage.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human explanation (the API's own message where it sent one).
    public var message: String
    /// The HTTP status, when the service answered.
    public var httpStatus: Int?
    /// How long the service asked to wait (`Retry-After`), when it said.
    public var retryAfter: Duration?

    public init(code: Code, message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    /// Whether the service may have done and billed the work although no result arrived.
    public var mayHaveBeenBilled: Bool { code == .outcomeUnknown || code == .resultLost }

    /// Whether retrying the same call is safe and may succeed (429, 5xx, network failures before the upload ended).
    public var isRetryable: Bool {
        code == .rateLimited || code == .serverError || code == .network || code == .timeout
    }

    /// Whether the key itself is refused: retrying any call is pointless.
    public var isAuthenticationFailure: Bool { code == .unauthorized || code == .forbidden }

    public var description: String {
        if let httpStatus { return "HTTP \(httpStatus): \(message)" }
        return message
    }

    /// Maps an HTTP error status and its body to an error.
    static func from(status: Int, body: [UInt8], retryAfter: Duration?) -> PhotoroomAPIError {
        let apiMessage = APIErrorBody.message(from: body)
        let code: Code
        let fallback: String
        switch status {
        case 400: (code, fallback) = (.badRequest, "the request was refused")
        case 401: (code, fallback) = (.unauthorized, "the API key was not accepted")
        case 402: (code, fallback) = (.paymentRequired, "the balance cannot pay for this call (402)")
        case 403: (code, fallback) = (.forbidden, "the API key was refused (403): check PHOTOROOM_API_KEY")
        case 404: (code, fallback) = (.notFound, "no such endpoint (404)")
        case 429: (code, fallback) = (.rateLimited, "rate limited (429)")
        case 500...599: (code, fallback) = (.serverError, "the service failed (\(status))")
        default: (code, fallback) = (.unexpectedStatus, "unexpected HTTP status \(status)")
        }
        return PhotoroomAPIError(
            code: code, message: apiMessage ?? fallback, httpStatus: status, retryAfter: retryAfter)
    }
}
