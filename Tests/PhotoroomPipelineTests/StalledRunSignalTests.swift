import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One SIGINT ends a run whose calls all stall mid-answer (a 200, 40 bytes, then nothing for five minutes) within
/// `timeouts.editSeconds`: no call is left hanging, the manifest is written, exit 130.
@Suite struct StalledRunSignalTests {
    typealias Support = RunEmulatorSupport

    @Test(
        .enabled(if: RunKillTests.binaryExists, "needs the photoroom-batch binary beside the tests or in .build/debug"),
        .timeLimit(.minutes(4))
    )
    func oneSigintEndsARunOfStalledCallsWithinTheEditTimeout() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            let logs = input.deletingLastPathComponent().appendingPathComponent("logs")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            let config = logs.appendingPathComponent("pipeline.json")
            try Data(#"{"timeouts": {"editSeconds": 30, "idleSeconds": 600}}"#.utf8).write(to: config)
            var faults = FaultConfiguration()
            faults.stallBodyEvery = 1
            faults.stallMs = 300_000
            try await Emulator.withEmulator(Support.emulator(credits: 1000, faults: faults)) { running in
                let kills = RunKillTests()
                let run = try kills.launch(
                    input: input, output: output, baseURL: running.baseURL, logs: logs, tag: "stalled",
                    extraArguments: ["--config", config.path])
                // All three calls answered 200 (billed) and stalled: the run now waits on them.
                let stalled = await eventually(within: 60) { await running.state().chargedTotal >= 15 }
                #expect(stalled, "the three calls were answered and stalled")
                #expect(run.isRunning, "the run was still waiting on its stalled calls")
                let signalled = ContinuousClock.now
                kill(run.processIdentifier, SIGINT)
                let status = try await kills.waitForExit(run, limit: .seconds(120))
                let err = (try? String(contentsOf: logs.appendingPathComponent("stalled.err"), encoding: .utf8)) ?? ""
                #expect(status == 130, "\(err)")
                #expect(
                    ContinuousClock.now - signalled < .seconds(90),
                    "ended by editSeconds (30 s), not by the five-minute stalls")
                let manifest = try readRunManifest(output)
                #expect(manifest.items.count == 3)
                for item in manifest.items {
                    #expect(item.errorCode == "result-not-saved", "\(item.errorMessage ?? "")")
                    #expect(item.imagesCharged == 5)
                }
                #expect(manifest.totals.imagesCharged == 15)
            }
        }
    }
}
