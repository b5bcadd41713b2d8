import Foundation
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// `--shard K/N`: parsing, the stable split, the part's file names and its wording.
@Suite struct ShardSpecTests {
    @Test(arguments: ["1/1", "2/3", " 3/3 ", "100000/100000"])
    func validPartsParse(_ text: String) throws {
        let spec = try ShardSpec(parsing: text)
        #expect(spec.description == text.trimmingCharacters(in: .whitespaces))
        #expect((1...spec.count).contains(spec.index))
    }

    @Test(arguments: [
        ("0/3", "parts are numbered from 1: the first part of 3 is 1/3"),
        ("4/3", "there are only 3 parts: K must be 1...3"),
        ("a/b", "K and N must be whole numbers"),
        ("3", "expected K/N, part K of N parts (e.g. 2/3)"),
        ("1/0", "N must be at least 1"),
        ("-1/3", "K and N must be whole numbers"),
        ("+1/3", "K and N must be whole numbers"),
        ("1/3/4", "expected K/N"),
        ("", "expected K/N"),
        ("1/100001", "N must be at most 100000"),
    ])
    func badPartsSayWhatIsWrong(_ text: String, _ expected: String) {
        #expect {
            try ShardSpec(parsing: text)
        } throws: { error in
            let message = (error as? ShardSpecError)?.message ?? ""
            return message.hasPrefix("--shard \(text):") && message.contains(expected)
        }
    }

    /// Values from an independent implementation (Python's hashlib), so the split is the documented one on
    /// every platform: `int.from_bytes(sha256(nfc(key)).digest()[:8], "big") % N + 1`.
    @Test(arguments: [
        ("shoes/cat.jpg", 3, 2), ("shoes/cat.png", 7, 2), ("a/b/c.webp", 2, 1), ("img_000001.jpg", 4, 1),
        ("chaussures/e\u{301}te\u{301}.jpg", 5, 3), ("chaussures/\u{e9}t\u{e9}.jpg", 5, 3),
    ])
    func theSplitIsTheDocumentedHash(_ path: String, _ count: Int, _ part: Int) {
        #expect(ShardAssignment.part(forRelativePath: path, count: count) == part)
    }

    @Test func everyInputFallsInExactlyOnePartAndThePartsAreEven() throws {
        let paths = (0..<12_000).map { "catalog/\($0 % 17)/item-\($0).jpg" }
        for count in 1...7 {
            let parts = try (1...count).map { try ShardSpec(index: $0, count: count) }
            var sizes = [Int](repeating: 0, count: count)
            for path in paths {
                let owners = parts.filter { $0.contains(relativePath: path) }
                #expect(owners.count == 1, "\(path) in \(owners.count) parts of \(count)")
                if let owner = owners.first { sizes[owner.index - 1] += 1 }
            }
            let expected = Double(paths.count) / Double(count)
            for size in sizes { #expect(abs(Double(size) - expected) < expected * 0.1, "sizes \(sizes)") }
        }
    }

    @Test func filesThatWouldWriteTheSameOutputShareAPart() throws {
        for count in 2...12 {
            let part = ShardAssignment.part(forRelativePath: "a/cat.jpg", count: count)
            #expect(ShardAssignment.part(forRelativePath: "a/cat.png", count: count) == part)
            #expect(ShardAssignment.part(forRelativePath: "a/cat.JPEG", count: count) == part)
        }
        #expect(ShardAssignment.pathKey("a/.hidden") == "a/.hidden")
        #expect(ShardAssignment.pathKey("a.d/noext") == "a.d/noext")
        #expect(ShardAssignment.pathKey("a/b.tar.gz") == "a/b.tar")
    }

    @Test func theContentSplitUsesTheFilesHash() throws {
        let sha = "00000000000000ff" + String(repeating: "a", count: 48)
        #expect(ShardAssignment.part(forContentSHA256: sha, count: 4) == 255 % 4 + 1)
        #expect(ShardAssignment.part(forContentSHA256: "not-a-hash", count: 4) == nil)
        var spec = try ShardSpec(parsing: "2/3 by content")
        #expect(spec.key == .content)
        #expect(spec.description == "2/3 by content")
        spec = try ShardSpec(parsing: "1/3", key: .content)
        #expect(spec.contains(contentSHA256: nil), "an unreadable file belongs to part 1, which reports it")
    }

    @Test func eachPartHasItsOwnFiles() throws {
        let part = try ShardSpec(parsing: "2/3")
        #expect(ShardFileNames.manifest(part) == "manifest.part-2-of-3.json")
        #expect(ShardFileNames.journal(part) == "journal.part-2-of-3.jsonl")
        #expect(ShardFileNames.lock(part) == "lock.part-2-of-3")
        #expect(ShardFileNames.temporaryFolder(part) == "tmp.part-2-of-3")
        #expect(ShardFileNames.manifest(nil) == "manifest.json")
        #expect(ShardFileNames.journal(nil) == "journal.jsonl")
        #expect(ShardFileNames.shard(ofManifestNamed: "manifest.part-2-of-3.json") == part)
        for name in ["manifest.json", "manifest.part-4-of-3.json", "manifest.part-x-of-3.json", "manifest.part-.json"] {
            #expect(ShardFileNames.shard(ofManifestNamed: name) == nil, "\(name)")
        }
        let files = ManifestFiles(outputDirectory: URL(fileURLWithPath: "/out"), shard: part)
        #expect(files.manifest.path == "/out/manifest.part-2-of-3.json")
        #expect(files.journal.path == "/out/.photoroom-batch/journal.part-2-of-3.jsonl")
        #expect(files.lock.path == "/out/.photoroom-batch/lock.part-2-of-3")
        #expect(files.temporaryRoot.path == "/out/.photoroom-batch/tmp.part-2-of-3")
        #expect(files.temporaryDirectory(runID: "r1").path == "/out/.photoroom-batch/tmp.part-2-of-3/r1")
        let whole = ManifestFiles(outputDirectory: URL(fileURLWithPath: "/out"))
        #expect(whole.lock.path == "/out/.photoroom-batch/lock")
    }

    @Test func thePartSpeaksForItselfAndSharesTheBalance() throws {
        let part = try ShardSpec(parsing: "2/3")
        #expect(ShardWording.heading(part, inputs: 340) == "part 2 of 3: 340 images")
        let note = try #require(ShardWording.moneyNote(part, partCost: 340, balance: 1000, budget: 400))
        #expect(note.hasPrefix("the balance of 1,000 is shared with the other parts"))
        #expect(note.contains("3 parts like this one need about 1,020 images"))
        #expect(note.contains("--max-credits 400 is for this part alone"))
        let enough = try #require(ShardWording.moneyNote(part, partCost: 300, balance: 1000, budget: nil))
        #expect(enough == "the balance of 1,000 is shared with the other parts")
        #expect(ShardWording.moneyNote(try ShardSpec(parsing: "1/1"), partCost: 1, balance: 1, budget: 1) == nil)
    }

    @Test func thePreflightLineSpeaksForThePart() throws {
        var preflight = RunPreflight(
            inputs: 340, invalid: 0, alreadyDone: 0, blocked: 0, toDo: 340, possiblyBilledBefore: 0,
            plan: .basic, sandbox: false, costPerEdit: 1, cost: 340, balance: 1000
        )
        preflight.shard = try ShardSpec(parsing: "2/3")
        let line = RunSummary.preflightLine(preflight)
        #expect(line.hasPrefix("preflight: part 2 of 3: 340 images, 340 to do: 340 images on Basic"))
        #expect(line.contains("the balance of 1,000 is shared with the other parts"))
    }
}
