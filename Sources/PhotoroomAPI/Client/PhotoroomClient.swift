import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of Photoroom's image API (`/v2/account`, `/v1/account`, `/v2/edit`, and `/v1/segment` on its own host)
/// over AsyncHTTPClient.
///
/// It holds no connection of its own: pass the process's client (`HTTPClient.shared`, or one made with
/// `HTTPClient.withHTTPClient`), so connections are pooled and shut down by their owner.
///
/// Every failure is a ``PhotoroomAPIError`` with a code; nothing here retries (the batch runner decides that).
public struct PhotoroomClient: Sendable {
    /// Where to send calls and how long to wait.
    public struct Configuration: Sendable {
        /// The production API (`/v2/edit`, the account endpoints).
        public static let productionBaseURL = "https://image-api.photoroom.com"
        /// The production host of the Remove Background API (`/v1/segment`), per the OpenAPI document's servers.
        public static let productionSegmentBaseURL = "https://sdk.photoroom.com"

        /// The API's base URL, without a trailing slash (`https://image-api.photoroom.com`, or the emulator's).
        public var baseURL: String
        /// The base URL of `/v1/segment`, without a trailing slash (`https://sdk.photoroom.com`, or the emulator's).
        public var segmentBaseURL: String
        /// The key sent in `x-api-key`.
        public var apiKey: APIKey
        /// Time allowed for an account call, from start to the full answer.
        public var accountTimeout: Duration
        /// Time allowed for one edit call, from start to the last byte of the result (Photoroom's own demo uses 180 s).
        public var editTimeout: Duration
        /// Time allowed for one segment call (Photoroom's own demo uses 90 s).
        public var segmentTimeout: Duration
        /// The `User-Agent` sent with every call.
        public var userAgent: String

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - baseURL: the image API's base; an override (`--api-base`, `PHOTOROOM_API_BASE`) points both hosts at
        ///     one server (the emulator serves both) unless `segmentBaseURL` is given too.
        ///   - segmentBaseURL: the `/v1/segment` base; by default `sdk.photoroom.com` with the production
        ///     `baseURL`, and `baseURL` itself otherwise.
        public init(
            baseURL: String = Self.productionBaseURL,
            segmentBaseURL: String? = nil,
            apiKey: APIKey,
            accountTimeout: Duration = .seconds(30),
            editTimeout: Duration = .seconds(180),
            segmentTimeout: Duration = .seconds(90),
            userAgent: String = "photoroom-batch"
        ) {
            func trimmed(_ url: String) -> String {
                var base = url.trimmingCharacters(in: .whitespacesAndNewlines)
                while base.hasSuffix("/") { base.removeLast() }
                return base
            }
            let base = trimmed(baseURL)
            self.baseURL = base
            self.segmentBaseURL =
                segmentBaseURL.map(trimmed) ?? (base == Self.productionBaseURL ? Self.productionSegmentBaseURL : base)
            self.apiKey = apiKey
            self.accountTimeout = accountTimeout
            self.editTimeout = editTimeout
            self.segmentTimeout = segmentTimeout
            self.userAgent = userAgent
        }
    }

    /// The settings this client was made with.
    public let configuration: Configuration
    let httpClient: HTTPClient

    /// Creates a client that sends its calls through `httpClient`.
    public init(configuration: Configuration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// Headers every call carries.
    func baseHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "x-api-key", value: configuration.apiKey.rawValue)
        headers.add(name: "User-Agent", value: configuration.userAgent)
        return headers
    }

    /// The full URL of `path` (which starts with `/`) on the image API's host.
    func url(_ path: String) throws(PhotoroomAPIError) -> String {
        try url(path, base: configuration.baseURL)
    }

    /// The full URL of `path` (which starts with `/`) on `base`.
    func url(_ path: String, base: String) throws(PhotoroomAPIError) -> String {
        guard let components = URLComponents(string: base), components.scheme != nil, components.host != nil else {
            throw PhotoroomAPIError(
                code: .invalidConfiguration,
                message: "the API base URL \"\(base)\" is not an http(s) URL"
            )
        }
        return base + path
    }
}

extension Duration {
    /// This duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Parses `Retry-After` as delta-seconds (the only form rate limiters send in practice) or an HTTP date.
func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
    guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
    if let seconds = Double(value), seconds >= 0 {
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: value) else { return nil }
    let delta = max(0, date.timeIntervalSince(now))
    return .milliseconds(Int64((delta * 1000).rounded()))
}
