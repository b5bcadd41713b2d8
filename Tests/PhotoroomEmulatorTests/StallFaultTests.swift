import AsyncHTTPClient
import Foundation
import NIOCore
import PhotoroomTestSupport
import Testing

@testable import PhotoroomEmulator

/// The stall faults: a 200 whose head and first bytes arrive, then nothing, on image calls (with `Content-Length`
/// or chunked) and on `GET /v2/account`. Each stall ends by itself after `stallMs` (the connection is closed, the
/// answer never completes), so no test leaks a hanging server.
@Suite struct StallFaultTests {
    /// What arrived of an answer before its connection closed.
    struct PartialAnswer: Sendable {
        var status: Int
        var contentLength: String?
        var bytes: Int
        var completed: Bool
    }

    /// Sends `request` and reads its answer until it ends or breaks, within the test's deadline.
    static func receive(_ request: HTTPClientRequest) async throws -> PartialAnswer {
        try await within(.seconds(30)) {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            var answer = PartialAnswer(
                status: Int(response.status.code), contentLength: response.headers.first(name: "content-length"),
                bytes: 0, completed: false)
            do {
                for try await chunk in response.body { answer.bytes += chunk.readableBytes }
                answer.completed = true
            } catch {
                answer.completed = false
            }
            return answer
        }
    }

    static func editRequest(_ emulator: RunningEmulator) -> HTTPClientRequest {
        let form = MultipartBody.form(image: FaultTests.png)
        var request = HTTPClientRequest(url: emulator.baseURL + "/v2/edit")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: testKey)
        request.headers.add(name: "content-type", value: form.contentType)
        request.body = .bytes(ByteBuffer(bytes: form.body))
        return request
    }

    @Test(arguments: [false, true])
    func aStalledImageAnswerSendsItsHeadAndFirstBytesThenCloses(chunked: Bool) async throws {
        var faults = FaultConfiguration()
        faults.stallBodyEvery = 2
        faults.stallChunked = chunked
        faults.stallAfterBytes = 40
        faults.stallMs = 300
        try await Emulator.withEmulator(testConfiguration(credits: 50, faults: faults)) { emulator in
            // Positive control: the first call is whole.
            let whole = try await Self.receive(Self.editRequest(emulator))
            #expect(whole.status == 200 && whole.completed && whole.bytes > 40)
            let started = ContinuousClock.now
            let stalled = try await Self.receive(Self.editRequest(emulator))
            #expect(stalled.status == 200)
            #expect(stalled.bytes == 40)
            #expect(!stalled.completed, "the connection closed before the answer was complete")
            #expect((stalled.contentLength == nil) == chunked)
            #expect(ContinuousClock.now - started < .seconds(20), "the stall ended by itself")
            #expect(available(await emulator.state()) == 40, "both calls billed, like the real service's 200s")
        }
    }

    @Test func aStalledAccountAnswerEndsByItself() async throws {
        var faults = FaultConfiguration()
        faults.stallAccount = true
        faults.stallAfterBytes = 10
        faults.stallMs = 300
        try await Emulator.withEmulator(testConfiguration(faults: faults)) { emulator in
            var request = HTTPClientRequest(url: emulator.baseURL + "/v2/account")
            request.headers.add(name: "x-api-key", value: testKey)
            let stalled = try await Self.receive(request)
            #expect(stalled.status == 200)
            #expect(stalled.bytes == 10)
            #expect(!stalled.completed)
            // Positive control: v1 is not stalled.
            let whole = try await LiveClient.get(emulator, "/v1/account")
            #expect(whole.status == 200 && whole.json["credits"] != nil)
        }
    }
}
