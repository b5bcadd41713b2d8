import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPricing
import Testing

/// The real client against the built-in emulator on an ephemeral port.
@Suite struct PhotoroomClientTests {
    static let key = "pr_test_key_0123456789"

    func client(_ running: RunningEmulator, key: String = Self.key) -> PhotoroomClient {
        PhotoroomClient(configuration: .init(baseURL: running.baseURL, apiKey: APIKey(key)!, editTimeout: .seconds(20)))
    }

    func emulator(plan: Plan = .basic, credits: Decimal = 50, faults: FaultConfiguration = .init())
        -> EmulatorConfiguration
    {
        EmulatorConfiguration(port: 0, plan: plan, credits: credits, apiKey: Self.key, faults: faults)
    }

    /// A small product-like JPEG: a dark square on white.
    static func productJPEG(in folder: URL) throws -> URL {
        var image = RGBAImage(width: 64, height: 64, fill: (255, 255, 255, 255))
        for y in 16..<48 {
            for x in 16..<48 {
                let offset = (y * 64 + x) * 4
                image.pixels[offset] = 30
                image.pixels[offset + 1] = 60
                image.pixels[offset + 2] = 200
            }
        }
        let url = folder.appendingPathComponent("product.jpg")
        try Data(try ImageCodec.encodeJPEG(image, quality: 90)).write(to: url)
        return url
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prb-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: [Plan.basic, Plan.plus])
    func readsTheAccount(plan: Plan) async throws {
        try await Emulator.withEmulator(emulator(plan: plan, credits: 83)) { running in
            let details = try await client(running).account()
            #expect(details.plan == plan)
            #expect(details.available == 83)
            #expect(details.source == .v2)
        }
    }

    @Test func wrongKeyIsForbidden() async throws {
        try await Emulator.withEmulator(emulator()) { running in
            await #expect(throws: PhotoroomAPIError.self) {
                try await client(running, key: "wrong-key-000000").account()
            }
            do {
                _ = try await client(running, key: "wrong-key-000000").account()
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .forbidden)
                #expect(error.isAuthenticationFailure)
                #expect(!error.message.contains("wrong-key-000000"))
            }
        }
    }

    @Test func unreachableServerIsANetworkFailureNothingBilled() async throws {
        // Port 9 (discard) on loopback: nothing listens there on these machines.
        let client = PhotoroomClient(
            configuration: .init(baseURL: "http://127.0.0.1:9", apiKey: APIKey(Self.key)!, accountTimeout: .seconds(2)))
        do {
            _ = try await client.account()
            Issue.record("expected a network failure")
        } catch {
            #expect(error.code == .network || error.code == .timeout)
            #expect(!error.mayHaveBeenBilled)
            #expect(error.isRetryable)
        }
    }

    @Test func editStreamsTheResultToDiskAndBills() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.productJPEG(in: folder)
        let output = folder.appendingPathComponent("out.png").path
        try await Emulator.withEmulator(emulator(credits: 12)) { running in
            let response = try await client(running).edit(
                EditRequest(
                    inputPath: input.path,
                    fileName: "product.jpg",
                    contentType: "image/jpeg",
                    parameters: [("outputSize", "100x80")],
                    destinationPath: output
                )
            )
            #expect(response.status == 200)
            #expect(response.contentType == "image/png")
            #expect(response.uncertaintyScore != nil)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(Int64(bytes.count) == response.bytesWritten)
            let decoded = try ImageCodec.decode(bytes)
            #expect(decoded.width == 100 && decoded.height == 80)
            let state = await running.state()
            #expect(state.balance.available == 7)
        }
    }

    @Test func paymentRequiredLeavesNoFile() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.productJPEG(in: folder)
        let output = folder.appendingPathComponent("out.png").path
        try await Emulator.withEmulator(emulator(credits: 4)) { running in
            do {
                _ = try await client(running).edit(
                    EditRequest(
                        inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                        destinationPath: output)
                )
                Issue.record("expected 402")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .paymentRequired)
                #expect(error.httpStatus == 402)
                #expect(error.message.contains("credits exhausted"))
            }
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func badParameterIsA400WithTheAPIMessage() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.productJPEG(in: folder)
        try await Emulator.withEmulator(emulator()) { running in
            do {
                _ = try await client(running).edit(
                    EditRequest(
                        inputPath: input.path,
                        fileName: "p.jpg",
                        contentType: "image/jpeg",
                        parameters: [("removeBackground", "maybe")],
                        destinationPath: folder.appendingPathComponent("o.png").path
                    )
                )
                Issue.record("expected 400")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .badRequest)
                #expect(error.message.contains("removeBackground"))
                #expect(!error.isRetryable)
            }
            #expect(await running.state().balance.available == 50)
        }
    }

    @Test func dropAfterBillingIsAnUnknownOutcome() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.productJPEG(in: folder)
        var faults = FaultConfiguration()
        faults.dropAfterBillingEvery = 1
        try await Emulator.withEmulator(emulator(faults: faults)) { running in
            do {
                _ = try await client(running).edit(
                    EditRequest(
                        inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                        destinationPath: folder.appendingPathComponent("o.png").path
                    )
                )
                Issue.record("expected a dropped connection")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .outcomeUnknown)
                #expect(error.mayHaveBeenBilled)
            }
            #expect(await running.state().balance.available == 45)
        }
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.productJPEG(in: folder)
        var faults = FaultConfiguration()
        faults.rateLimitBurstEvery = 1
        faults.rateLimitBurstLength = 1
        faults.rateLimitBurstRetryAfterSeconds = 2
        try await Emulator.withEmulator(emulator(faults: faults)) { running in
            do {
                _ = try await client(running).edit(
                    EditRequest(
                        inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                        destinationPath: folder.appendingPathComponent("o.png").path
                    )
                )
                Issue.record("expected 429")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .rateLimited)
                #expect(error.retryAfter == .seconds(2))
                #expect(error.isRetryable)
            }
        }
    }
}
