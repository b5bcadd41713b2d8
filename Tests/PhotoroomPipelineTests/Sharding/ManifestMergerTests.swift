import Foundation
import PhotoroomPipeline
import Testing

/// `merge`: parts found by their file names, missing and unfinished parts named, content paid by two parts
/// named, totals of the whole.
@Suite struct ManifestMergerTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("prb-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A finished part's manifest with one row per (path, sha, status, charged).
    func writePart(
        _ spec: String,
        in folder: String,
        rows: [(String, String, ManifestItem.Status, Decimal)],
        state: RunManifest.Header.State = .finished,
        exitCode: Int32? = 0,
        balance: (before: Decimal, after: Decimal)? = nil,
        started: TimeInterval = 0
    ) throws {
        let shard = try ShardSpec(parsing: spec)
        let items = rows.map { path, sha, status, charged in
            ManifestItem(
                inputPath: path, sha256: sha, settingsHash: "s1", status: status, outputPath: path + ".png",
                imagesCharged: charged, attempts: status == .succeeded ? 1 : 0
            )
        }
        var totals = RunManifest.Totals()
        totals.count(items)
        totals.imagesChargedAllRuns = totals.imagesCharged
        totals.balanceBefore = balance?.before
        totals.balanceAfter = balance?.after
        let manifest = RunManifest(
            run: .init(
                toolVersion: "test", runID: UUID().uuidString, plan: "basic", sandbox: false, configHash: "c1",
                settingsHash: "s1", startedAt: Date(timeIntervalSince1970: 1_000_000 + started),
                finishedAt: state == .finished ? Date(timeIntervalSince1970: 1_000_100 + started) : nil,
                exitCode: state == .finished ? exitCode : nil, outcome: state == .finished ? "completed" : nil,
                state: state
            ),
            totals: totals,
            items: items
        )
        let directory = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try ManifestWriter.write(manifest, to: directory.appendingPathComponent(ShardFileNames.manifest(shard)))
    }

    func merger(_ folders: [String], out: String = "merged") -> ManifestMerger {
        ManifestMerger(
            sources: folders.map { root.appendingPathComponent($0) }, destination: root.appendingPathComponent(out))
    }

    @Test func threeFinishedPartsInOneFolderMergeIntoTheWhole() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try writePart(
            "1/3", in: "out", rows: [("a.jpg", "h1", .succeeded, 5), ("bad.jpg", "h9", .invalid, 0)],
            balance: (100, 90), started: 0)
        try writePart("2/3", in: "out", rows: [("b.jpg", "h2", .succeeded, 5)], balance: (95, 85), started: 10)
        try writePart("3/3", in: "out", rows: [("c.jpg", "h3", .skipped, 0)], balance: (90, 80), started: 20)
        let merging = merger(["out"], out: "out")
        let result = try merging.merge()
        #expect(result.isComplete)
        #expect(result.missingParts.isEmpty && result.unfinishedParts.isEmpty && result.paidByTwoParts.isEmpty)
        #expect(result.manifest.items.map(\.inputPath) == ["a.jpg", "b.jpg", "bad.jpg", "c.jpg"])
        let totals = result.manifest.totals
        #expect((totals.inputs, totals.succeeded, totals.invalid, totals.skipped) == (4, 2, 1, 1))
        #expect(totals.imagesCharged == 10 && totals.imagesChargedAllRuns == 10)
        #expect(totals.balanceBefore == 100, "the balance read by the part that started first")
        #expect(totals.balanceAfter == 80, "the balance read by the part that finished last")
        #expect(result.exitCode == 1, "an invalid input makes the whole exit 1, as one run would")
        #expect(result.manifest.items[0].outputPath == "a.jpg.png", "same folder: output paths unchanged")
        try merging.write(result)
        let written = try ManifestWriter.read(from: root.appendingPathComponent("out/manifest.json"))
        #expect(written.totals == totals)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/merge.json").path))
    }

    @Test func missingAndUnfinishedPartsAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try writePart("1/4", in: "p1", rows: [("a.jpg", "h1", .succeeded, 5)])
        try writePart("2/4", in: "p2", rows: [("b.jpg", "h2", .succeeded, 5)], state: .running)
        try writePart("4/4", in: "p4", rows: [("d.jpg", "h4", .pending, 0)], exitCode: 5)
        let result = try merger(["p1", "p2", "p4"]).merge()
        #expect(result.missingParts == [3])
        #expect(result.unfinishedParts.map(\.shard.index) == [2, 4])
        #expect(result.unfinishedParts[0].reason.contains("no exit code"))
        #expect(result.unfinishedParts[1].reason.contains("exit 5"))
        #expect(result.exitCode == 1 && !result.isComplete)
        #expect(result.text.contains("Missing: part 3 of 4 (no manifest.part-3-of-4.json in the folders given)"))
        #expect(result.text.contains("Did not finish: part 2 of 4"))
        #expect(result.manifest.items[0].outputPath == "../p1/a.jpg.png", "outputs stay in the part's folder")
    }

    @Test func contentPaidByTwoPartsIsNamed() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try writePart(
            "1/2", in: "out", rows: [("red/shoe.jpg", "same", .succeeded, 5), ("x.jpg", "hx", .succeeded, 5)])
        try writePart("2/2", in: "out", rows: [("sale/shoe-copy.jpg", "same", .succeeded, 5)])
        let result = try merger(["out"]).merge()
        #expect(result.paidByTwoParts.count == 1)
        let entry = try #require(result.paidByTwoParts.first)
        #expect(entry.sha256 == "same")
        #expect(entry.payers.map(\.inputPath) == ["red/shoe.jpg", "sale/shoe-copy.jpg"])
        #expect(entry.imagesPaidTwice == 5)
        #expect(result.imagesPaidTwice == 5)
        #expect(result.exitCode == 0, "paid twice is named, not a failure of the merge")
        #expect(result.text.contains("Paid by two parts: 1 contents"))
    }

    @Test func anInputInTwoPartsIsNamedAndCountedOnce() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try writePart("1/2", in: "out", rows: [("a.jpg", "h1", .failed, 0)])
        try writePart("2/2", in: "out", rows: [("a.jpg", "h1", .succeeded, 5)])
        let result = try merger(["out"]).merge()
        #expect(result.inputsInTwoParts.map(\.inputPath) == ["a.jpg"])
        #expect(result.manifest.totals.inputs == 1)
        #expect(result.manifest.items.first?.status == .succeeded, "the row that did the work wins")
    }

    @Test func nothingToMergeAndMixedSplitsAreRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
        #expect(throws: MergeError.self) { try merger(["empty"]).merge() }
        #expect(throws: MergeError.self) { try merger(["nowhere"]).merge() }
        try writePart("1/2", in: "mixed", rows: [("a.jpg", "h1", .succeeded, 5)])
        try writePart("1/3", in: "mixed", rows: [("b.jpg", "h2", .succeeded, 5)])
        do {
            _ = try merger(["mixed"]).merge()
            Issue.record("parts of different splits must be refused")
        } catch {
            #expect(error.code == .mixedSplits)
        }
    }

    @Test func theSameFolderGivenTwiceCountsOnce() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try writePart("1/1", in: "out", rows: [("a.jpg", "h1", .succeeded, 5)])
        let result = try merger(["out", "out/", "out/manifest.part-1-of-1.json"]).merge()
        #expect(result.parts.count == 1 && result.manifest.totals.imagesCharged == 5)
    }
}
