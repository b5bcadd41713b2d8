import AsyncHTTPClient
import Foundation
import NIOCore

@testable import PhotoroomEmulator

/// What a real HTTP request against a live emulator returned.
struct LiveResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    /// How many body pieces arrived separately.
    var chunks: Int

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
}

/// Sends real requests with AsyncHTTPClient (the transport the project's client uses).
enum LiveClient {
    /// POSTs a multipart form to the emulator.
    static func post(
        _ emulator: RunningEmulator, _ path: String, _ form: MultipartBody, key: String = testKey
    ) async throws -> LiveResponse {
        var request = HTTPClientRequest(url: emulator.baseURL + path)
        request.method = .POST
        request.headers.add(name: "x-api-key", value: key)
        request.headers.add(name: "content-type", value: form.contentType)
        request.body = .bytes(ByteBuffer(bytes: form.body))
        return try await send(request)
    }

    /// GETs a path.
    static func get(_ emulator: RunningEmulator, _ path: String, key: String = testKey) async throws -> LiveResponse {
        var request = HTTPClientRequest(url: emulator.baseURL + path)
        request.headers.add(name: "x-api-key", value: key)
        return try await send(request)
    }

    private static func send(_ request: HTTPClientRequest) async throws -> LiveResponse {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var body: [UInt8] = []
        var chunks = 0
        for try await buffer in response.body {
            chunks += 1
            body.append(contentsOf: buffer.readableBytesView)
        }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return LiveResponse(status: Int(response.status.code), headers: headers, body: body, chunks: chunks)
    }
}
