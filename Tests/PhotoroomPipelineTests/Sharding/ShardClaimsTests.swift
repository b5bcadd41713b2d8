import Foundation
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// Inputs that could write one output fall in one part (`--shard-by path` and `content`), where the clash fails
/// one of them before its call; `merge` refuses parts that both hold one output.
@Suite struct ShardClaimsTests {
    typealias Support = RunEmulatorSupport

    /// Runs every part of `count`, one after the other, on one OUT_DIR; returns the outcomes.
    static func runAllParts(
        count: Int, key: ShardKey, input: URL, output: URL, _ running: RunningEmulator
    ) async throws -> [RunOutcome] {
        var outcomes: [RunOutcome] = []
        for index in 1...count {
            var shard = try ShardSpec(index: index, count: count)
            shard.key = key
            outcomes.append(await Support.run(scanningRunOptions(input: input, output: output, shard: shard), running))
        }
        return outcomes
    }

    @Test func namesThatDifferByCaseFallInOnePartByPath() async throws {
        // Before the path key was case-folded, `Cat` fell in part 1 of 2 and `cat` in part 2 (sha256 prefixes).
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["Cat.png", "cat.jpg"], seeds: [1, 2], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcomes = try await Self.runAllParts(count: 2, key: .path, input: input, output: output, running)
                #expect(await running.state().successfulEdits == 1, "one of the two clashing names is paid")
                let failures = outcomes.flatMap(\.failures)
                #expect(failures.map(\.errorCode) == ["output-collision"])
                #expect(failures.first?.imagesCharged == 0)
            }
        }
    }

    @Test func aFileAndAFolderOfOneOutputNameFallInOnePartByPath() async throws {
        // `cat` and `cat.png/a` fell in parts 1 and 2 of 3.
        try await withRunDirectories { input, output in
            try LedgerEmulatorTests.write(["cat.jpg", "cat.png/a.png"], seeds: [1, 2], in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcomes = try await Self.runAllParts(count: 3, key: .path, input: input, output: output, running)
                #expect(await running.state().successfulEdits == 1)
                #expect(outcomes.flatMap(\.failures).map(\.errorCode) == ["output-collision"])
                #expect(outcomes.flatMap(\.failures).allSatisfy { $0.errorCode != "result-not-saved" })
            }
        }
    }

    @Test func twoContentsWithOneOutputFallInOnePartByContent() async throws {
        try await withRunDirectories { input, output in
            // Two contents whose SHA-256 alone puts them in different parts of 2, and a twin of the first.
            func part(_ name: String) throws -> Int? {
                ShardAssignment.part(
                    forContentSHA256: try FileDigest.sha256(ofFileAt: input.appendingPathComponent(name)).hex, count: 2)
            }
            let first = try Support.png(seed: 1)
            try first.write(to: input.appendingPathComponent("cat.jpg"))
            var seed = 2
            repeat {
                try Support.png(seed: seed).write(to: input.appendingPathComponent("cat.png"))
                seed += 1
            } while try part("cat.png") == part("cat.jpg") && seed < 50
            #expect(try part("cat.png") != part("cat.jpg"))
            try first.write(to: input.appendingPathComponent("twin.png"))
            // Parts running at the same time do not see each other's journal: the split alone must keep them together.
            for index in 1...2 {
                var shard = try ShardSpec(index: index, count: 2)
                shard.key = .content
                let names = Set(
                    try InputSelection(roots: [input.path], input: .init(), shard: shard).select().files.map(
                        \.relativePath))
                #expect(names.isEmpty || names == ["cat.jpg", "cat.png", "twin.png"], "part \(index): \(names)")
            }
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcomes = try await Self.runAllParts(
                    count: 2, key: .content, input: input, output: output, running)
                #expect(await running.state().successfulEdits == 1, "cat.jpg paid once (its twin reuses it)")
                #expect(outcomes.flatMap(\.failures).map(\.inputPath) == ["cat.png"])
                #expect(outcomes.flatMap(\.failures).map(\.errorCode) == ["output-collision"])
                #expect(outcomes.reduce(0) { $0 + $1.totals.reused } == 1, "the twin is in the same part")
            }
        }
    }

    @Test func mergeRefusesTwoPartsHoldingOneOutput() throws {
        let parts = try ManifestMergerTests()
        defer { try? FileManager.default.removeItem(at: parts.root) }
        try parts.writePart("1/2", in: "out", rows: [("Cat", "aa", .succeeded, 5), ("dog", "bb", .succeeded, 5)])
        try parts.writePart("2/2", in: "out", rows: [("cat", "cc", .succeeded, 5)])
        let result = try parts.merger(["out"]).merge()
        #expect(result.isComplete)
        #expect(result.exitCode == 1)
        #expect(result.text.contains("Cat (part 1 of 2) and cat (part 2 of 2)"))
        #expect(result.outputsClaimedByTwoParts.map { $0.outputPath.hasSuffix("/Cat.png") } == [true])

        // Positive control: distinct outputs merge with exit 0.
        let clean = try ManifestMergerTests()
        defer { try? FileManager.default.removeItem(at: clean.root) }
        try clean.writePart("1/2", in: "out", rows: [("Cat", "aa", .succeeded, 5)])
        try clean.writePart("2/2", in: "out", rows: [("dog", "cc", .succeeded, 5)])
        #expect(try clean.merger(["out"]).merge().exitCode == 0)
    }

    @Test func thePlanKeepsClashingNamesTogetherAndLeavesTheRestWhereTheyWere() throws {
        let names = ["Cat.png", "cat.jpg", "cat.png/a.jpg", "shoes/red.jpg", "shoes/blue.jpg", "caf\u{E9}.jpg"]
        for count in 2...9 {
            let spec = try ShardSpec(index: 1, count: count)
            let parts = ShardPlan(spec: spec, outputExtension: "png").parts(of: names.map { .init(relativePath: $0) })
            #expect(Set(parts[0...2]).count == 1, "N=\(count)")
            for position in 3..<names.count {
                #expect(parts[position] == ShardAssignment.part(forRelativePath: names[position], count: count))
            }
        }
    }
}
