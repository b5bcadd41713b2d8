import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPricing
import PhotoroomTestSupport
import Testing

/// Every network read is bounded: a 200 whose body stalls (with `Content-Length` or chunked), on `/v2/edit`,
/// `/v1/segment` and `GET /v2/account`, ends at the call's deadline or at the idle bound, whichever comes first.
/// The emulator's stalls last five minutes, so only the client's bounds can end them within the tests' deadlines
/// (generous, for a loaded machine).
@Suite struct StalledAnswerTests {
    static let key = "pr_stall_key_0123456789"

    func emulator(_ faults: FaultConfiguration) -> EmulatorConfiguration {
        EmulatorConfiguration(port: 0, plan: .basic, credits: 50, apiKey: Self.key, faults: faults)
    }

    static func stallingFaults(chunked: Bool = false) -> FaultConfiguration {
        var faults = FaultConfiguration()
        faults.stallBodyEvery = 1
        faults.stallChunked = chunked
        faults.stallMs = 300_000
        return faults
    }

    func client(_ running: RunningEmulator, total: Duration, idle: Duration) -> PhotoroomClient {
        PhotoroomClient(
            configuration: .init(
                baseURL: running.baseURL, apiKey: APIKey(Self.key)!, accountTimeout: total, editTimeout: total,
                segmentTimeout: total, idleReadTimeout: idle))
    }

    func edit(_ client: PhotoroomClient, _ folder: URL) async throws -> EditResponse {
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        return try await client.edit(
            EditRequest(
                inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                destinationPath: folder.appendingPathComponent("o.png").path))
    }

    /// The call's failure (or `nil` when it succeeded) and how long it took, bounded by the test's deadline.
    func outcome(
        _ call: @escaping @Sendable () async throws -> EditResponse
    ) async throws -> (error: PhotoroomAPIError?, took: Duration) {
        let started = ContinuousClock.now
        let error = try await within(.seconds(90)) { () async throws -> PhotoroomAPIError? in
            do {
                _ = try await call()
                return nil
            } catch let error as PhotoroomAPIError {
                return error
            }
        }
        return (error, ContinuousClock.now - started)
    }

    @Test(arguments: [false, true])
    func aStalledEditBodyEndsAtTheIdleBoundBilledAndFlagged(chunked: Bool) async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Emulator.withEmulator(emulator(Self.stallingFaults(chunked: chunked))) { running in
            let client = client(running, total: .seconds(300), idle: .milliseconds(500))
            let (error, took) = try await outcome { try await edit(client, folder) }
            let failure = try #require(error)
            #expect(failure.code == .resultLost, "a 200 was billed: never sent again by accident")
            #expect(failure.mayHaveBeenBilled)
            #expect(failure.message.contains("no data for 0.5 s after 40 bytes of a 200 answer"), "\(failure.message)")
            #expect(took < .seconds(80), "ended by the client's bound, not by the five-minute stall")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o.png").path))
            #expect(await running.state().balance.available == 45, "the emulator billed the stalled call")
        }
    }

    @Test func theEditTimeoutCoversTheWholeAnswer() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Emulator.withEmulator(emulator(Self.stallingFaults())) { running in
            let client = client(running, total: .seconds(15), idle: .seconds(120))
            let (error, took) = try await outcome { try await edit(client, folder) }
            let failure = try #require(error)
            #expect(failure.code == .resultLost)
            #expect(failure.message.contains("took longer than 15 s after 40 bytes"), "\(failure.message)")
            #expect(took < .seconds(80), "ended by the client's bound, not by the five-minute stall")
        }
    }

    @Test func aStalledSegmentBodyEndsToo() async throws {
        let (folder, input) = try SegmentClientTests.folderWithProduct()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Emulator.withEmulator(emulator(Self.stallingFaults(chunked: true))) { running in
            let client = client(running, total: .seconds(300), idle: .milliseconds(500))
            let (error, _) = try await outcome {
                try await client.segment(
                    SegmentRequest(
                        inputPath: input, fileName: "p.png", contentType: "image/png",
                        destinationPath: folder.appendingPathComponent("cut.png").path))
            }
            #expect(error?.code == .resultLost)
            #expect(error?.message.contains("/v1/segment answered 200") == true)
        }
    }

    @Test(arguments: [(Duration.seconds(2), Duration.seconds(120)), (.seconds(120), .milliseconds(500))])
    func aStalledAccountReadEndsAtItsBound(total: Duration, idle: Duration) async throws {
        var faults = FaultConfiguration()
        faults.stallAccount = true
        faults.stallMs = 300_000
        try await Emulator.withEmulator(emulator(faults)) { running in
            let client = client(running, total: total, idle: idle)
            let started = ContinuousClock.now
            let error = try await within(.seconds(90)) { () async throws -> PhotoroomAPIError? in
                do {
                    _ = try await client.account()
                    return nil
                } catch let error as PhotoroomAPIError {
                    return error
                }
            }
            #expect(error?.code == .timeout, "an account read bills nothing")
            #expect(error?.message.contains("GET /v2/account") == true, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(80))
        }
    }

    /// Positive control: the bounds let a whole answer through, also one that trickles in pieces (each piece restarts
    /// the idle bound), and an account read. The idle bound is 10 s against pieces 150 ms apart: a loaded 2-core
    /// machine once held the debug emulator's pool for over 5 s between two pieces.
    @Test func answersThatKeepComingAreNotCut() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trickle = FaultConfiguration(slowBodyEvery: 2, slowBodyChunkBytes: 32, slowBodyChunkDelayMs: 150)
        try await Emulator.withEmulator(emulator(trickle)) { running in
            let client = client(running, total: .seconds(80), idle: .seconds(10))
            let whole = try await outcome { try await edit(client, folder) }
            #expect(whole.error == nil)
            try FileManager.default.removeItem(at: folder.appendingPathComponent("o.png"))
            let trickled = try await outcome { try await edit(client, folder) }
            #expect(trickled.error == nil, "\(String(describing: trickled.error))")
            #expect(try await within(.seconds(90)) { try await client.account().available } == 40)
        }
    }
}
