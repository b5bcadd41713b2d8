import AsyncHTTPClient
import Foundation
import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator

/// Each fault against a live emulator on an ephemeral port, driven by a real AsyncHTTPClient.
@Suite struct FaultTests {
    static let png: [UInt8] = (try? TestImages.productPNG(width: 64, height: 48)) ?? []

    @Test func serverErrorEveryNthCall() async throws {
        let configuration = testConfiguration(credits: 50, faults: FaultConfiguration(serverErrorEvery: 2))
        try await Emulator.withEmulator(configuration) { emulator in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png)).status)
            }
            #expect(statuses == [200, 500, 200, 500])
            let failure = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(failure.status == 200)
            let snapshot = await emulator.state()
            #expect(snapshot.serverErrorResponses == 2)
            #expect(available(snapshot) == 35)
        }
    }

    @Test func serverErrorBodyIsTheDocumentedOne() async throws {
        let configuration = testConfiguration(faults: FaultConfiguration(serverErrorEvery: 1))
        try await Emulator.withEmulator(configuration) { emulator in
            let response = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(response.status == 500)
            let error = try #require(response.json["error"] as? [String: Any])
            #expect((error["message"] as? String)?.hasPrefix("An unexpected error occurred") == true)
            #expect(await emulator.state().balance.available == 50)
        }
    }

    @Test func rateLimitBurstsCarryRetryAfter() async throws {
        let faults = FaultConfiguration(
            rateLimitBurstEvery: 3, rateLimitBurstLength: 2, rateLimitBurstRetryAfterSeconds: 3)
        try await Emulator.withEmulator(testConfiguration(faults: faults)) { emulator in
            var responses: [LiveResponse] = []
            for _ in 0..<6 {
                responses.append(try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png)))
            }
            // Call 3 starts a burst of two (3, 4); call 6 starts the next.
            #expect(responses.map(\.status) == [200, 200, 429, 429, 200, 429])
            #expect(responses[2].headers["retry-after"] == "3")
            #expect(responses[2].json["error"] != nil)
            #expect(await emulator.state().rateLimitedResponses == 3)
        }
    }

    @Test func dropBeforeBillingLeavesTheBalance() async throws {
        let configuration = testConfiguration(credits: 20, faults: FaultConfiguration(dropBeforeBillingEvery: 1))
        try await Emulator.withEmulator(configuration) { emulator in
            await #expect(throws: (any Error).self) {
                _ = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            }
            let snapshot = await emulator.state()
            #expect(snapshot.droppedConnections == 1)
            #expect(snapshot.balance.available == 20)
            #expect(snapshot.successfulEdits == 0)
        }
    }

    @Test func dropAfterBillingChargesTheCall() async throws {
        let configuration = testConfiguration(credits: 20, faults: FaultConfiguration(dropAfterBillingEvery: 2))
        try await Emulator.withEmulator(configuration) { emulator in
            let first = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(first.status == 200)
            do {
                _ = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
                Issue.record("the second call should have lost its connection")
            } catch let error as HTTPClientError {
                // The client sees a connection error, not a response.
                #expect(error == .remoteConnectionClosed || error == .readTimeout, "\(error)")
            }
            let snapshot = await emulator.state()
            #expect(snapshot.droppedConnections == 1)
            #expect(snapshot.balance.available == 10)
            #expect(snapshot.successfulEdits == 2)
        }
    }

    @Test func addedLatencyDelaysResponses() async throws {
        let configuration = testConfiguration(faults: FaultConfiguration(latencyMs: 150, latencyJitterMs: 50))
        try await Emulator.withEmulator(configuration) { emulator in
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await LiveClient.get(emulator, "/v2/account")
            let elapsed = clock.now - start
            #expect(response.status == 200)
            #expect(elapsed >= .milliseconds(150))
            let injected = await emulator.state().injectedLatencyMs
            #expect((150...200).contains(injected))
        }
    }

    @Test func latencyJitterIsDeterministicForASeed() async {
        let faults = FaultConfiguration(latencyMs: 10, latencyJitterMs: 1000, serverErrorProbability: 0.5)
        var configuration = testConfiguration(faults: faults)
        configuration.seed = 42
        var runs: [[String]] = []
        for _ in 0..<2 {
            let state = EmulatorState(configuration: configuration)
            var run: [String] = []
            for _ in 0..<20 {
                run.append("\(await state.nextLatencyMs())-\(await state.nextImageCallFaults().serverError)")
            }
            runs.append(run)
        }
        #expect(runs[0] == runs[1])
        #expect(Set(runs[0]).count > 10)
        #expect(runs[0].contains { $0.hasSuffix("true") } && runs[0].contains { $0.hasSuffix("false") })
    }

    @Test func slowBodyArrivesInPieces() async throws {
        let faults = FaultConfiguration(slowBodyEvery: 1, slowBodyChunkBytes: 40, slowBodyChunkDelayMs: 10)
        try await Emulator.withEmulator(testConfiguration(faults: faults)) { emulator in
            let response = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(response.status == 200)
            #expect(response.body.count > 120)
            #expect(response.chunks >= response.body.count / 40 / 2)
            #expect(response.chunks > 1)
            let image = try ImageCodec.decode(response.body)
            #expect(image.width == 64)
        }
    }

    @Test func getFetchesLoopbackImageURLs() async throws {
        // One emulator serves the image bytes (its PNG output), the other fetches them by URL.
        try await Emulator.withEmulator(testConfiguration(credits: 50)) { emulator in
            let source = try await ImageHost.serving(Self.png) { url in
                try await LiveClient.get(
                    emulator,
                    "/v2/edit?imageUrl=\(url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                        + "&outputSize=100x100&background.color=FFFFFF")
            }
            #expect(source.status == 200, "\(String(decoding: source.body, as: UTF8.self))")
            let image = try ImageCodec.decode(source.body)
            #expect(image.width == 100 && image.height == 100)
            #expect(await emulator.state().balance.available == 45)
        }
    }

    @Test func requestLogHasOneLinePerRequestAndNoKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-log-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("requests.jsonl").path
        let configuration = testConfiguration(
            faults: FaultConfiguration(dropBeforeBillingEvery: 2), requestLogPath: path)
        try await Emulator.withEmulator(configuration) { emulator in
            _ = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png, fields: [("padding", "0.1")]))
            _ = try await LiveClient.get(emulator, "/v2/account")
            _ = try? await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(!text.contains(testKey))
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["method"] as? String == "POST")
        #expect(first["path"] as? String == "/v2/edit")
        #expect(first["status"] as? Int == 200)
        #expect(first["charged"] as? Int == 5)
        #expect(first["parameters"] as? [String] == ["imageFile", "padding"])
        #expect(first["durationMs"] is Double || first["durationMs"] is Int)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        #expect(last["outcome"] as? String == "dropped")
    }

    @Test func peakConcurrencyIsRecorded() async throws {
        let configuration = testConfiguration(faults: FaultConfiguration(latencyMs: 200))
        try await Emulator.withEmulator(configuration) { emulator in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await LiveClient.get(emulator, "/v1/account").status }
                }
                for try await status in group { #expect(status == 200) }
            }
            let snapshot = await emulator.state()
            #expect(snapshot.peakConcurrentRequests >= 2)
            #expect(snapshot.inFlightRequests == 0)
            #expect(snapshot.callsPerEndpoint["GET /v1/account"] == 3)
        }
    }

    /// The test-only echo fault quotes the request's key in every error answer (so the client's redaction has
    /// something to redact); without it, error answers never hold the key.
    @Test func echoKeyInErrorsQuotesTheKeyInErrorAnswers() async throws {
        var faults = FaultConfiguration(serverErrorEvery: 1)
        faults.echoKeyInErrors = true
        try await Emulator.withEmulator(testConfiguration(faults: faults)) { emulator in
            let failed = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(failed.status == 500)
            let text = String(decoding: failed.body, as: UTF8.self)
            #expect(text.contains(testKey.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect((failed.json["error"] as? [String: Any])?["message"].map { "\($0)" }?.contains(testKey) == true)
        }
        try await Emulator.withEmulator(testConfiguration(faults: FaultConfiguration(serverErrorEvery: 1))) {
            emulator in
            let failed = try await LiveClient.post(emulator, "/v2/edit", .form(image: Self.png))
            #expect(failed.status == 500)
            #expect(!String(decoding: failed.body, as: UTF8.self).contains(testKey))
        }
    }
}
