import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A client of Photoroom's image API (`/v2/account`, `/v1/account`, `/v2/edit`, and `/v1/segment` on its own host)
/// over AsyncHTTPClient.
///
/// It holds no connection of its own: pass the process's client (one made with `HTTPClient.withHTTPClient` and
/// ``redirectSafe(_:)``), so connections are pooled and shut down by their owner. The default,
/// ``sharedHTTPClient``, is a process-wide client like `HTTPClient.shared` that does not follow redirects.
///
/// The key never leaves for another host: redirects are not followed (a 3xx answer is an error naming the
/// target), and `http://` is refused for anything but a loopback host (the emulator).
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
        /// Time allowed for an account call, from start to the last byte of the answer.
        public var accountTimeout: Duration
        /// Time allowed for one edit call, from start to the last byte of the result (Photoroom's own demo uses 180 s).
        public var editTimeout: Duration
        /// Time allowed for one segment call (Photoroom's own demo uses 90 s).
        public var segmentTimeout: Duration
        /// The longest silence allowed in an answer once its head arrived (a body that stalls); the wait for the
        /// head itself (the service at work) is bounded by the call's own timeout only.
        public var idleReadTimeout: Duration
        /// The `User-Agent` sent with every call.
        public var userAgent: String
        /// The largest image answer received whole in memory and written with one blocking write (default 16 MiB);
        /// a larger one, or one without `Content-Length`, is streamed to disk chunk by chunk.
        public var inMemoryAnswerLimit: Int = 16 << 20

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
            idleReadTimeout: Duration = .seconds(30),
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
            self.idleReadTimeout = idleReadTimeout
            self.userAgent = userAgent
        }
    }

    /// The settings this client was made with.
    public let configuration: Configuration
    let httpClient: HTTPClient

    /// Creates a client that sends its calls through `httpClient`.
    ///
    /// - Parameter httpClient: a client whose configuration went through ``redirectSafe(_:)``: AsyncHTTPClient
    ///   would otherwise follow a redirect to any host with the `x-api-key` header.
    public init(configuration: Configuration, httpClient: HTTPClient = Self.sharedHTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// `configuration` with redirects turned off, so that `x-api-key` is never sent to a host it was not meant for.
    public static func redirectSafe(_ configuration: HTTPClient.Configuration) -> HTTPClient.Configuration {
        var configuration = configuration
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// A process-wide client that follows no redirects (like `HTTPClient.shared`, it is never shut down).
    public static let sharedHTTPClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: redirectSafe(HTTPClient.Configuration())
    )

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
        if let problem = Self.baseURLProblem(base) {
            throw PhotoroomAPIError(code: .invalidConfiguration, message: problem)
        }
        return base + path
    }

    /// Why `baseURL` cannot be used, or `nil` when it can: it must be `https://`, or `http://` to a loopback host
    /// (`127.0.0.1`, `localhost`, `[::1]`: the emulator), since the key travels in a header.
    public static func baseURLProblem(_ baseURL: String) -> String? {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return "the API base URL \"\(baseURL)\" is not an http(s) URL"
        }
        switch scheme {
        case "https":
            return nil
        case "http":
            if isLoopback(host) { return nil }
            return "the API base URL \"\(baseURL)\" uses http:// to \(host): the API key would travel unencrypted; "
                + "use https:// (http:// is only allowed to a loopback host such as 127.0.0.1, for the emulator)"
        default:
            return "the API base URL \"\(baseURL)\" is not an http(s) URL"
        }
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The error for a 3xx answer: redirects are never followed (the key must not reach another host).
    static func redirectError(_ response: HTTPClientResponse, path: String) -> PhotoroomAPIError {
        redirectError(status: Int(response.status.code), response.headers, path: path)
    }

    /// The error for a 3xx answer of `status` with `headers`.
    static func redirectError(status: Int, _ headers: HTTPHeaders, path: String) -> PhotoroomAPIError {
        let target = headers.first(name: "location").map { " to \($0)" } ?? ""
        return PhotoroomAPIError(
            code: .unexpectedStatus,
            message: "\(path) answered \(status) with a redirect\(target); photoroom-batch does not follow redirects, "
                + "so the API key is never sent to another host: check --api-base",
            httpStatus: status
        )
    }
}

extension Duration {
    /// This duration as NIO's `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
