import Foundation

@testable import PhotoroomPipeline

/// A seeded generator of journal lines with tricky content, for comparing the replay's scanner with
/// `JSONDecoder`: lines the tool writes (through its encoder, and through one that escapes slashes), hand-written
/// lines with odd but valid shapes, and broken lines (mutated, truncated, invalid).
struct JournalLineGenerator {
    /// Deterministic for a seed (``SplitMix``, the jitter tests' generator).
    private var random: SplitMix

    init(seed: UInt64) {
        random = SplitMix(state: seed)
    }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// Path pieces: unicode (composed and combining), quotes, backslashes, control characters, slashes.
    static let pieces = [
        "shelf", "item", "é", "e\u{301}", "日本", "📷", "\"", "\\", "\\\"", "/", "a b", "\t", "\n", "\u{7F}",
        "\u{1}", "über", "'", "<&>", "%20", "\u{FEFF}", "\u{2028}", "x",
    ]

    mutating func path() -> String {
        (0..<(1 + below(4))).map { _ in pick(Self.pieces) }.joined() + pick([".jpg", ".png", ".webp", ""])
    }

    mutating func hex() -> String {
        (0..<4).map { _ in String(format: "%016llx", next()) }.joined()
    }

    mutating func charged() -> Decimal {
        pick([0, 1, 5, Decimal(string: "0.2")!, Decimal(string: "2.5")!, Decimal(string: "0.125")!, 100, 12345])
    }

    /// An entry the tool could write, with optional fields left out at random.
    mutating func entry() -> JournalEntry {
        let runID = pick(["r1", "bench", "run-é", "a\"b"])
        switch below(10) {
        case 0:
            return JournalEntry(
                kind: .runStarted, runID: runID, settingsHash: hex(), toolVersion: "1.0",
                configHash: hex(), plan: "basic")
        case 1:
            return JournalEntry(kind: .runFinished, runID: runID, exitCode: 0, outcome: "completed")
        case 2:
            return JournalEntry(
                kind: .cutoutStored, runID: runID, path: path(), sha256: hex(),
                settingsHash: hex(), cutoutSHA256: chance(80) ? hex() : nil)
        case 3, 4, 5:
            return .attemptStarted(
                runID: runID, path: path(), sha256: hex(), settingsHash: hex(), attempt: 1 + below(3)
            )
        default:
            return .itemFinished(runID: runID, item: item())
        }
    }

    mutating func item() -> ManifestItem {
        let input = path()
        var item = ManifestItem(
            inputPath: input,
            sha256: chance(90) ? hex() : nil,
            format: chance(50) ? "jpeg" : nil,
            width: chance(50) ? below(5000) : nil,
            height: chance(50) ? below(5000) : nil,
            bytes: chance(50) ? Int64(below(1 << 30)) : nil,
            settingsHash: pick(["s1", hex()]),
            status: pick(ManifestItem.Status.allCases),
            outputPath: chance(80) ? path() : nil,
            imagesCharged: charged(),
            attempts: below(4),
            lastHTTPStatus: chance(50) ? pick([200, 402, 500]) : nil,
            errorCode: chance(30) ? pick(Array(ResumeIndex.billedWithoutDeliveryCodes) + ["bad-request"]) : nil,
            errorMessage: chance(20) ? "failed: \"quoted\" \\ back" : nil,
            unknownOutcomes: below(3),
            possiblyBilledTwice: chance(20)
        )
        if chance(60) {
            item.responseHeaders = .init(
                uncertaintyScore: chance(70) ? pick(["0.02", "-1", "1"]) : nil,
                unsupportedAttributes: chance(20) ? "shadow.mode" : nil,
                aiBackgroundSeed: chance(20) ? "42" : nil
            )
        }
        if chance(60) {
            item.timings = .init(
                startedAt: Date(timeIntervalSince1970: 1e9),
                finishedAt: Date(timeIntervalSince1970: 1e9 + 1.5),
                totalSeconds: 1.5,
                callSeconds: chance(50) ? 0.2 : nil
            )
        }
        if chance(20) { item.issues = [.init(code: "truncated", message: "the file ends early é")] }
        item.note = chance(10) ? "note\u{0}with nul" : nil
        item.outputSHA256 = chance(70) ? hex() : nil
        item.reusedFrom = chance(10) ? path() : nil
        item.watermarked = chance(20) ? chance(50) : nil
        item.route = chance(30) ? pick(["edit", "segment"]) : nil
        return item
    }

    /// Hand-written lines with valid but unusual shapes; the scanner must read most of them.
    mutating func oddLine() -> String {
        let sha = hex()
        let unknown = pick([
            #""extra":{"nested":[1,2.5,-3e-2,true,false,null,{"k":"v"}],"s":"\u00e9\ud83d\udcf7"}"#,
            #""list":[]"#, #""obj":{}"#, #""n":0"#, #""n":-0.0E+1"#, #""esc":"\"\\\/\b\f\n\r\t\u0000""#,
            #""time":"2026-12-01T00:00:00Z""#, #""attempt":3"#, #""unicode":"日本 📷""#,
        ])
        let charged = pick([
            "0.2", "5", "1.0", "1e0", "2.50", "0", "-0", "1E2", "0.1e1", "null", "7", "12345678901234567890",
        ])
        let space = pick(["", " ", "  ", "\t", "\r"])
        let optional = pick([
            "", #","reusedFrom":null"#, #","watermarked":true"#, #","possiblyBilledTwice":false"#,
            #","unknownOutcomes":2"#, #","responseHeaders":{}"#, #","responseHeaders":null"#,
            #","responseHeaders":{"uncertaintyScore":"0.5","other":[{}]}"#, #","errorCode":"result-not-saved""#,
        ])
        let path = pick([
            "a.jpg", #"a\/b.jpg"#, #"caf\u00e9.jpg"#, #"q\"uote.jpg"#, #"back\\slash.jpg"#, "日本.jpg",
            #"\ud83d\udcf7.png"#, #"tab\tname"#,
        ])
        switch below(3) {
        case 0:
            return "{\(space)\"kind\"\(space):\(space)\"item-finished\",\(unknown),\"runID\":\"r\",\"item\":{"
                + "\"status\":\"\(pick(["succeeded", "failed", "reused"]))\",\"inputPath\":\"\(path)\",\(unknown),"
                + "\"settingsHash\":\"s1\",\"sha256\":\"\(sha)\",\"imagesCharged\":\(charged),"
                + "\"outputPath\":\"\(path).png\",\"outputSHA256\":\"\(sha)\"\(optional)}\(space)}\(space)"
        case 1:
            return "\(space){\"runID\":\"r\",\"kind\":\"attempt-started\",\"path\":\"\(path)\",\(unknown),"
                + "\"sha256\":\"\(sha)\",\"settingsHash\":null}"
        default:
            return "{\"kind\":\"cutout-stored\",\"runID\":\"r\",\"path\":\"\(path)\",\"sha256\":\"\(sha)\","
                + "\"settingsHash\":\"k\",\"cutoutSHA256\":\"\(sha)\",\(unknown)}"
        }
    }

    /// Lines the scanner must give up on (JSONDecoder reads a few of them, refuses most).
    private static let failedRow =
        #"{"kind":"item-finished","runID":"r","item":{"inputPath":"a","settingsHash":"s","#
        + #""status":"failed","#

    static let brokenLines: [String] = [
        #"{"kind":"item-finished","runID":"r","kind":"run-started"}"#,  // a key twice
        #"{"kin\u0064":"attempt-started","runID":"r","path":"a"}"#,  // an escaped key
        #"{"kind":"attempt-started","runID":"r","path":5}"#,  // a wrong type
        #"{"kind":"nope","runID":"r"}"#,  // an unknown kind
        #"{"kind":"item-finished","runID":"r","item":{"inputPath":"a","settingsHash":"s","status":"odd"}}"#,
        #"{"kind":"item-finished","runID":"r","item":{"inputPath":"a","status":"failed"}}"#,  // no settings hash
        failedRow + #""imagesCharged":01}}"#,
        failedRow + #""unknownOutcomes":1.0}}"#,
        failedRow + #""imagesCharged":"5"}}"#,
        failedRow + #""unknownOutcomes":-1}}"#,
        #"{"kind":"attempt-started","runID":"r","path":"\ud83d"}"#,  // a lone surrogate
        #"{"kind":"attempt-started","runID":"r","path":"\udcf7x"}"#,
        #"{"kind":"attempt-started","runID":"r","x":[1,]}"#, #"{"kind":"attempt-started","runID":"r",}"#,
        #"{"kind":"attempt-started","runID":"r"} x"#, #"{"kind":"attempt-started","runID":"r"}{}"#,
        #"{"kind":"attempt-started","runID":"r","n":.5}"#, #"{"kind":"attempt-started","runID":"r","n":+1}"#,
        #"{"kind":"attempt-started","runID":"r","n":1.}"#, #"{"kind":"attempt-started","runID":"r","n":tru}"#,
        #"{"kind":"attempt-started","runID":null}"#, #"{"runID":"r"}"#, "[]", "null", "garbage", "{", "\u{FEFF}{}",
        #"{"kind":"attempt-started","runID":"r","d":"# + String(repeating: "[", count: 40)
            + String(repeating: "]", count: 40) + "}",
        "{\"kind\":\"attempt-started\",\"runID\":\"r\",\"path\":\"raw\ttab\"}",
        "{\"kind\":\"attempt-started\",\"runID\":\"r\",\"\u{e9}\":1}",
    ]

    /// `line` with one random change: a byte replaced, removed or added, or the line cut.
    mutating func mutate(_ line: [UInt8]) -> [UInt8] {
        guard !line.isEmpty else { return line }
        var bytes = line
        let at = below(bytes.count)
        // Quote, backslash, braces, brackets, comma, colon, digit, point, e, space, a UTF-8 lead byte, invalid, NUL.
        let interesting: [UInt8] = [
            0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2E, 0x65, 0x20, 0xC3, 0xFF, 0x00,
        ]
        switch below(4) {
        case 0: bytes[at] = pick(interesting)
        case 1: bytes.remove(at: at)
        case 2: bytes.insert(pick(interesting), at: at)
        default: bytes.removeSubrange(at...)
        }
        return bytes
    }
}
