import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import PhotoroomTestSupport
import Testing

/// `run` against an emulator whose answers stall (a 200, 40 bytes, then nothing for five minutes): `timeouts` in
/// pipeline.json bound every call, so the run ends long before the stalls would, with each stalled item billed
/// and flagged (`result-not-saved`: the 200 was paid for and is never sent again by accident).
@Suite struct StalledAnswerRunTests {
    static let key = "pr_stall_run_key_0123456789"

    /// An input folder with two sample images, an OUT_DIR and a pipeline.json with `timeouts`.
    static func folders(timeouts: String) throws -> (root: URL, input: URL, out: URL, config: URL) {
        let root = try RunCommandTests.temporaryFolder()
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["sneaker-red.jpg", "bottle-blue.jpg"] {
            try FileManager.default.copyItem(
                atPath: samplesFolder + "/" + name, toPath: input.appendingPathComponent(name).path)
        }
        let config = root.appendingPathComponent("pipeline.json")
        try Data("{\"timeouts\": \(timeouts)}".utf8).write(to: config)
        return (root, input, root.appendingPathComponent("out"), config)
    }

    static func emulator(_ faults: FaultConfiguration) -> EmulatorConfiguration {
        EmulatorConfiguration(port: 0, plan: .basic, credits: 100, apiKey: key, faults: faults)
    }

    @Test(arguments: [
        "{\"editSeconds\": 20, \"idleSeconds\": 300}",
        "{\"editSeconds\": 300, \"idleSeconds\": 0.5}",
    ])
    func stalledBodiesEndTheirItemsFlaggedWithoutAHang(timeouts: String) async throws {
        let folders = try Self.folders(timeouts: timeouts)
        defer { try? FileManager.default.removeItem(at: folders.root) }
        var faults = FaultConfiguration()
        faults.stallBodyEvery = 1
        faults.stallMs = 300_000
        try await Emulator.withEmulator(Self.emulator(faults)) { running in
            let environment = ["PHOTOROOM_API_KEY": Self.key, "PHOTOROOM_API_BASE": running.baseURL]
            let result = try await within(.seconds(150)) {
                await runCommand(
                    [
                        "run", folders.input.path, "--out", folders.out.path, "--config", folders.config.path,
                        "--progress", "none",
                    ],
                    environment: environment)
            }
            #expect(result.exitCode == 1, "\(result.standardError)")
            let manifest = try RunCommandTests().manifest(in: folders.out)
            #expect(manifest.items.count == 2)
            for item in manifest.items {
                #expect(item.status == .failed)
                #expect(item.errorCode == "result-not-saved")
                #expect(item.imagesCharged == 5)
                #expect(item.attempts == 1, "a paid 200 is never sent again")
                #expect(item.errorMessage?.contains("did not arrive") == true, "\(item.errorMessage ?? "")")
            }
            let state = await running.state()
            #expect(state.chargedTotal == 10)
            #expect(manifest.totals.imagesCharged == state.chargedTotal)
        }
    }

    @Test func aStalledAccountReadEndsTheRunAtItsBound() async throws {
        let folders = try Self.folders(timeouts: "{\"accountSeconds\": 2}")
        defer { try? FileManager.default.removeItem(at: folders.root) }
        var faults = FaultConfiguration()
        faults.stallAccount = true
        faults.stallMs = 300_000
        try await Emulator.withEmulator(Self.emulator(faults)) { running in
            let environment = ["PHOTOROOM_API_KEY": Self.key, "PHOTOROOM_API_BASE": running.baseURL]
            let result = try await within(.seconds(150)) {
                await runCommand(
                    [
                        "run", folders.input.path, "--out", folders.out.path, "--config", folders.config.path,
                        "--progress", "none",
                    ],
                    environment: environment)
            }
            #expect(result.exitCode == 69, "\(result.standardError)")
            #expect(result.standardError.contains("GET /v2/account"), "\(result.standardError)")
            #expect(await running.state().chargedTotal == 0)
        }
    }
}
