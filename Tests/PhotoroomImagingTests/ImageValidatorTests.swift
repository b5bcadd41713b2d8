import Foundation
import Testing

@testable import PhotoroomImaging

@Suite struct ImageValidatorTests {
    let validator = ImageValidator()

    func jpeg(width: Int = 200, height: Int = 150) throws -> [UInt8] {
        try ImageCodec.encodeJPEG(TestImages.gradient(width: width, height: height, alpha: false), quality: 85)
    }

    func png(width: Int = 200, height: Int = 150) throws -> [UInt8] {
        try ImageCodec.encodePNG(TestImages.gradient(width: width, height: height))
    }

    @Test func cleanFilesAreValid() throws {
        try withTemporaryDirectory { directory in
            let jpegVerdict = validator.validate(fileAt: try write(try jpeg(), named: "shoe.jpg", in: directory))
            #expect(jpegVerdict.status == .valid)
            #expect(jpegVerdict.issues.isEmpty)
            #expect(jpegVerdict.info?.format == .jpeg)
            #expect(jpegVerdict.info?.checkedDepth == .full)
            let pngVerdict = validator.validate(fileAt: try write(try png(), named: "Cutout.PNG", in: directory))
            #expect(pngVerdict.status == .valid)
            #expect(pngVerdict.info?.hasAlpha == true)
            #expect(pngVerdict.info?.byteCount == (try png()).count)
        }
    }

    @Test func pngNamedJPGIsValidWithAWarning() throws {
        try withTemporaryDirectory { directory in
            let verdict = validator.validate(fileAt: try write(try png(), named: "photo.jpg", in: directory))
            #expect(verdict.status == .validWithWarnings)
            #expect(verdict.issues.map(\.code) == [.extensionMismatch])
            #expect(verdict.issues.first?.message.contains("content is PNG") == true)
            let quiet = ImageValidator(limits: .init(warnOnExtensionMismatch: false))
            #expect(quiet.validate(fileAt: directory.appendingPathComponent("photo.jpg")).status == .valid)
        }
    }

    @Test func textNamedJPGIsInvalidAndSaysText() throws {
        try withTemporaryDirectory { directory in
            let verdict = validator.validate(
                fileAt: try write(Array("not an image\n".utf8), named: "x.jpg", in: directory))
            #expect(verdict.status == .invalid)
            #expect(verdict.errors.map(\.code) == [.unsupportedFormat])
            #expect(verdict.errors.first?.message.hasPrefix("text") == true)
            #expect(verdict.info == nil)
        }
    }

    @Test func gifNamedJPGSaysGIFAndMismatch() throws {
        try withTemporaryDirectory { directory in
            let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x3B]
            let verdict = validator.validate(fileAt: try write(gif, named: "logo.jpg", in: directory))
            #expect(verdict.status == .invalid)
            #expect(verdict.format == .gif)
            #expect(verdict.issues.map(\.code) == [.unsupportedFormat, .extensionMismatch])
            #expect(verdict.issues[0].message.contains("GIF"))
        }
    }

    @Test func emptyMissingAndDirectoryAreInvalid() throws {
        try withTemporaryDirectory { directory in
            let empty = validator.validate(fileAt: try write([], named: "empty.png", in: directory))
            #expect(empty.errors.map(\.code) == [.emptyFile])
            let missing = validator.validate(fileAt: directory.appendingPathComponent("nope.jpg"))
            #expect(missing.errors.map(\.code) == [.unreadable])
            #expect(missing.errors.first?.message.contains("No such file") == true)
            let folder = directory.appendingPathComponent("folder.jpg")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            let directoryVerdict = validator.validate(fileAt: folder)
            #expect(directoryVerdict.errors.map(\.code) == [.unreadable])
            #expect(directoryVerdict.errors.first?.message.contains("directory") == true)
        }
    }

    @Test func damagedFilesAreInvalid() throws {
        try withTemporaryDirectory { directory in
            let fullJPEG = try jpeg()
            let truncated = validator.validate(
                fileAt: try write(Array(fullJPEG.prefix(fullJPEG.count / 2)), named: "cut.jpg", in: directory))
            #expect(truncated.errors.map(\.code) == [.truncated])
            var brokenPNG = try png()
            brokenPNG[brokenPNG.count - 6] ^= 0xFF  // inside IEND's CRC
            let crc = validator.validate(fileAt: try write(brokenPNG, named: "crc.png", in: directory))
            #expect(crc.errors.map(\.code) == [.corrupt])
            // Header mode does not read that far: the same file passes.
            #expect(
                ImageValidator(mode: .header).validate(fileAt: directory.appendingPathComponent("crc.png")).status
                    == .valid)
        }
    }

    @Test func headerModeReadsOnlyTheHeadOfLargeFiles() throws {
        try withTemporaryDirectory { directory in
            let header = ImageValidator(mode: .header)
            // 640 KB of noise, then a broken IEND CRC that only a full read can see.
            var random = SplitMix(seed: 5)
            let noise = RGBAImage(
                width: 400, height: 400,
                pixels: (0..<(400 * 400 * 4)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            var png = try ImageCodec.encodePNG(noise)
            png[png.count - 1] ^= 0xFF
            let pngURL = try write(png, named: "noise.png", in: directory)
            let headerVerdict = header.validate(fileAt: pngURL)
            #expect(headerVerdict.status == .valid)
            #expect(headerVerdict.info?.byteCount == png.count)
            #expect(validator.validate(fileAt: pngURL).errors.map(\.code) == [.corrupt])

            // A JPEG whose metadata (5 x 60 KB APP2 segments) runs past the 256 KB head: read whole after all.
            let plain = try jpeg()
            var segments: [UInt8] = []
            for _ in 0..<5 { segments += [0xFF, 0xE2, 0xEA, 0x62] + [UInt8](repeating: 0x41, count: 0xEA62 - 2) }
            let bigJPEG = Array(plain.prefix(2)) + segments + Array(plain.dropFirst(2))
            let jpegVerdict = header.validate(fileAt: try write(bigJPEG, named: "meta.jpg", in: directory))
            #expect(jpegVerdict.status == .valid, "\(jpegVerdict)")
            #expect(jpegVerdict.info?.width == 200)
            #expect(jpegVerdict.info?.byteCount == bigJPEG.count)

            // A 400 KB WebP: the RIFF sizes are checked against the file size, not the head.
            let payload: [UInt8] =
                [0x2F] + Bytes.littleEndian32(639 | 479 << 14) + [UInt8](repeating: 0, count: 400_000)
            let webp = ImageProbeTests.riff("VP8L", payload)
            let webpVerdict = header.validate(fileAt: try write(webp, named: "big.webp", in: directory))
            #expect(webpVerdict.status == .valid, "\(webpVerdict)")
            #expect(webpVerdict.info?.width == 640 && webpVerdict.info?.byteCount == webp.count)
            let cut = header.validate(fileAt: try write(Array(webp.dropLast(10)), named: "cut.webp", in: directory))
            #expect(cut.errors.map(\.code) == [.truncated])
        }
    }

    @Test func lenientJPEGModeDowngradesDamageToAWarning() throws {
        let full = try jpeg()
        let lenient = ImageValidator(limits: .init(strictJPEGWarnings: false))
        let verdict = lenient.validate(Array(full.prefix(full.count / 2)), fileName: "cut.jpg")
        #expect(verdict.status == .validWithWarnings)
        #expect(verdict.issues.map(\.code) == [.damaged])
    }

    @Test func oversizedFileIsRefusedAfterReadingItsHead() throws {
        try withTemporaryDirectory { directory in
            let bytes = try jpeg(width: 300, height: 200)
            let limits = ValidationLimits(maxFileBytes: bytes.count - 1)
            let verdict = ImageValidator(limits: limits).validate(
                fileAt: try write(bytes, named: "big.jpg", in: directory))
            #expect(verdict.errors.map(\.code) == [.tooLargeFile])
            #expect(verdict.format == .jpeg)
            #expect(verdict.errors.first?.message.contains("300x200") == true)
            let inMemory = ImageValidator(limits: limits).validate(bytes, fileName: "big.jpg")
            #expect(inMemory.errors.map(\.code) == [.tooLargeFile])
        }
    }

    @Test func bombsGetTooManyPixels() throws {
        try withTemporaryDirectory { directory in
            let pngBomb = Bytes.pngClaiming(width: 100_000, height: 100_000, from: try png())
            let jpegBomb = Bytes.jpegClaiming(width: 65_000, height: 65_000, from: try jpeg())
            for (bytes, name) in [(pngBomb, "bomb.png"), (jpegBomb, "bomb.jpg")] {
                let verdict = validator.validate(fileAt: try write(bytes, named: name, in: directory))
                #expect(verdict.status == .invalid)
                #expect(verdict.errors.map(\.code) == [.tooManyPixels])
            }
        }
    }

    @Test func warningsForBigSmallAndCMYK() throws {
        let limits = ValidationLimits(warnAbovePixels: 10_000, minDimension: 120)
        let verdict = ImageValidator(limits: limits).validate(try jpeg(width: 200, height: 100), fileName: "a.jpeg")
        #expect(verdict.status == .validWithWarnings)
        #expect(Set(verdict.warnings.map(\.code)) == [.aboveRecommendedPixels, .smallImage])
        #expect(verdict.warnings.first { $0.code == .aboveRecommendedPixels }?.message.contains("0.02 MP") == true)

        let cmykSamples = [UInt8](repeating: 200, count: 80 * 80 * 4)
        let cmyk = try ImageCodec.encodeJPEG(
            samples: cmykSamples, width: 80, height: 80, channels: 4, flavour: .init(colorModel: .ycck))
        let cmykVerdict = validator.validate(cmyk, fileName: "print.jpg")
        #expect(cmykVerdict.warnings.map(\.code) == [.cmyk])
        #expect(cmykVerdict.info?.colorModel == .ycck)
        #expect(ImageValidator(limits: .init(warnOnCMYK: false)).validate(cmyk).status == .valid)
    }

    @Test func webpIsAcceptedAtHeaderLevel() {
        let webp = ImageProbeTests.riff("VP8L", [0x2F] + Bytes.littleEndian32(799 | 599 << 14) + [0, 0, 0])
        let verdict = validator.validate(webp, fileName: "item.webp")
        #expect(verdict.status == .valid)
        #expect(verdict.info?.checkedDepth == .header)
        #expect(verdict.info?.note?.contains("no WebP decoder") == true)
    }

    @Test func limitsDecodeWithEveryKeyOptional() throws {
        let decoded = try JSONDecoder().decode(ValidationLimits.self, from: Data(#"{"maxPixels": 5000000}"#.utf8))
        #expect(decoded.maxPixels == 5_000_000)
        #expect(decoded.maxFileBytes == 30_000_000)
        #expect(decoded.warnAbovePixels == 25_000_000)
        #expect(decoded.strictJPEGWarnings)
        #expect(try JSONDecoder().decode(ValidationLimits.self, from: Data("{}".utf8)) == .default)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ValidationLimits.self, from: Data(#"{"maxFileBytes": 0}"#.utf8))
        }
        let roundTrip = try JSONDecoder().decode(ValidationLimits.self, from: try JSONEncoder().encode(decoded))
        #expect(roundTrip == decoded)
    }

    @Test func verdictEncodesStableCodes() throws {
        let verdict = validator.validate(try png(), fileName: "a.jpg")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(verdict), as: UTF8.self)
        #expect(json.contains(#""status":"valid-with-warnings""#))
        #expect(json.contains(#""code":"extension-mismatch""#))
        #expect(json.contains(#""severity":"warning""#))
        #expect(try JSONDecoder().decode(ValidationVerdict.self, from: Data(json.utf8)) == verdict)
    }

    @Test func validatesManyFilesConcurrently() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("primg-concurrent-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try jpeg()
        let bad = Array(good.prefix(good.count / 2))
        var expected: [URL: ValidationVerdict.Status] = [:]
        for index in 0..<40 {
            let isBad = index % 3 == 0
            let url = try write(isBad ? bad : good, named: "image-\(index).jpg", in: directory)
            expected[url] = isBad ? .invalid : .valid
        }
        let validator = self.validator
        let results = await withTaskGroup(of: (URL, ValidationVerdict.Status).self) { group in
            for url in expected.keys { group.addTask { (url, validator.validate(fileAt: url).status) } }
            var collected: [URL: ValidationVerdict.Status] = [:]
            for await (url, status) in group { collected[url] = status }
            return collected
        }
        #expect(results == expected)
    }
}
