import Testing

@testable import PhotoroomImaging

@Suite struct ImageProbeTests {
    let full = ImageProbe(mode: .full)
    let header = ImageProbe(mode: .header)

    // MARK: PNG colour types

    struct PNGCase: Sendable, CustomStringConvertible {
        var colorType: Int
        var bitDepth: Int
        var interlaced = false
        var model: ColorModel
        var description: String { "type \(colorType) depth \(bitDepth)\(interlaced ? " interlaced" : "")" }
    }

    static let pngCases: [PNGCase] = [
        .init(colorType: 0, bitDepth: 1, model: .gray), .init(colorType: 0, bitDepth: 2, model: .gray),
        .init(colorType: 0, bitDepth: 4, model: .gray), .init(colorType: 0, bitDepth: 8, model: .gray),
        .init(colorType: 0, bitDepth: 16, model: .gray), .init(colorType: 2, bitDepth: 8, model: .rgb),
        .init(colorType: 2, bitDepth: 16, model: .rgb), .init(colorType: 3, bitDepth: 1, model: .palette),
        .init(colorType: 3, bitDepth: 4, model: .palette), .init(colorType: 3, bitDepth: 8, model: .palette),
        .init(colorType: 4, bitDepth: 8, model: .grayAlpha), .init(colorType: 4, bitDepth: 16, model: .grayAlpha),
        .init(colorType: 6, bitDepth: 8, model: .rgba), .init(colorType: 6, bitDepth: 16, model: .rgba),
        .init(colorType: 2, bitDepth: 8, interlaced: true, model: .rgb),
        .init(colorType: 3, bitDepth: 2, interlaced: true, model: .palette),
        .init(colorType: 6, bitDepth: 16, interlaced: true, model: .rgba),
    ]

    /// The sample at (x, y, channel) for a bit depth: a pattern that exercises every value range.
    static func pattern(_ depth: Int) -> (Int, Int, Int) -> Int {
        { x, y, channel in (x * 7 + y * 3 + channel * 5) % (1 << depth) }
    }

    static func writer(_ testCase: PNGCase, width: Int = 23, height: Int = 17) -> PNGWriter {
        var writer = PNGWriter(
            width: width, height: height, bitDepth: testCase.bitDepth, colorType: testCase.colorType,
            interlaced: testCase.interlaced, sample: pattern(testCase.bitDepth))
        if testCase.colorType == 3 {
            let entries = 1 << testCase.bitDepth
            var palette: [UInt8] = []
            for entry in 0..<entries {
                let red = entry * 255 / max(1, entries - 1)
                let green = 255 - entry * 3 % 256
                palette += [UInt8(red), UInt8(green), 40]
            }
            writer.palette = palette
        }
        return writer
    }

    @Test(arguments: pngCases)
    func probesEveryPNGColourType(testCase: PNGCase) throws {
        let png = Self.writer(testCase).encode()
        for probe in [full, header] {
            let info = try probe.probe(png)
            #expect(info.format == .png)
            #expect(info.width == 23 && info.height == 17)
            #expect(info.bitDepth == testCase.bitDepth)
            #expect(info.colorModel == testCase.model)
            #expect(info.isInterlaced == testCase.interlaced)
            #expect(info.hasAlpha == (testCase.colorType & 4 != 0))
            #expect(info.checkedDepth == probe.mode)
        }
    }

    @Test(arguments: pngCases)
    func decodesEveryPNGColourTypeToRGBA(testCase: PNGCase) throws {
        let writer = Self.writer(testCase)
        let image = try ImageCodec.decode(writer.encode())
        #expect(image.width == 23 && image.height == 17)
        let depth = testCase.bitDepth
        let maxValue = (1 << depth) - 1
        for (x, y) in [(0, 0), (5, 3), (22, 16), (11, 9)] {
            let offset = (y * 23 + x) * 4
            let rgba = Array(image.pixels[offset..<offset + 4])
            let expected: [Int]
            func scaled(_ channel: Int) -> Int {
                let value = writer.sample(x, y, channel)
                return (value * 255 + maxValue / 2) / maxValue
            }
            switch testCase.colorType {
            case 0: expected = [scaled(0), scaled(0), scaled(0), 255]
            case 2: expected = [scaled(0), scaled(1), scaled(2), 255]
            case 3:
                let index = writer.sample(x, y, 0)
                expected = writer.palette[index * 3..<index * 3 + 3].map(Int.init) + [255]
            case 4: expected = [scaled(0), scaled(0), scaled(0), scaled(1)]
            default: expected = [scaled(0), scaled(1), scaled(2), scaled(3)]
            }
            let close = zip(rgba, expected).allSatisfy { abs(Int($0) - $1) <= 1 }
            #expect(close, "pixel (\(x), \(y)) is \(rgba), expected \(expected)")
        }
    }

    @Test func paletteTransparencyBecomesAlpha() throws {
        var writer = PNGWriter(width: 4, height: 1, bitDepth: 8, colorType: 3) { x, _, _ in x }
        writer.palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]
        writer.transparency = [0, 128]  // entries 0 and 1; the rest opaque
        let png = writer.encode()
        #expect(try full.probe(png).hasAlpha)
        let image = try ImageCodec.decode(png)
        #expect(image.pixels == [255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 9, 9, 9, 255])
    }

    @Test func grayAndRGBTransparencyKeysBecomeAlpha() throws {
        // Gray 8-bit: value 7 is transparent. RGB 16-bit: (0x0102, 0x0304, 0x0506) is transparent.
        var gray = PNGWriter(width: 2, height: 1, bitDepth: 8, colorType: 0) { x, _, _ in x == 0 ? 7 : 200 }
        gray.transparency = [0, 7]
        #expect(try ImageCodec.decode(gray.encode()).pixels == [7, 7, 7, 0, 200, 200, 200, 255])
        var rgb = PNGWriter(width: 2, height: 1, bitDepth: 16, colorType: 2) { x, _, channel in
            x == 0 ? [0x0102, 0x0304, 0x0506][channel] : 0xFFFF
        }
        rgb.transparency = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06]
        let info = try full.probe(rgb.encode())
        #expect(info.hasAlpha && info.colorModel == .rgb && info.bitDepth == 16)
        #expect(try ImageCodec.decode(rgb.encode()).pixels == [1, 3, 5, 0, 255, 255, 255, 255])
    }

    // MARK: JPEG flavours

    static let jpegFlavours: [(ColorModel, Bool)] = [
        (.ycbcr, false), (.ycbcr, true), (.gray, false), (.rgb, false), (.cmyk, false), (.ycck, false), (.cmyk, true),
    ]

    @Test(arguments: jpegFlavours)
    func probesAndDecodesEveryJPEGFlavour(model: ColorModel, progressive: Bool) throws {
        // A flat orange: R 255, G 128, B 0.
        let (width, height) = (48, 32)
        let samples: [UInt8]
        let channels: Int
        switch model {
        case .gray:
            channels = 1
            samples = [UInt8](repeating: 128, count: width * height)
        case .cmyk, .ycck:
            channels = 4  // stored inverted (Adobe): 255 = no ink. Orange = no cyan, half magenta, full yellow.
            samples = (0..<(width * height)).flatMap { _ in [UInt8(255), 127, 0, 255] }
        default:
            channels = 3
            samples = (0..<(width * height)).flatMap { _ in [UInt8(255), 128, 0] }
        }
        let jpeg = try ImageCodec.encodeJPEG(
            samples: samples, width: width, height: height, channels: channels,
            flavour: .init(colorModel: model, progressive: progressive, quality: 95))
        let info = try full.probe(jpeg)
        #expect(info.format == .jpeg)
        #expect(info.width == width && info.height == height)
        #expect(info.colorModel == model)
        #expect(info.isProgressive == progressive)
        #expect(info.channels == channels)
        #expect(info.bitDepth == 8)
        #expect(try header.probe(jpeg).colorModel == model)

        let image = try ImageCodec.decode(jpeg)
        let center = ((height / 2) * width + width / 2) * 4
        let rgba = image.pixels[center..<center + 4].map(Int.init)
        let expected = model == .gray ? [128, 128, 128, 255] : [255, 128, 0, 255]
        #expect(zip(rgba, expected).allSatisfy { abs($0 - $1) <= 4 }, "decoded \(rgba), expected \(expected)")
    }

    @Test func cmykWithoutAdobeMarkerIsNotInverted() throws {
        // Plain CMYK (255 = full ink): orange is no cyan, half magenta, full yellow, no black.
        let samples = [UInt8]((0..<(32 * 32)).map { _ in [UInt8(0), 127, 255, 0] }.joined())
        let adobe = try ImageCodec.encodeJPEG(
            samples: samples, width: 32, height: 32, channels: 4, flavour: .init(colorModel: .cmyk, quality: 95))
        let app14 = Bytes.find([0xFF, 0xEE], in: adobe)!
        let length = Int(adobe[app14 + 2]) << 8 | Int(adobe[app14 + 3])
        let plain = Array(adobe[..<app14] + adobe[(app14 + 2 + length)...])
        #expect(try full.probe(plain).colorModel == .cmyk)
        let image = try ImageCodec.decode(plain)
        let rgb = image.pixels[0..<3].map(Int.init)
        #expect(zip(rgb, [255, 128, 0]).allSatisfy { abs($0 - $1) <= 4 }, "decoded \(rgb)")
    }

    // MARK: Damage

    func sampleJPEG(progressive: Bool = false) throws -> [UInt8] {
        let image = TestImages.gradient(width: 320, height: 240, alpha: false)
        return try ImageCodec.encodeJPEG(
            samples: image.pixels, width: 320, height: 240, channels: 4,
            flavour: .init(progressive: progressive, quality: 90))
    }

    func samplePNG() throws -> [UInt8] {
        try ImageCodec.encodePNG(TestImages.gradient(width: 320, height: 240))
    }

    @Test(arguments: [false, true])
    func truncatedJPEGPassesHeaderButFailsFull(progressive: Bool) throws {
        let jpeg = try sampleJPEG(progressive: progressive)
        let cut = Array(jpeg.prefix(jpeg.count * 2 / 3))
        #expect(try header.probe(cut).width == 320)
        let error = #expect(throws: ImageProbeError.self) { try full.probe(cut) }
        #expect(error?.code == .truncated)
        #expect(error?.message.contains("JPEG") == true)
    }

    @Test func truncatedJPEGIsToleratedWhenNotStrict() throws {
        let jpeg = try sampleJPEG()
        let info = try ImageProbe(mode: .full, strictJPEG: false).probe(Array(jpeg.prefix(jpeg.count / 2)))
        #expect(info.decoderWarning?.contains("libjpeg warnings") == true)
    }

    @Test func garbageInsideJPEGScanIsCorrupt() throws {
        var jpeg = try sampleJPEG()
        let scan = Bytes.find([0xFF, 0xDA], in: jpeg)!
        var random = SplitMix(seed: 3)
        for index in (scan + 40)..<(scan + 400) { jpeg[index] = UInt8(truncatingIfNeeded: random.next()) | 0x01 }
        // Random data mid-scan yields corrupt-data warnings or an unsupported-marker error: both refuse the file.
        let error = #expect(throws: ImageProbeError.self) { try full.probe(jpeg) }
        #expect(error?.code == .corrupt || error?.code == .truncated)
    }

    @Test func thousandsOfProgressiveScansAreRefused() throws {
        let jpeg = try sampleJPEG(progressive: true)
        // Repeat the last scan (SOS to EOI) 1,200 times: libjpeg would only warn and decode each one.
        var lastScan = 0
        var search = 0
        while let found = Bytes.find([0xFF, 0xDA], in: jpeg, from: search) {
            lastScan = found
            search = found + 2
        }
        let scan = Array(jpeg[lastScan..<(jpeg.count - 2)])
        var bomb = Array(jpeg[..<lastScan])
        for _ in 0..<1_200 { bomb += scan }
        bomb += [0xFF, 0xD9]
        let error = #expect(throws: ImageProbeError.self) { try full.probe(bomb) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("progressive scans") == true, "\(String(describing: error))")
    }

    @Test func jpegHeaderOnlyIsRefused() throws {
        let jpeg = try sampleJPEG()
        let sos = Bytes.find([0xFF, 0xDA], in: jpeg)!
        let error = #expect(throws: ImageProbeError.self) { try header.probe(Array(jpeg.prefix(sos))) }
        #expect(error?.code == .truncated)
    }

    @Test func truncatedPNGPassesHeaderButFailsFull() throws {
        let png = try samplePNG()
        let cut = Array(png.prefix(png.count / 2))
        #expect(try header.probe(cut).height == 240)
        let error = #expect(throws: ImageProbeError.self) { try full.probe(cut) }
        #expect(error?.code == .truncated)
    }

    @Test func brokenIDATCRCIsCorrupt() throws {
        var png = try samplePNG()
        let idat = Bytes.find(Array("IDAT".utf8), in: png)!
        let length = Int(png[idat - 4]) << 24 | Int(png[idat - 3]) << 16 | Int(png[idat - 2]) << 8 | Int(png[idat - 1])
        png[idat + 4 + length] ^= 0x55  // first byte of the CRC
        #expect(try header.probe(png).width == 320)
        let error = #expect(throws: ImageProbeError.self) { try full.probe(png) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("CRC") == true, "\(String(describing: error))")
    }

    @Test func damagedDeflateDataIsCorrupt() throws {
        var png = try samplePNG()
        let idat = Bytes.find(Array("IDAT".utf8), in: png)!
        for index in (idat + 20)..<(idat + 60) { png[index] ^= 0x5A }
        let error = #expect(throws: ImageProbeError.self) { try full.probe(png) }
        #expect(error?.code == .corrupt)
    }

    @Test func brokenIHDRCRCIsCorruptEvenInHeaderMode() throws {
        var png = try samplePNG()
        png[20] ^= 0x01  // a height byte, CRC not updated
        let error = #expect(throws: ImageProbeError.self) { try header.probe(png) }
        #expect(error?.code == .corrupt)
    }

    @Test func missingIENDIsCaughtInFullMode() throws {
        let png = Bytes.pngRemovingChunk("IEND", from: try samplePNG())
        #expect(try header.probe(png).width == 320)
        let error = #expect(throws: ImageProbeError.self) { try full.probe(png) }
        #expect(error?.code == .truncated)
    }

    @Test func emptyAndRandomBytesAreRefused() throws {
        #expect((#expect(throws: ImageProbeError.self) { try full.probe([]) })?.code == .empty)
        var random = SplitMix(seed: 11)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let error = #expect(throws: ImageProbeError.self) { try full.probe(noise) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.message.contains("unrecognised") == true)
    }

    @Test func textIsNamedAsText() {
        let error = #expect(throws: ImageProbeError.self) { try full.probe(Array("just some notes\n".utf8)) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.message.hasPrefix("text") == true)
    }

    @Test func otherDocumentsAreNamed() {
        let utf8 = Array("Produktbeschreibung: Schuhe für den Sommer — größe 42\n".utf8)
        #expect((#expect(throws: ImageProbeError.self) { try full.probe(utf8) })?.message.hasPrefix("text") == true)
        let cutCharacter = Array(Array(String(repeating: "é", count: 300).utf8).prefix(511))
        #expect(
            (#expect(throws: ImageProbeError.self) { try full.probe(cutCharacter) })?.message.hasPrefix("text") == true)
        let pdf = Array("%PDF-1.7\n%\u{00e2}\u{00e3}".utf8) + [0, 1, 2]
        #expect((#expect(throws: ImageProbeError.self) { try full.probe(pdf) })?.message.contains("PDF") == true)
        // HEIC is read (only its container): an ftyp alone has no image in it.
        let heic: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)
        #expect(
            (#expect(throws: ImageProbeError.self) { try full.probe(heic) })?.message.hasPrefix("corrupt HEIF") == true)
    }

    static let otherFormats: [([UInt8], ImageFormat)] = {
        let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B]
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        let boxStart: [UInt8] = [0, 0, 0, 0x18]
        let avif: [UInt8] = boxStart + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1".utf8)
        return [(gif, .gif), (tiff, .tiff), (avif, .avif)]
    }()

    @Test(arguments: otherFormats)
    func otherFormatsAreRecognisedAndRefused(bytes: [UInt8], format: ImageFormat) {
        let error = #expect(throws: ImageProbeError.self) { try full.probe(bytes) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.format == format)
        #expect(error?.message.contains(format.displayName) == true)
    }

    // MARK: Bombs

    @Test(arguments: [ProbeMode.header, .full])
    func pngClaiming100000SquaredIsRefusedUnread(mode: ProbeMode) throws {
        let bomb = Bytes.pngClaiming(width: 100_000, height: 100_000, from: try samplePNG())
        let error = #expect(throws: ImageProbeError.self) { try ImageProbe(mode: mode).probe(bomb) }
        #expect(error?.code == .tooManyPixels)
        #expect(error?.dimensions == .init(width: 100_000, height: 100_000))
        let decodeError = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(bomb) }
        #expect(decodeError?.code == .tooManyPixels)
    }

    @Test(arguments: [ProbeMode.header, .full])
    func jpegClaiming65000SquaredIsRefusedUnread(mode: ProbeMode) throws {
        let bomb = Bytes.jpegClaiming(width: 65_000, height: 65_000, from: try sampleJPEG(progressive: mode == .full))
        let error = #expect(throws: ImageProbeError.self) { try ImageProbe(mode: mode).probe(bomb) }
        #expect(error?.code == .tooManyPixels)
        #expect(error?.message.contains("65000x65000") == true)
        let decodeError = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(bomb) }
        #expect(decodeError?.code == .tooManyPixels)
    }

    @Test func pixelLimitIsInclusive() throws {
        let png = try samplePNG()
        #expect(try ImageProbe(maxPixels: 320 * 240).probe(png).pixelCount == 76_800)
        #expect(
            (#expect(throws: ImageProbeError.self) { try ImageProbe(maxPixels: 320 * 240 - 1).probe(png) })?.code
                == .tooManyPixels)
    }

    // MARK: WebP headers

    static func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        let padded = payload + (payload.count % 2 == 1 ? [0] : [])
        let body = Array("WEBP".utf8) + Array(chunk.utf8) + Bytes.littleEndian32(payload.count) + padded
        return Array("RIFF".utf8) + Bytes.littleEndian32(body.count) + body
    }

    @Test func webpLossyDimensions() throws {
        // Frame tag (3 bytes), start code, 14-bit width and height.
        let vp8: [UInt8] =
            [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A] + [0x20, 0x03, 0x58, 0x02] + [UInt8](repeating: 0, count: 20)
        let info = try full.probe(Self.riff("VP8 ", vp8))
        #expect(info.format == .webp)
        #expect(info.width == 800 && info.height == 600)
        #expect(!info.hasAlpha)
        #expect(info.checkedDepth == .header)
        #expect(info.note?.contains("header level only") == true)
    }

    @Test func webpLosslessDimensions() throws {
        let bits = (1023 - 1) | (767 - 1) << 14 | 1 << 28
        let info = try full.probe(Self.riff("VP8L", [0x2F] + Bytes.littleEndian32(bits) + [0, 0, 0]))
        #expect(info.width == 1023 && info.height == 767)
        #expect(info.hasAlpha)
    }

    @Test func webpExtendedDimensions() throws {
        let width = 5000 - 1
        let height = 3000 - 1
        let payload: [UInt8] =
            [0x10, 0, 0, 0] + Array(Bytes.littleEndian32(width).prefix(3))
            + Array(Bytes.littleEndian32(height).prefix(3))
        let info = try full.probe(Self.riff("VP8X", payload))
        #expect(info.width == 5000 && info.height == 3000)
        #expect(info.hasAlpha)
    }

    @Test func webpBombAndTruncationAreRefused() throws {
        let huge: [UInt8] = [0, 0, 0, 0] + [0xFF, 0xFF, 0xFF] + [0xFF, 0xFF, 0xFF]
        #expect(
            (#expect(throws: ImageProbeError.self) { try full.probe(Self.riff("VP8X", huge)) })?.code == .tooManyPixels)
        let whole = Self.riff("VP8L", [0x2F, 0, 0, 0, 0, 0, 0, 0])
        #expect((#expect(throws: ImageProbeError.self) { try full.probe(Array(whole.prefix(24))) })?.code == .truncated)
    }
}
