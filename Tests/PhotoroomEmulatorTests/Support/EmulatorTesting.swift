import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging

@testable import PhotoroomEmulator

/// The key the tests configure.
let testKey = "test-key"

/// A configuration with the test key, no rate limit unless asked, and everything else default.
func testConfiguration(
    plan: String = "basic",
    credits: Decimal = 50,
    rateLimit: Int = 0,
    faults: FaultConfiguration = FaultConfiguration(),
    requestLogPath: String? = nil
) -> EmulatorConfiguration {
    EmulatorConfiguration(
        port: 0,
        plan: .init(plan),
        credits: credits,
        apiKey: testKey,
        rateLimitPerMinute: rateLimit,
        faults: faults,
        requestLogPath: requestLogPath
    )
}

/// Runs `body` against the emulator's router in memory, with access to its state.
func withRouterClient<T: Sendable>(
    _ configuration: EmulatorConfiguration,
    _ body: @Sendable (any TestClientProtocol, EmulatorState) async throws -> T
) async throws -> T {
    let state = EmulatorState(configuration: configuration)
    let app = try Emulator.buildApplication(configuration, state: state)
    return try await app.test(.router) { client in try await body(client, state) }
}

/// Header fields with the API key (and more).
func headers(key: String? = testKey, _ extra: [String: String] = [:]) -> HTTPFields {
    var fields = HTTPFields()
    if let key { fields[.init("x-api-key")!] = key }
    for (name, value) in extra { fields[.init(name)!] = value }
    return fields
}

extension TestClientProtocol {
    /// POSTs a multipart form.
    func postForm(_ uri: String, _ form: MultipartBody, key: String? = testKey, extra: [String: String] = [:])
        async throws -> TestResponse
    {
        var fields = headers(key: key, extra)
        fields[.contentType] = form.contentType
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(bytes: form.body))
    }

    /// GETs with the key.
    func get(_ uri: String, key: String? = testKey) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers(key: key))
    }
}

extension TestResponse {
    /// The body bytes.
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// A header by name.
    func header(_ name: String) -> String? { headers[.init(name)!] }

    /// The body decoded as an image.
    func image() throws -> RGBAImage { try ImageCodec.decode(bytes) }

    /// `error.message` of the image-api shape.
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

/// `available` as a Double, for comparisons.
func available(_ snapshot: EmulatorSnapshot) -> Double {
    NSDecimalNumber(decimal: snapshot.balance.available).doubleValue
}
