import Foundation
public import Hummingbird

/// An error answer in Photoroom's own JSON shapes, which differ between its two hosts.
///
/// - `image-api` (`/v2/edit`, the account endpoints): `{"error":{"message":…}}`, and `{"error":{"detail":…}}` for 402.
/// - `sdk` (`/v1/segment`): the flat `{"detail":…,"status_code":N,"type":…}`.
///
/// Conforms to `HTTPResponseError`, so handlers just throw it.
public struct EmulatorError: HTTPResponseError, CustomStringConvertible {
    /// Which host's error shape to use.
    public enum Style: Sendable {
        /// `image-api.photoroom.com`: nested `error` object.
        case imageAPI
        /// `sdk.photoroom.com`: flat object.
        case sdk
    }

    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The body shape.
    public var style: Style
    /// The human message (`message` or `detail` in the body).
    public var message: String
    /// The `type` of the flat shape (`missing_image`, `unknown_error`, ...); also a stable code for logs.
    public var type: String
    /// Seconds for a `Retry-After` header (429).
    public var retryAfterSeconds: Int?

    /// Creates an error answer.
    public init(
        status: HTTPResponse.Status,
        style: Style,
        message: String,
        type: String,
        retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.style = style
        self.message = message
        self.type = type
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status.code) \(type): \(message)" }

    /// The body bytes, as the matching Photoroom host would send them.
    var bodyJSON: [UInt8] {
        let object: [String: Any]
        switch style {
        case .imageAPI:
            let key = status.code == 402 ? "detail" : "message"
            object = ["error": [key: message]]
        case .sdk:
            object = ["detail": message, "status_code": status.code, "type": type]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = bodyJSON
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(body.count)
        if let retryAfterSeconds {
            headers[.retryAfter] = String(retryAfterSeconds)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPResponse.Status {
    /// 402, which HTTPTypes has no constant for.
    static var emulatorPaymentRequired: Self { .init(code: 402, reasonPhrase: "Payment Required") }
}

extension EmulatorError {
    /// The documented text of a 402 on both hosts.
    static let creditsExhaustedText =
        "API credits exhausted. Visit https://app.photoroom.com/api-dashboard to purchase more API credits"

    /// 400 `apiKey: Required`: the request had no `x-api-key`.
    static func missingKey(_ style: Style) -> Self {
        .init(status: .badRequest, style: style, message: "apiKey: Required", type: "missing_api_key")
    }

    /// 403: the key is not the account's.
    static func forbidden(_ style: Style) -> Self {
        .init(status: .forbidden, style: style, message: "Forbidden: invalid API key", type: "forbidden")
    }

    /// 402: the balance cannot cover the call.
    static func creditsExhausted(_ style: Style) -> Self {
        .init(status: .emulatorPaymentRequired, style: style, message: creditsExhaustedText, type: "unknown_error")
    }

    /// 400 with a validation message.
    static func badRequest(_ style: Style, _ message: String, type: String = "invalid_parameter") -> Self {
        .init(status: .badRequest, style: style, message: message, type: type)
    }

    /// 429 from the rate limit or an injected burst; `retryAfter` nil sends no `Retry-After` (Photoroom documents
    /// none).
    static func rateLimited(_ style: Style, retryAfter: Int?) -> Self {
        .init(
            status: .tooManyRequests,
            style: style,
            message: "Too many requests: rate limit exceeded."
                + (retryAfter.map { " Retry after \($0) seconds." } ?? ""),
            type: "rate_limited",
            retryAfterSeconds: retryAfter
        )
    }

    /// 429 when a sandbox key has used its daily calls.
    static func sandboxQuotaExhausted(_ style: Style, limit: Int, period: String, retryAfter: Int) -> Self {
        .init(
            status: .tooManyRequests,
            style: style,
            message:
                "Sandbox quota exhausted: at most \(limit) sandbox calls a \(period). Retry after \(retryAfter) seconds.",
            type: "sandbox_quota_exceeded",
            retryAfterSeconds: retryAfter
        )
    }

    /// 500 with the documented "unexpected error" text.
    static func unexpected(_ style: Style) -> Self {
        .init(
            status: .internalServerError,
            style: style,
            message: "An unexpected error occurred. Please try again later or contact support.",
            type: "unknown_error"
        )
    }
}
