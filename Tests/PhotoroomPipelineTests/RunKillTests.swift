import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real binary killed with SIGKILL mid-run, then run again: nothing is billed twice except items the manifest
/// marks `possiblyBilledTwice`.
@Suite struct RunKillTests {
    typealias Support = RunEmulatorSupport

    /// The `photoroom-batch` built beside this test bundle (the same build folder, also with `--scratch-path`),
    /// else `.build/debug/photoroom-batch` found from this file's path.
    static let binary: URL = {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let sibling = testExecutable.deletingLastPathComponent().appendingPathComponent("photoroom-batch")
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(".build/debug/photoroom-batch")
    }()

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    /// Starts `photoroom-batch run` against the emulator, with `extraArguments` after the usual ones; output goes to
    /// files in `logs`.
    func launch(
        input: URL, output: URL, baseURL: String, logs: URL, tag: String, extraArguments: [String] = []
    ) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments =
            [
                "run", input.path, "--out", output.path, "--api-base", baseURL, "--concurrency", "3", "--progress",
                "lines",
            ] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["PHOTOROOM_API_KEY"] = Support.key
        environment.removeValue(forKey: "PHOTOROOM_API_BASE")
        process.environment = environment
        let out = logs.appendingPathComponent("\(tag).out")
        let err = logs.appendingPathComponent("\(tag).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return process
    }

    /// Waits for the process to end (polling, so the emulator keeps its threads), at most `limit`.
    func waitForExit(_ process: Process, limit: Duration = .seconds(180)) async throws -> Int32 {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// A first `run` of `total` images (150 ms per call) against a fresh emulator, launched and watched until the
    /// emulator has answered `edits` edits; then `body` gets the first run's process and the rest.
    func withFirstRunUnderway(
        total: Int,
        edits: Int,
        _ body:
            @Sendable (_ first: Process, _ running: RunningEmulator, _ input: URL, _ output: URL, _ logs: URL)
            async throws -> Void
    ) async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: total)
            let logs = input.deletingLastPathComponent().appendingPathComponent("logs")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            let faults = FaultConfiguration(latencyMs: 150)
            try await Emulator.withEmulator(Support.emulator(credits: 10_000, faults: faults)) { running in
                let first = try launch(input: input, output: output, baseURL: running.baseURL, logs: logs, tag: "first")
                let deadline = ContinuousClock.now + .seconds(120)
                while await running.state().successfulEdits < edits, first.isRunning, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await body(first, running, input, output, logs)
            }
        }
    }

    @Test(
        .enabled(
            if: RunKillTests.binaryExists,
            "needs the photoroom-batch binary beside the tests or in .build/debug: run `swift build` first"),
        .timeLimit(.minutes(5))
    )
    func killNineThenRerunBillsNothingTwiceUnlessMarked() async throws {
        let total = 24
        try await withFirstRunUnderway(total: total, edits: 5) { first, running, input, output, logs in
            #expect(first.isRunning, "the first run was still going when killed")
            kill(first.processIdentifier, SIGKILL)
            _ = try await waitForExit(first)
            #expect(first.terminationReason == .uncaughtSignal)
            let afterKill = await running.state()
            #expect(afterKill.successfulEdits < total, "the kill happened mid-run")

            let second = try launch(
                input: input,
                output: output,
                baseURL: running.baseURL,
                logs: logs,
                tag: "second"
            )
            let status = try await waitForExit(second)
            let err = (try? String(contentsOf: logs.appendingPathComponent("second.err"), encoding: .utf8)) ?? ""
            #expect(status == 0, "second run: \(err)")

            let state = await running.state()
            let manifest = try readRunManifest(output)
            #expect(manifest.totals.succeeded + manifest.totals.skipped == total)
            #expect(manifest.totals.skipped >= 1, "the first run's finished items were kept")
            let marked = manifest.items.filter(\.possiblyBilledTwice).count
            let billedByJournal = manifest.totals.imagesChargedAllRuns
            // Everything the journal accounts for was billed; anything more is an item cut mid-call by the kill,
            // and each of those is marked.
            #expect(state.chargedTotal >= billedByJournal)
            #expect(state.chargedTotal <= billedByJournal + Decimal(marked * 5))
            #expect(state.successfulEdits <= total + marked)
            for tag in ["first", "second"] {
                for suffix in ["out", "err"] {
                    let text =
                        (try? String(contentsOf: logs.appendingPathComponent("\(tag).\(suffix)"), encoding: .utf8))
                        ?? ""
                    #expect(!text.contains(Support.key))
                }
            }
        }
    }

    @Test(
        .enabled(
            if: RunKillTests.binaryExists,
            "needs the photoroom-batch binary beside the tests or in .build/debug: run `swift build` first"),
        .timeLimit(.minutes(5))
    )
    func aSecondProcessOnOneOutDirExits75AndSendsNothing() async throws {
        let total = 12
        try await withFirstRunUnderway(total: total, edits: 1) { first, running, input, output, logs in
            #expect(first.isRunning, "the first run was still going")
            let second = try launch(input: input, output: output, baseURL: running.baseURL, logs: logs, tag: "second")
            let secondStatus = try await waitForExit(second)
            let err = (try? String(contentsOf: logs.appendingPathComponent("second.err"), encoding: .utf8)) ?? ""
            #expect(secondStatus == 75, "second run: \(err)")
            #expect(err.contains("pid \(first.processIdentifier)"), "names the holder: \(err)")
            #expect(try await waitForExit(first) == 0)
            let state = await running.state()
            #expect(state.successfulEdits == total, "one billed call per input, all by the first run")
            let manifest = try readRunManifest(output)
            #expect(manifest.totals.imagesCharged == state.chargedTotal)
            let journal = try String(contentsOf: ManifestFiles(outputDirectory: output).journal, encoding: .utf8)
            for line in journal.split(separator: "\n") {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "torn: \(line)")
            }
        }
    }
}
