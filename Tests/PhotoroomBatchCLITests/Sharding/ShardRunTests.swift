import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

/// `--shard K/N` through the command line, against the emulator: parts run at once over one tree and one shared
/// OUT_DIR, and `merge` puts them back together.
@Suite struct ShardRunTests {
    /// The totals a merge must reproduce: the counts and the images charged.
    static func relevant(_ totals: RunManifest.Totals) -> [Decimal] {
        [
            Decimal(totals.inputs), Decimal(totals.succeeded), Decimal(totals.failed), Decimal(totals.invalid),
            Decimal(totals.skipped), Decimal(totals.pending), Decimal(totals.reused), totals.imagesSaved,
            totals.imagesCharged,
        ]
    }

    @Test func threePartsAtOnceDoEachInputOnceAndMergeToTheTotalsOfOneRun() async throws {
        let root = try ShardTestSupport.temporaryFolder("shard-three")
        defer { try? FileManager.default.removeItem(at: root) }
        let shared = root.appendingPathComponent("shared-out")
        // Samples, plus a copy of one image under another name in the same part: one run pays for it once and
        // reuses it, and so must the parts.
        let input = root.appendingPathComponent("in")
        #expect(try ShardTestSupport.copyTree(URL(fileURLWithPath: samplesFolder), into: input).isEmpty)
        let original = "sneaker-red.jpg"
        let originalPart = ShardAssignment.part(forRelativePath: original, count: 3)
        let copy = try #require(
            (0..<64).map { "copy-\($0).jpg" }.first {
                ShardAssignment.part(forRelativePath: $0, count: 3) == originalPart
            })
        try FileManager.default.copyItem(
            at: input.appendingPathComponent(original), to: input.appendingPathComponent(copy))
        let (parts, merged, partsEmulator) = try await ShardTestSupport.withEmulator { running, environment in
            let arguments = (1...3).map {
                ["run", input.path, "--out", shared.path, "--shard", "\($0)/3", "--progress", "lines"]
            }
            async let first = runCommand(arguments[0], environment: environment)
            async let second = runCommand(arguments[1], environment: environment)
            async let third = runCommand(arguments[2], environment: environment)
            let results = await [first, second, third]
            let merge = await runCommand(["merge", shared.path, "--out", shared.path])
            return (results, merge, await running.state())
        }
        for (index, result) in parts.enumerated() {
            #expect([0, 1].contains(result.exitCode), "part \(index + 1): \(result.standardError)")
            #expect(result.standardError.contains("preflight: part \(index + 1) of 3: "))
            #expect(result.standardError.contains("the balance of 10,000 is shared with the other parts"))
        }
        let manifests = try (1...3).map {
            try ShardTestSupport.manifest(at: shared.appendingPathComponent("manifest.part-\($0)-of-3.json"))
        }
        let paths = manifests.flatMap { $0.items.map(\.inputPath) }
        #expect(paths.count == Set(paths).count, "an input was taken by two parts")
        #expect(paths.count == 15, "every input of the tree is in a part")
        #expect(manifests.allSatisfy { !$0.items.isEmpty }, "the split puts inputs in every part")
        for part in 1...3 {
            let journal = shared.appendingPathComponent(".photoroom-batch/journal.part-\(part)-of-3.jsonl")
            #expect(FileManager.default.fileExists(atPath: journal.path))
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: shared.appendingPathComponent(".photoroom-batch/journal.jsonl").path))

        // Nothing billed twice: one charged call per succeeded input, and the emulator agrees with the manifests.
        let succeeded = manifests.reduce(0) { $0 + $1.totals.succeeded }
        #expect(partsEmulator.successfulEdits == succeeded)
        #expect(partsEmulator.callsPerEndpoint["POST /v2/edit"] == succeeded)
        #expect(partsEmulator.chargedTotal == manifests.reduce(Decimal(0)) { $0 + $1.totals.imagesCharged })

        #expect(
            merged.exitCode == 1, "Samples/invalid holds invalid files, as one run would exit: \(merged.standardError)")
        #expect(merged.standardOutput.contains("Merged 3 of 3 parts"))
        let whole = try ShardTestSupport.manifest(at: shared.appendingPathComponent("manifest.json"))
        #expect(whole.items.count == 15)
        #expect(whole.totals.reused == 1 && whole.totals.imagesSaved == 5, "the copy is reused, not paid")
        // Each part wrote its own report (none overwrote another's), and merge wrote the report of the whole.
        for name in ["report.part-1-of-3.html", "report.part-2-of-3.html", "report.part-3-of-3.html", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent(name).path), "\(name)")
        }
        #expect(merged.standardOutput.contains("Report: \(shared.appendingPathComponent("report.html").path)"))

        // One run over the whole tree, on a fresh emulator: the same totals, the same calls.
        let single = root.appendingPathComponent("single-out")
        let (singleResult, singleEmulator) = try await ShardTestSupport.withEmulator { running, environment in
            let result = await runCommand(
                ["run", input.path, "--out", single.path, "--progress", "none"], environment: environment)
            return (result, await running.state())
        }
        #expect(singleResult.exitCode == merged.exitCode)
        let one = try ShardTestSupport.manifest(at: single.appendingPathComponent("manifest.json"))
        #expect(Self.relevant(whole.totals) == Self.relevant(one.totals))
        #expect(whole.totals.imagesChargedAllRuns == one.totals.imagesChargedAllRuns)
        #expect(singleEmulator.chargedTotal == partsEmulator.chargedTotal)
        #expect(singleEmulator.successfulEdits == partsEmulator.successfulEdits)
        #expect(whole.items.map(\.inputPath) == one.items.map(\.inputPath))
        #expect(whole.items.map(\.status) == one.items.map(\.status))
        #expect(whole.items.map(\.outputPath) == one.items.map(\.outputPath))
    }

    @Test func aPartResumesItselfAndMergeNamesAMissingPart() async throws {
        let root = try ShardTestSupport.temporaryFolder("shard-resume")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try await ShardTestSupport.withEmulator { running, environment in
            let first = await runCommand(
                ["run", samplesFolder, "--out", out.path, "--shard", "2/3"], environment: environment)
            let charged = await running.state().chargedTotal
            let again = await runCommand(
                ["run", samplesFolder, "--out", out.path, "--shard", "2/3"], environment: environment)
            #expect(first.exitCode == again.exitCode)
            #expect(await running.state().chargedTotal == charged, "a re-run of a part sends nothing new")
            let manifest = try ShardTestSupport.manifest(at: out.appendingPathComponent("manifest.part-2-of-3.json"))
            #expect(
                manifest.totals.imagesCharged == 0
                    && manifest.totals.skipped == manifest.totals.inputs - manifest.totals.invalid)
        }
        let merge = await runCommand(["merge", out.path, "--out", out.path])
        #expect(merge.exitCode == 1)
        #expect(
            merge.standardOutput.contains("Missing: part 1 of 3 (no manifest.part-1-of-3.json in the folders given)"))
        #expect(merge.standardOutput.contains("Missing: part 3 of 3"))
    }

    @Test func contentDuplicatesAcrossPartsArePaidOnce() async throws {
        let root = try ShardTestSupport.temporaryFolder("shard-duplicates")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // The same bytes under two names that a split by path puts in different parts of 2.
        let names = (0..<64).map { "copy-\($0).jpg" }
        let first = try #require(names.first { ShardAssignment.part(forRelativePath: $0, count: 2) == 1 })
        let second = try #require(names.first { ShardAssignment.part(forRelativePath: $0, count: 2) == 2 })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: samplesFolder + "/sneaker-red.jpg"))
        try bytes.write(to: input.appendingPathComponent(first))
        try bytes.write(to: input.appendingPathComponent(second))

        // By path, one part after the other: part 2 reads part 1's journal and reuses the result it paid for.
        // By content, at once: both copies fall in one part, which pays once and reuses.
        for key in ["path", "content"] {
            let out = root.appendingPathComponent("out-\(key)")
            let (charged, merge) = try await ShardTestSupport.withEmulator { running, environment in
                let arguments = (1...2).map {
                    ["run", input.path, "--out", out.path, "--shard", "\($0)/2", "--shard-by", key]
                }
                if key == "path" {
                    for part in arguments { _ = await runCommand(part, environment: environment) }
                } else {
                    async let one = runCommand(arguments[0], environment: environment)
                    async let two = runCommand(arguments[1], environment: environment)
                    _ = await [one, two]
                }
                return (
                    await running.state().successfulEdits,
                    await runCommand(["merge", out.path, "--out", out.path, "--json"])
                )
            }
            let data = Data(merge.standardOutput.utf8)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let result = try decoder.decode(MergeResult.self, from: data)
            #expect(result.isComplete, "\(key): \(merge.standardError)")
            #expect(charged == 1, "\(key)")
            #expect(result.paidByTwoParts.isEmpty, "\(key)")
            let totals = result.manifest.totals
            #expect(totals.succeeded == 1 && totals.reused == 1, "\(key)")
            #expect(totals.imagesCharged == 5 && totals.imagesSaved == 5, "\(key)")
            if key == "path" {
                let reused = try #require(result.manifest.items.first { $0.status == .reused })
                #expect(reused.inputPath == second && reused.reusedFrom == first)
            } else {
                #expect(result.parts.filter { $0.totals.inputs > 0 }.count == 1)
            }
        }
    }

    /// A re-run with another N over an OUT_DIR that an unsharded run finished: every part finds its inputs done
    /// in the other journal, sends nothing and refuses no output.
    @Test func aNewSplitOverAFinishedRunSendsNothing() async throws {
        let root = try ShardTestSupport.temporaryFolder("shard-resplit")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try await ShardTestSupport.withEmulator { running, environment in
            let whole = await runCommand(["run", samplesFolder, "--out", out.path], environment: environment)
            let charged = await running.state().chargedTotal
            for part in 1...2 {
                let result = await runCommand(
                    ["run", samplesFolder, "--out", out.path, "--shard", "\(part)/2"], environment: environment)
                #expect(result.exitCode == whole.exitCode, "part \(part): \(result.standardError)")
                let manifest = try ShardTestSupport.manifest(
                    at: out.appendingPathComponent("manifest.part-\(part)-of-2.json"))
                #expect(manifest.totals.imagesCharged == 0)
                #expect(manifest.totals.imagesChargedAllRuns == 0, "charges stay in the journal that paid them")
                #expect(!manifest.items.contains { $0.errorCode == "output-exists" })
                #expect(manifest.totals.skipped == manifest.totals.inputs - manifest.totals.invalid)
            }
            #expect(await running.state().chargedTotal == charged, "the new split sends nothing")
        }
    }

    /// One writer per part: a second process for a part that is running exits 75; another part goes on.
    @Test func theLockIsPerPart() async throws {
        let root = try ShardTestSupport.temporaryFolder("shard-lock")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let held = ManifestFiles(outputDirectory: out, shard: try ShardSpec(parsing: "2/3"))
        try FileManager.default.createDirectory(at: held.stateDirectory, withIntermediateDirectories: true)
        let lock = try OutputDirectoryLock.acquire(at: held.lock, command: "run")
        defer { lock.release() }
        try await ShardTestSupport.withEmulator { running, environment in
            let same = await runCommand(
                ["run", samplesFolder, "--out", out.path, "--shard", "2/3"], environment: environment)
            #expect(same.exitCode == 75, "\(same.standardError)")
            #expect(await running.state().chargedTotal == 0, "the refused part sent nothing")
            let other = await runCommand(
                ["run", samplesFolder, "--out", out.path, "--shard", "1/3"], environment: environment)
            #expect([0, 1].contains(other.exitCode), "\(other.standardError)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.part-1-of-3.json").path))
        }
    }

    @Test func badShardValuesAreUsageErrors() async throws {
        for value in ["0/3", "4/3", "a/b", "3"] {
            let result = await runCommand(["estimate", samplesFolder, "--shard", value, "--plan", "basic"])
            #expect(result.exitCode == 64, "\(value)")
            #expect(result.standardError.contains("--shard \(value):"), "\(result.standardError)")
        }
        let merge = await runCommand(["merge", samplesFolder, "--out", samplesFolder + "-merged-never"])
        #expect(merge.exitCode == 64)
        #expect(merge.standardError.contains("holds no part manifest"))
    }

    @Test func estimateSpeaksForItsPart() async throws {
        var files = 0
        for part in 1...3 {
            let result = await runCommand(
                [
                    "estimate", samplesFolder, "--shard", "\(part)/3", "--plan", "basic", "--validate", "header",
                    "--json",
                ])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            #expect(report?["shard"] as? String == "\(part)/3")
            files += ((report?["totals"] as? [String: Any])?["files"] as? Int) ?? 0
        }
        #expect(files == 14, "the parts' files add up to the tree")
        let text = await runCommand([
            "estimate", samplesFolder, "--shard", "2/3", "--plan", "basic", "--max-credits", "1000",
        ])
        #expect(text.standardOutput.hasPrefix("Part 2 of 3: "))
        #expect(text.standardOutput.contains("--max-credits 1,000 is for this part alone"))
    }
}
