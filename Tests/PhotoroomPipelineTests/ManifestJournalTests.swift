import Foundation
import PhotoroomPipeline
import Testing

@Suite struct ManifestJournalTests {
    func row(
        _ path: String,
        status: ManifestItem.Status = .succeeded,
        sha: String = "aa",
        settings: String = "s1"
    )
        -> ManifestItem
    {
        ManifestItem(
            inputPath: path,
            sha256: sha,
            settingsHash: settings,
            status: status,
            outputPath: path.replacingOccurrences(of: ".jpg", with: ".png"),
            imagesCharged: status == .succeeded ? 5 : 0,
            attempts: 1
        )
    }

    @Test func manifestIsWrittenAtomicallyWithSortedKeysAndReadsBack() async throws {
        try await withRunDirectories { _, output in
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let header = RunManifest.Header(
                toolVersion: "1.0",
                runID: "r1",
                plan: "basic",
                sandbox: false,
                configHash: "c",
                settingsHash: "s1",
                startedAt: Date(timeIntervalSince1970: 1_000_000)
            )
            var totals = RunManifest.Totals()
            let items = [row("b/cat.jpg"), row("a/cat.jpg", status: .failed)]
            totals.count(items)
            let manifest = RunManifest(run: header, totals: totals, items: items)
            let url = ManifestFiles(outputDirectory: output).manifest
            try ManifestWriter.write(manifest, to: url)

            #expect(try ManifestWriter.read(from: url) == manifest)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains("\"version\" : 1"))
            let keys = ["\"items\"", "\"run\"", "\"totals\"", "\"version\""].map { text.range(of: $0)!.lowerBound }
            #expect(keys == keys.sorted())
            #expect(totals.succeeded == 1 && totals.failed == 1 && totals.imagesCharged == 5)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path)
            #expect(leftovers == ["manifest.json"])
        }
    }

    @Test func journalReplayToleratesATornLastLineAndAppendsOnANewLine() async throws {
        try await withRunDirectories { _, output in
            let url = ManifestFiles(outputDirectory: output).journal
            let journal = try Journal(url: url)
            try await journal.append(
                .attemptStarted(runID: "r", path: "a.jpg", sha256: "aa", settingsHash: "s1", attempt: 1)
            )
            try await journal.append(.itemFinished(runID: "r", item: row("a.jpg")))
            await journal.close()
            // A kill -9 in the middle of a write leaves half a line.
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"kind\":\"item-finished\",\"item\":{\"inputPa".utf8))
            try handle.close()

            let torn = try ResumeIndex.replay(journalAt: url)
            #expect(torn.tornLines == 1)
            #expect(torn.records == 2)
            #expect(torn.lastFinished["a.jpg"]?.status == .succeeded)
            #expect(torn.imagesChargedAllRuns == 5)

            let reopened = try Journal(url: url)
            try await reopened.append(
                .attemptStarted(runID: "r2", path: "b.jpg", sha256: "bb", settingsHash: "s1", attempt: 1)
            )
            await reopened.close()
            let replayed = try ResumeIndex.replay(journalAt: url)
            #expect(replayed.tornLines == 0)
            #expect(replayed.unreadableLines == 1)
            #expect(replayed.openAttempts["b.jpg"] != nil)
            #expect(replayed.records == 3)
        }
    }

    @Test func groupCommitOneFsyncCoversEveryLineWrittenBeforeIt() async throws {
        try await withRunDirectories { _, output in
            let url = ManifestFiles(outputDirectory: output).journal
            let journal = try Journal(url: url)
            // Three workers write their lines, then each waits for its own: the first fsync covers all three.
            var sequences: [UInt64] = []
            for name in ["a.jpg", "b.jpg", "c.jpg"] {
                sequences.append(try await journal.append(.itemFinished(runID: "r", item: row(name)), sync: false))
            }
            #expect(sequences == [1, 2, 3])
            #expect(await journal.syncCount == 0)
            try await journal.sync(upTo: sequences[0])
            #expect(await journal.syncCount == 1)
            try await journal.sync(upTo: sequences[2])
            try await journal.sync(upTo: sequences[1])
            #expect(await journal.syncCount == 1, "already on disk: no second fsync")
            // A line written after the fsync needs one of its own.
            let fourth = try await journal.append(.itemFinished(runID: "r", item: row("d.jpg")), sync: false)
            try await journal.sync(upTo: fourth)
            #expect(await journal.syncCount == 2)
            #expect(try await journal.append(.itemFinished(runID: "r", item: row("e.jpg"))) == 5)
            #expect(await journal.syncCount == 3)
            await journal.close()
            let replayed = try ResumeIndex.replay(journalAt: url)
            #expect(replayed.records == 5)
            #expect(replayed.tornLines == 0)
            #expect(Set(replayed.lastFinished.keys) == ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"])
        }
    }

    @Test func resumeDecisions() throws {
        var index = ResumeIndex()
        index.apply(.itemFinished(runID: "r", item: row("done.jpg")))
        index.apply(.attemptStarted(runID: "r", path: "killed.jpg", sha256: "aa", settingsHash: "s1", attempt: 1))
        var unknown = row("unknown.jpg", status: .failed)
        unknown.unknownOutcomes = 1
        index.apply(.itemFinished(runID: "r", item: unknown))
        index.apply(.itemFinished(runID: "r", item: row("failed.jpg", status: .failed)))

        let done = index.decision(path: "done.jpg", sha256: "aa", settingsHash: "s1", outputExists: true, force: false)
        #expect(done == .done(previous: row("done.jpg")))
        #expect(
            index.decision(path: "done.jpg", sha256: "aa", settingsHash: "s2", outputExists: true, force: false)
                == .pending(possiblyBilled: false)
        )
        #expect(
            index.decision(path: "done.jpg", sha256: "bb", settingsHash: "s1", outputExists: true, force: false)
                == .pending(possiblyBilled: false)
        )
        #expect(
            index.decision(path: "done.jpg", sha256: "aa", settingsHash: "s1", outputExists: false, force: false)
                == .pending(possiblyBilled: false)
        )
        #expect(
            index.decision(path: "done.jpg", sha256: "aa", settingsHash: "s1", outputExists: true, force: true)
                == .pending(possiblyBilled: false)
        )
        #expect(
            index.decision(path: "killed.jpg", sha256: "aa", settingsHash: "s1", outputExists: false, force: false)
                == .pending(possiblyBilled: true)
        )
        #expect(
            index.decision(path: "unknown.jpg", sha256: "aa", settingsHash: "s1", outputExists: false, force: false)
                == .pending(possiblyBilled: true)
        )
        #expect(
            index.decision(path: "failed.jpg", sha256: "aa", settingsHash: "s1", outputExists: false, force: false)
                == .pending(possiblyBilled: false)
        )
        #expect(index.produced(outputPath: "done.png"))
        #expect(!index.produced(outputPath: "failed.png"))
    }

    @Test func finishedRecordClosesTheOpenAttempt() {
        var index = ResumeIndex()
        index.apply(.attemptStarted(runID: "r", path: "a.jpg", sha256: "aa", settingsHash: "s1", attempt: 1))
        #expect(index.openAttempts["a.jpg"] != nil)
        index.apply(.itemFinished(runID: "r", item: row("a.jpg")))
        #expect(index.openAttempts.isEmpty)
        #expect(
            index.decision(path: "a.jpg", sha256: "aa", settingsHash: "s1", outputExists: true, force: false)
                == .done(previous: row("a.jpg"))
        )
    }

    @Test func outputPathsMirrorTheTreeWithTheFormatsExtension() throws {
        let layout = OutputLayout(
            inputDirectory: URL(fileURLWithPath: "/in"),
            outputDirectory: URL(fileURLWithPath: "/out"),
            format: .png
        )
        #expect(layout.outputRelativePath(forInput: "a/cat.jpg") == "a/cat.png")
        #expect(layout.outputRelativePath(forInput: "b/cat.jpg") == "b/cat.png")
        #expect(layout.outputRelativePath(forInput: "x.y/photo.final.JPEG") == "x.y/photo.final.png")
        #expect(layout.outputRelativePath(forInput: ".hidden") == ".hidden.png")
        var jpeg = layout
        jpeg.format = try EditSettings(parameters: ["export.format": "jpeg"]).outputFormat()
        #expect(jpeg.outputRelativePath(forInput: "a/cat.png") == "a/cat.jpg")
        #expect(try EditSettings(parameters: ["export.format": "JPG"]).outputFormat() == .jpeg)
        #expect(try EditSettings(parameters: ["export.format": "webp"]).outputFormat().fileExtension == "webp")
        #expect(try EditSettings(parameters: ["export.format": "avif"]).outputFormat().fileExtension == "avif")
        #expect(throws: RunError.self) { try EditSettings(parameters: ["export.format": "gif"]).outputFormat() }
    }

    @Test func outputInsideInputIsRefused() async throws {
        try await withRunDirectories { input, output in
            func check(_ out: URL) -> Bool {
                let layout = OutputLayout(inputDirectory: input, outputDirectory: out, format: .png)
                do {
                    try layout.checkOutputOutsideInput()
                    return true
                } catch {
                    #expect(error.code == .outputInsideInput)
                    return false
                }
            }
            #expect(check(output))
            #expect(!check(input))
            #expect(!check(input.appendingPathComponent("results/deeper")))
            #expect(!check(input.appendingPathComponent("sub/../results")))
            #expect(check(input.deletingLastPathComponent().appendingPathComponent("in-results")))
            let link = input.deletingLastPathComponent().appendingPathComponent("link")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
            #expect(!check(link.appendingPathComponent("out")))
        }
    }

    @Test func settingsHashIgnoresOrderAndChangesWithAnyValue() {
        let a = EditSettings(parameters: ["removeBackground": "true", "background.color": "FFFFFF"])
        let b = EditSettings(parameters: ["background.color": "FFFFFF", "removeBackground": "true"])
        let c = EditSettings(parameters: ["background.color": "000000", "removeBackground": "true"])
        #expect(a.hash == b.hash)
        #expect(a.hash != c.hash)
        #expect(a.hash.count == 64)
        #expect(a.orderedParameters.map(\.name) == ["background.color", "removeBackground"])
    }

    @Test func fileDigestMatchesAKnownHash() async throws {
        try await withRunDirectories { input, _ in
            let file = try writeRunInput(input, "abc.txt", "abc")
            let digest = try FileDigest.sha256(ofFileAt: file.url)
            #expect(digest.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(digest.bytes == 3)
        }
    }
}
