import Foundation
import Testing

@testable import PhotoroomPipeline

/// The journal replay's fast path (``JournalLineScanner``) against `JSONDecoder`: wherever the scanner reads a
/// line, it reads exactly what `JSONDecoder` reads; and it reads the lines the tool writes.
@Suite struct JournalScannerTests {
    /// What `JSONDecoder` makes of a line (the replay's slow path).
    func decoded(_ line: [UInt8]) -> JournalEntry? {
        (try? JSONDecoder().decode(JournalReplayRecord.self, from: Data(line)))?.entry
    }

    func scanned(_ line: [UInt8]) -> JournalEntry? {
        line.withUnsafeBytes { JournalLineScanner.record(in: $0) }?.entry
    }

    /// The scanner's record equals the decoder's, down to how each charge prints.
    func expectSameAsDecoder(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = scanned(line) else { return false }
        let slow = decoded(line)
        let text = String(decoding: line, as: UTF8.self)
        #expect(fast == slow, "line: \(text)", sourceLocation: sourceLocation)
        #expect(
            fast.item.map { "\($0.imagesCharged)" } == slow?.item.map { "\($0.imagesCharged)" },
            "line: \(text)",
            sourceLocation: sourceLocation
        )
        return true
    }

    @Test func linesTheToolWritesAreReadByTheScannerExactlyAsByTheDecoder() throws {
        var generator = JournalLineGenerator(seed: 1)
        let toolEncoder = ManifestWriter.makeEncoder(pretty: false)
        let slashEscaping = JSONEncoder()  // escapes `/` as `\/`, keys unsorted
        for round in 0..<3_000 {
            let entry = generator.entry()
            let encoder = round % 4 == 0 ? slashEscaping : toolEncoder
            let line = [UInt8](try encoder.encode(entry))
            #expect(expectSameAsDecoder(line), "the scanner gave up on \(String(decoding: line, as: UTF8.self))")
            #expect(decoded(line) != nil)
        }
    }

    @Test func oddButValidLinesAreReadExactlyAsByTheDecoder() {
        var generator = JournalLineGenerator(seed: 2)
        var read = 0
        let rounds = 2_000
        for _ in 0..<rounds {
            let line = Array(generator.oddLine().utf8)
            if expectSameAsDecoder(line) { read += 1 }
        }
        // Only a number too long for the fast forms (20 digits) sends a line to the decoder here.
        #expect(read > rounds * 9 / 10, "the scanner read \(read) of \(rounds)")
    }

    @Test func brokenAndUnusualLinesAreLeftToTheDecoder() {
        // A key twice or escaped, a wrong type, an unknown kind or status, a missing field, numbers outside the plain
        // forms, lone surrogates, trailing bytes, deep nesting, a raw tab, a non-ASCII key.
        for text in JournalLineGenerator.brokenLines {
            #expect(scanned(Array(text.utf8)) == nil, "read: \(text)")
        }
        // Some of them the decoder reads (it keeps the first of two keys, unescapes keys...): the fallback decides.
        #expect(JournalLineGenerator.brokenLines.contains { decoded(Array($0.utf8)) != nil })
        // Invalid UTF-8 in a string it keeps and in one it skips.
        let invalid: [[UInt8]] = [
            Array(#"{"kind":"attempt-started","runID":"r","path":"a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
            Array(#"{"kind":"attempt-started","runID":"r","x":"a"#.utf8) + [0xFF] + Array(#""}"#.utf8),
            Array(#"{"kind":"attempt-started","runID":"r","x":"\u00e9"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
        ]
        for line in invalid {
            #expect(scanned(line) == nil)
        }
    }

    @Test func mutatedLinesAreNeverReadDifferentlyFromTheDecoder() throws {
        var generator = JournalLineGenerator(seed: 3)
        let encoder = ManifestWriter.makeEncoder(pretty: false)
        var read = 0
        var decodable = 0
        for round in 0..<6_000 {
            let original =
                round % 2 == 0 ? [UInt8](try encoder.encode(generator.entry())) : Array(generator.oddLine().utf8)
            var line = generator.mutate(original)
            if generator.chance(30) { line = generator.mutate(line) }
            if decoded(line) != nil { decodable += 1 }
            if expectSameAsDecoder(line) { read += 1 }
        }
        // Many mutations still decode (a changed letter in a value, a cut in an unknown field's number...).
        #expect(decodable > 200)
        #expect(read > 0)
    }

    @Test func replayWithTheScannerEqualsReplayWithTheDecoder() throws {
        var generator = JournalLineGenerator(seed: 4)
        let encoder = ManifestWriter.makeEncoder(pretty: false)
        var data = Data()
        // Paths from a small set, so later rows replace earlier ones, outputs collide, keys repeat.
        // Long values repeat from line to line (the scanner shares their storage), some with escapes.
        let paths =
            (0..<40).map { _ in generator.path() } + [
                "a-long-shelf-name/item-0001.jpg", "a-long-shelf-name/item-0001.jpg\"", "a-long-shelf-name/item-0001",
                "a-long-shelf-name/\u{e9}t\u{e9}-0001.jpg",
            ]
        let shas = (0..<3).map { _ in generator.hex() }
        let settings = (0..<2).map { _ in generator.hex() }
        // Billed rows whose result was kept aside (refused under --strict, or invalid), of content no later row
        // delivers: the kept file's SHA-256, present or not, is read alike.
        for n in 0..<4 {
            var kept = ManifestItem(
                inputPath: "kept-\(n).jpg", sha256: "kept-aside-\(n)", settingsHash: "s1", status: .failed,
                outputPath: "kept-\(n).png", imagesCharged: 5,
                errorCode: n == 3 ? "result-invalid" : "unsupported-attributes")
            kept.outputSHA256 = n == 0 ? nil : String(repeating: "\(n)", count: 64)
            data.append(try encoder.encode(JournalEntry.itemFinished(runID: "r", item: kept)))
            data.append(0x0A)
        }
        for round in 0..<4_000 {
            switch generator.below(20) {
            case 0: data.append(contentsOf: generator.pick(JournalLineGenerator.brokenLines).utf8)
            case 1: data.append(contentsOf: generator.oddLine().utf8)
            case 2: data.append(contentsOf: generator.pick(["", "  ", "\r"]).utf8)
            default:
                var entry = generator.entry()
                entry.path = entry.path.map { _ in generator.pick(paths) }
                entry.sha256 = entry.sha256.map { _ in generator.pick(shas) }
                entry.settingsHash = entry.settingsHash.map { _ in generator.pick(settings) }
                if var item = entry.item {
                    item.inputPath = generator.pick(paths)
                    item.outputPath = item.outputPath.map { _ in generator.pick(paths) + ".png" }
                    item.sha256 = item.sha256.map { _ in generator.pick(shas) }
                    item.settingsHash = generator.pick(settings)
                    entry.item = item
                }
                data.append(try encoder.encode(entry))
            }
            if round < 3_999 { data.append(0x0A) }
        }
        // A torn last line.
        data.append(contentsOf: #"{"kind":"item-finished","runID":"r","item":{"inputPa"#.utf8)
        // Large enough to be read in parallel chunks.
        var large = Data()
        while large.count < 3 << 20 {
            large.append(data.prefix(data.count - 60))
            large.append(0x0A)
        }
        large.append(data)
        // The scanner, in chunks of every size read in parallel, against the decoder in one chunk.
        for (journal, chunkSize) in [(data, 1 << 20), (data, 1), (large, 1 << 20), (large, 4096), (large, 100_000)] {
            let fast = ResumeIndex.replay(data: journal, fastPath: true, chunkSize: chunkSize)
            let slow = ResumeIndex.replay(data: journal, fastPath: false, chunkSize: 1 << 30)
            #expect(fast.records == slow.records)
            #expect(fast.records > 3_000)
            #expect(fast.tornLines == 1)
            #expect(slow.tornLines == 1)
            #expect(fast.unreadableLines == slow.unreadableLines)
            #expect(fast.unreadableLines > 0)
            #expect(fast.lastFinished == slow.lastFinished)
            #expect(fast.producedOutputs == slow.producedOutputs)
            #expect(fast.outputOwners == slow.outputOwners)
            #expect(fast.results == slow.results)
            #expect(fast.billedUndelivered == slow.billedUndelivered)
            #expect(fast.openAttempts == slow.openAttempts)
            #expect(fast.cutouts == slow.cutouts)
            #expect(fast.imagesChargedAllRuns == slow.imagesChargedAllRuns)
            #expect(!fast.results.isEmpty && !fast.openAttempts.isEmpty && !fast.cutouts.isEmpty)
            // Billed rows without a delivered result, some with the SHA-256 of a result kept aside.
            #expect(fast.billedUndelivered.values.contains { $0.outputSHA256 != nil })
        }
    }

    @Test func everyChunkIsReadOnceAndInOrderWhateverTheReaders() throws {
        var generator = JournalLineGenerator(seed: 5)
        let encoder = ManifestWriter.makeEncoder(pretty: false)
        var data = Data()
        var paths: [String] = []
        for _ in 0..<500 {
            let entry = JournalEntry.attemptStarted(
                runID: "r", path: generator.path(), sha256: generator.hex(), settingsHash: "s", attempt: 1
            )
            paths.append(entry.path!)
            data.append(try encoder.encode(entry))
            data.append(0x0A)
        }
        data.append(contentsOf: "garbage\n".utf8)
        // No reader (the caller reads every chunk), fewer readers than chunks, more readers than chunks.
        for (readers, chunkSize) in [(0, 256), (1, 256), (2, 1), (8, 20_000), (64, 4_096)] {
            var read: [String] = []
            var unreadable = 0
            JournalLines.forEachChunk(of: data, chunkSize: chunkSize, readers: readers) { chunk in
                for line in chunk.lines {
                    switch line {
                    case .record(let record): read.append(record.path ?? "")
                    case .unreadable: unreadable += 1
                    case .blank, .torn: Issue.record("no blank or torn line here")
                    }
                }
            }
            #expect(read == paths, "readers \(readers), chunks of \(chunkSize) bytes")
            #expect(unreadable == 1)
        }
    }
}
