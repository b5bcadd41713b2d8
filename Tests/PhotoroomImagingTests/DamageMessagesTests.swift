import Testing

@testable import PhotoroomImaging

/// Issue 9 rule 8: a 12-bit JPEG is unsupported (not corrupt), and a PNG whose signature a text-mode transfer
/// changed says so.
@Suite struct DamageMessagesTests {
    /// An 8-bit baseline JPEG whose SOF0 says 12-bit samples: what a 12-bit JPEG looks like to an 8-bit libjpeg
    /// (libjpeg-turbo 2.1's cjpeg cannot write one).
    static func twelveBitJPEG() throws -> [UInt8] {
        var bytes = try ImageCodec.encodeJPEG(TestImages.gradient(width: 32, height: 24, alpha: false), quality: 90)
        let sof = try #require(bytes.indices.dropLast(4).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        #expect(bytes[sof + 4] == 8)
        bytes[sof + 4] = 12
        return bytes
    }

    @Test(arguments: [ProbeMode.header, .full])
    func twelveBitJPEGIsUnsupportedNotCorrupt(mode: ProbeMode) throws {
        let bytes = try Self.twelveBitJPEG()
        let verdict = ImageValidator(mode: mode).validate(bytes, fileName: "scan.jpg")
        let issue = try #require(verdict.errors.first)
        #expect(issue.code == .unsupportedFormat, "\(issue)")
        #expect(issue.message.contains("12-bit JPEG"), "\(issue.message)")
        #expect(issue.message.contains("only 8-bit JPEGs are supported"))
        #expect(!issue.message.contains("corrupt"))
        let decodeError = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(bytes) }
        #expect(decodeError?.code == .unsupported)
    }

    static func png() throws -> [UInt8] {
        try ImageCodec.encodePNG(TestImages.gradient(width: 40, height: 30))
    }

    /// Every CR LF made LF (a Windows-to-Unix text transfer), or every LF made CR LF (the other way).
    static func convertLineEndings(_ bytes: [UInt8], toUnix: Bool) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if toUnix, bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 1
                continue
            }
            if !toUnix, bytes[index] == 0x0A { result.append(0x0D) }
            result.append(bytes[index])
            index += 1
        }
        return result
    }

    @Test(arguments: [(true, "CR LF became LF"), (false, "LF became CR LF")])
    func textModeTransferOfAPNGSaysSo(toUnix: Bool, change: String) throws {
        let damaged = Self.convertLineEndings(try Self.png(), toUnix: toUnix)
        for mode in [ProbeMode.header, .full] {
            let verdict = ImageValidator(mode: mode).validate(damaged, fileName: "product.png")
            let issue = try #require(verdict.errors.first)
            #expect(issue.code == .corrupt, "\(issue)")
            #expect(issue.message.contains("text-mode transfer"), "\(issue.message)")
            #expect(issue.message.contains(change), "\(issue.message)")
            #expect(issue.message.contains("binary mode"))
        }
    }

    @Test func otherDataIsNotMistakenForADamagedPNG() throws {
        let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20)
        #expect(ImageValidator().validate(gif, fileName: "a.gif").errors.first?.code == .unsupportedFormat)
        let text = Array("\u{89}PNG is a format\n".utf8)
        #expect(ImageValidator().validate(text, fileName: "a.txt").errors.first?.message.contains("text-mode") != true)
        #expect(ImageValidator().validate(try Self.png(), fileName: "ok.png").errors.isEmpty)
    }
}
