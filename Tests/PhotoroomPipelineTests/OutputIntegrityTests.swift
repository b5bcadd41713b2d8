import Foundation
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// Money rules 4 and 5: "output present" means its SHA-256 matches the recorded result (a replaced or damaged
/// output is rebuilt from an intact copy, or flagged, never paid again unasked), and a content that comes back to
/// a name costs nothing (its superseded result is kept and reused).
@Suite struct OutputIntegrityTests {
    typealias Support = RunEmulatorSupport

    static func bytes(_ output: URL, _ path: String) throws -> Data {
        try Data(contentsOf: output.appendingPathComponent(path))
    }

    @Test func aDamagedOutputWithNoIntactCopyIsFlaggedNotSkippedNorPaidAgain() async throws {
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["a.png"], seeds: [1], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                try Data("not the paid result".utf8).write(to: output.appendingPathComponent("a.png"))

                let second = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(second.exitCode == 1)
                #expect(second.totals.skipped == 0, "a replaced output is not 'present'")
                #expect(second.failures.first?.errorCode == "output-damaged")
                #expect(second.failures.first?.errorMessage?.contains("--resend-undelivered") == true)
                #expect(await running.state().chargedTotal == 5)
                // Flagged again on the next run, still not paid.
                let third = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(third.failures.first?.errorCode == "output-damaged")
                #expect(await running.state().chargedTotal == 5)

                // Positive control: asked for explicitly, it is paid again and delivered.
                var resend = testRunOptions(input: input, output: output)
                resend.resendUndelivered = true
                #expect(await Support.run(resend, running).exitCode == 0)
                #expect(await running.state().chargedTotal == 10)
                #expect(try Self.bytes(output, "a.png") != Data("not the paid result".utf8))
            }
        }
    }

    @Test func aDamagedOutputIsRebuiltFromAnotherItemsIdenticalOutput() async throws {
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["a.png", "b.png"], seeds: [1, 1], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                let paid = try Self.bytes(output, "a.png")
                try Data("damaged".utf8).write(to: output.appendingPathComponent("a.png"))

                let second = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(second.exitCode == 0)
                #expect(second.totals.reused == 1)
                #expect(second.totals.skipped == 1, "b.png's intact output is present")
                #expect(try Self.bytes(output, "a.png") == paid)
                #expect(await running.state().chargedTotal == 5)
            }
        }
    }

    @Test func aContentThatComesBackToItsNameCostsNothing() async throws {
        try await withRunDirectories { input, output in
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let name = input.appendingPathComponent("cat.png")
                try Support.png(seed: 1).write(to: name)
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                let resultX = try Self.bytes(output, "cat.png")
                try Support.png(seed: 2).write(to: name)
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                let resultY = try Self.bytes(output, "cat.png")
                #expect(await running.state().chargedTotal == 10)

                try Support.png(seed: 1).write(to: name)
                let back = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(back.exitCode == 0)
                #expect(back.totals.reused == 1)
                #expect(await running.state().chargedTotal == 10, "X's kept result is reused, not paid again")
                #expect(try Self.bytes(output, "cat.png") == resultX)
                #expect(try readRunManifest(output).items.first?.note == SupersededStore.reuseNote)

                try Support.png(seed: 2).write(to: name)
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                #expect(await running.state().chargedTotal == 10)
                #expect(try Self.bytes(output, "cat.png") == resultY)
            }
        }
    }

    @Test func withoutAStoreTheContentThatComesBackIsPaidAgain() async throws {
        // Positive control of the test above: with keepSupersededMB 0 nothing is kept, and X is paid twice.
        try await withRunDirectories { input, output in
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                var options = testRunOptions(input: input, output: output)
                options.keepSupersededBytes = 0
                let name = input.appendingPathComponent("cat.png")
                for seed in [1, 2, 1] {
                    try Support.png(seed: seed).write(to: name)
                    options.inputs = runInputs(in: input)
                    #expect(await Support.run(options, running).exitCode == 0)
                }
                #expect(await running.state().chargedTotal == 15)
            }
        }
    }

    @Test func theStoreBoundComesFromPipelineJSON() throws {
        #expect(PipelineConfiguration().keepSupersededMB == 1024)
        let set = try PipelineConfiguration.parse(Data(#"{"keepSupersededMB": 5}"#.utf8), file: "pipeline.json")
        #expect(set.keepSupersededMB == 5)
        let options = RunOptions(
            configuration: set, inputDirectory: URL(fileURLWithPath: "/in"),
            outputDirectory: URL(fileURLWithPath: "/out"),
            inputs: [], sandbox: false, toolVersion: "test", redact: { $0 })
        #expect(options.keepSupersededBytes == 5 << 20)
        #expect(throws: ConfigurationError.self) {
            try PipelineConfiguration.parse(Data(#"{"keepSupersededMB": -1}"#.utf8), file: "pipeline.json")
        }
    }

    @Test func theStoreIsBoundedAndEvictsTheOldestFirst() throws {
        try withTemporaryRunDirectory { root in
            let store = SupersededStore(outputDirectory: root, limitBytes: 10)
            let old = root.appendingPathComponent("old.png")
            let new = root.appendingPathComponent("new.png")
            try Data("123456".utf8).write(to: old)
            try Data("abcdef".utf8).write(to: new)
            store.keep(fileAt: old)
            let kept = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
            #expect(kept.count == 1, "a result that fits is kept")
            var past = [timeval(tv_sec: 1_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000, tv_usec: 0)]
            utimes(store.directory.appendingPathComponent(kept[0]).path, &past)
            store.keep(fileAt: new)
            let after = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
            #expect(after.count == 1)
            #expect(after != kept, "the older one was evicted")
            #expect(try Data(contentsOf: store.directory.appendingPathComponent(after[0])) == Data("abcdef".utf8))
            store.keep(fileAt: root.appendingPathComponent("missing.png"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path) == after)
        }
    }
}

/// Runs `body` with a fresh temporary folder, removed afterwards.
private func withTemporaryRunDirectory(_ body: (URL) throws -> Void) throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("superseded-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try body(root)
}
