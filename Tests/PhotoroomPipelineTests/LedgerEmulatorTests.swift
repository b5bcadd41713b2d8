import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// "Never pay twice", against the built-in emulator: one billed call per distinct (content, effective settings),
/// whatever the names, and paid outputs kept.
@Suite struct LedgerEmulatorTests {
    typealias Support = RunEmulatorSupport

    /// Writes `names.count` PNGs; `seeds[i]` picks the content, so equal seeds are duplicates.
    static func write(_ names: [String], seeds: [Int], in input: URL) throws {
        for (name, seed) in zip(names, seeds) {
            let url = input.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Support.png(seed: seed).write(to: url)
        }
    }

    static func bytes(_ output: URL, _ path: String) throws -> Data {
        try Data(contentsOf: output.appendingPathComponent(path))
    }

    @Test func duplicatesInOneBatchCostOneCallPerDistinctContent() async throws {
        try await withRunDirectories { input, output in
            let names = (0..<15).map { "shelf\($0 % 3)/item\($0).png" }
            try Self.write(names, seeds: (0..<15).map { $0 % 10 }, in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output, concurrency: 4), running)
                let state = await running.state()
                #expect(outcome.exitCode == 0)
                #expect(state.successfulEdits == 10, "15 files, 10 distinct contents")
                #expect(state.chargedTotal == 50)
                #expect(outcome.preflight?.toDo == 10)
                #expect(outcome.preflight?.reused == 5)
                #expect(outcome.preflight?.imagesSaved == 25)
                #expect(outcome.totals.succeeded == 10)
                #expect(outcome.totals.reused == 5)
                #expect(outcome.totals.imagesSaved == 25)
                #expect(outcome.totals.imagesCharged == 50)
                let manifest = try readRunManifest(output)
                for item in manifest.items where item.status == .reused {
                    let origin = try #require(item.reusedFrom)
                    let source = try #require(manifest.items.first { $0.inputPath == origin })
                    #expect(source.status == .succeeded)
                    #expect(source.sha256 == item.sha256)
                    #expect(try Self.bytes(output, item.outputPath!) == Self.bytes(output, source.outputPath!))
                    #expect(item.imagesCharged == 0)
                }
            }
        }
    }

    @Test func renamedMovedAndCopiedInputsAreNotBilledAgain() async throws {
        try await withRunDirectories { input, output in
            try Self.write(["a.png", "b.png", "c.png"], seeds: [1, 2, 3], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let first = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(first.exitCode == 0)
                #expect(await running.state().successfulEdits == 3)

                let manager = FileManager.default
                try manager.moveItem(
                    at: input.appendingPathComponent("a.png"), to: input.appendingPathComponent("renamed.png"))
                try manager.createDirectory(
                    at: input.appendingPathComponent("moved"), withIntermediateDirectories: true)
                try manager.moveItem(
                    at: input.appendingPathComponent("b.png"), to: input.appendingPathComponent("moved/b.png"))
                try manager.copyItem(
                    at: input.appendingPathComponent("c.png"), to: input.appendingPathComponent("copy.png"))

                let second = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(second.exitCode == 0)
                #expect(await running.state().successfulEdits == 3, "no new billed call")
                #expect(second.totals.reused == 3)
                #expect(second.totals.skipped == 1)
                #expect(second.totals.imagesCharged == 0)
                #expect(try Self.bytes(output, "renamed.png") == Self.bytes(output, "a.png"))
                #expect(try Self.bytes(output, "moved/b.png") == Self.bytes(output, "b.png"))

                // No intact copy left (the stored result was damaged): the item is pending again and paid once.
                try manager.removeItem(at: output.appendingPathComponent("renamed.png"))
                try Data("damaged".utf8).write(to: output.appendingPathComponent("a.png"))
                try manager.moveItem(
                    at: input.appendingPathComponent("renamed.png"), to: input.appendingPathComponent("again.png"))
                let third = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(third.exitCode == 0)
                #expect(await running.state().successfulEdits == 4)
            }
        }
    }

    @Test func aSandboxResultNeverSatisfiesALiveRun() async throws {
        try await withRunDirectories { input, output in
            try Self.write(["a.png", "b.png"], seeds: [1, 2], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                var sandboxOptions = testRunOptions(input: input, output: output, plan: .fixed(.basic))
                sandboxOptions.sandbox = true
                let sandboxKey = APIKey("sandbox_" + Support.key)!
                let sandboxClient = PhotoroomClient(
                    configuration: .init(baseURL: running.baseURL, apiKey: sandboxKey, editTimeout: .seconds(30))
                )
                let sandbox = await BatchRunner(
                    options: sandboxOptions,
                    client: sandboxClient,
                    inspector: ImageValidatorInspector()
                ).run()
                #expect(sandbox.exitCode == 0)
                #expect(sandbox.totals.watermarked == 2)
                let sandboxRows = try readRunManifest(output).items
                #expect(sandboxRows.allSatisfy { $0.watermarked == true })
                #expect(await running.state().chargedTotal == 0)

                let live = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(live.exitCode == 0)
                #expect(live.totals.succeeded == 2, "the watermarked results are redone with the live key")
                #expect(live.totals.watermarked == 0)
                #expect(await running.state().chargedTotal == 10)
            }
        }
    }

    @Test func aPaidOutputIsNeverOverwrittenByAnInputWithAClashingName() async throws {
        try await withRunDirectories { input, output in
            try Self.write(["cat.png"], seeds: [1], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                #expect(await Support.run(testRunOptions(input: input, output: output), running).exitCode == 0)
                let paid = try Self.bytes(output, "cat.png")
                // cat.jpg (PNG bytes, another content) maps to out/cat.png as well.
                try Support.png(seed: 9).write(to: input.appendingPathComponent("cat.jpg"))
                let second = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(second.exitCode == 1)
                let clash = try #require(second.failures.first)
                #expect(clash.inputPath == "cat.jpg")
                #expect(clash.errorCode == "output-collision")
                #expect(try Self.bytes(output, "cat.png") == paid)
                #expect(await running.state().successfulEdits == 1)
            }
        }
    }

    @Test func namesThatDifferOnlyByCaseClash() async throws {
        try await withRunDirectories { input, output in
            try Self.write(["Dog.png", "dog.png"], seeds: [1, 2], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(outcome.exitCode == 1)
                #expect(outcome.failures.map(\.errorCode) == ["output-collision"])
                #expect(await running.state().successfulEdits == 1)
            }
        }
    }

    @Test func anInputChangedAfterHashingIsJournaledWithTheBytesUploaded() async throws {
        try await withRunDirectories { input, output in
            try Self.write(["a.png"], seeds: [1], in: input)
            let changed = try Support.png(seed: 2)
            let rewriter = RewriteAfterPreflight(file: input.appendingPathComponent("a.png"), bytes: changed)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(
                    testRunOptions(input: input, output: output), running, reporter: rewriter)
                #expect(outcome.exitCode == 0)
                let row = try #require(try readRunManifest(output).items.first)
                let changedFile = output.deletingLastPathComponent().appendingPathComponent("changed.png")
                try changed.write(to: changedFile)
                #expect(row.sha256 == (try FileDigest.sha256(ofFileAt: changedFile).hex))
                #expect(row.note?.contains("changed since preflight") == true)
            }
        }
    }

    @Test func editHeadersArePartOfTheSettings() async throws {
        let base = SettingsKey(parameters: ["background.color": "FFFFFF"])
        let headers = SettingsKey(
            parameters: ["background.color": "FFFFFF"],
            headers: [(name: "pr-ai-background-model-version", value: "3")]
        )
        let sandbox = SettingsKey(parameters: ["background.color": "FFFFFF"], sandbox: true)
        let endpoint = SettingsKey(parameters: ["background.color": "FFFFFF"], endpoint: "emulator")
        #expect(Set([base.hash, headers.hash, sandbox.hash, endpoint.hash]).count == 4)
        #expect(base.hash == SettingsKey(parameters: ["background.color": "FFFFFF"]).hash)
        #expect(base.hash.count == 64)
    }
}

/// Rewrites a file once preflight has hashed it (an input changing between hashing and upload).
actor RewriteAfterPreflight: RunEventSink {
    let file: URL
    let bytes: Data

    init(file: URL, bytes: Data) {
        self.file = file
        self.bytes = bytes
    }

    func handle(_ event: RunEvent) async {
        if case .preflightFinished = event { try? bytes.write(to: file) }
    }
}
