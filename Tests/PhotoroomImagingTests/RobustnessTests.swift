import Testing

@testable import PhotoroomImaging

/// Damaged inputs of every kind: nothing may crash, hang or succeed silently with the wrong size.
@Suite struct RobustnessTests {
    enum Mutation: CaseIterable {
        case flipBits, truncate, insertBytes, zeroRun
    }

    static func mutate(_ bytes: [UInt8], _ mutation: Mutation, _ random: inout SplitMix) -> [UInt8] {
        var copy = bytes
        switch mutation {
        case .flipBits:
            for _ in 0..<(1 + Int(random.next() % 8)) {
                let index = Int(random.next() % UInt64(copy.count))
                copy[index] ^= UInt8(1 << (random.next() % 8))
            }
        case .truncate:
            copy = Array(copy.prefix(Int(random.next() % UInt64(copy.count))))
        case .insertBytes:
            let index = Int(random.next() % UInt64(copy.count))
            let junk = (0..<(1 + Int(random.next() % 32))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            copy.insert(contentsOf: junk, at: index)
        case .zeroRun:
            let start = Int(random.next() % UInt64(copy.count))
            let end = min(copy.count, start + 1 + Int(random.next() % 64))
            for index in start..<end { copy[index] = 0 }
        }
        return copy
    }

    static func originals() throws -> [(String, [UInt8])] {
        let image = TestImages.gradient(width: 64, height: 48)
        let progressive = try ImageCodec.encodeJPEG(
            samples: image.pixels, width: 64, height: 48, channels: 4, flavour: .init(progressive: true))
        let interlaced = PNGWriter(width: 33, height: 21, bitDepth: 8, colorType: 2, interlaced: true) { x, y, c in
            (x * 5 + y * 11 + c * 40) % 256
        }.encode()
        return [
            ("png", try ImageCodec.encodePNG(image)), ("jpeg", try ImageCodec.encodeJPEG(image)),
            ("progressive jpeg", progressive), ("interlaced png", interlaced),
        ]
    }

    @Test(arguments: Mutation.allCases)
    func mutatedFilesNeverCrashAndKeepTheirSizeWhenAccepted(mutation: Mutation) throws {
        var random = SplitMix(seed: UInt64(Mutation.allCases.firstIndex(of: mutation)! + 100))
        var refused = 0
        var total = 0
        for (name, original) in try Self.originals() {
            for _ in 0..<150 {
                let damaged = Self.mutate(original, mutation, &random)
                total += 1
                let probed = Result { () throws(ImageProbeError) in try ImageProbe(mode: .full).probe(damaged) }
                let decoded = Result { () throws(ImageCodecError) in try ImageCodec.decode(damaged) }
                switch (probed, decoded) {
                case (.success(let info), .success(let image)):
                    #expect(image.width == info.width && image.height == info.height, "\(name)")
                    #expect(image.pixels.count == info.width * info.height * 4, "\(name)")
                case (.failure, _), (_, .failure):
                    refused += 1
                }
                _ = ImageProbe(mode: .header).probeResult(damaged)
                _ = ImageValidator().validate(damaged, fileName: "fuzz.bin")
            }
        }
        // Most mutations break something a full check notices (some bit flips hit harmless bytes).
        #expect(refused > total / 4, "\(refused) of \(total) refused")
    }
}

extension RobustnessTests {
    @Test func mutatedHeadersOfOtherFormatsNeverCrash() {
        let vp8x: [UInt8] = [0x10, 0, 0, 0, 0x3F, 0x01, 0x00, 0xEF, 0x00, 0x00]
        let originals: [[UInt8]] = [
            ImageProbeTests.riff("VP8L", [0x2F] + Bytes.littleEndian32(99 | 99 << 14) + [0, 0, 0]),
            ImageProbeTests.riff("VP8X", vp8x),
            ImageProbeTests.riff("VP8 ", [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x20, 0x03, 0x58, 0x02]),
            [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8),
            Array("BM".utf8) + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0, 1, 0],
        ]
        var random = SplitMix(seed: 77)
        var outcomes = 0
        for original in originals {
            for mutation in Mutation.allCases {
                for _ in 0..<100 {
                    let damaged = Self.mutate(original, mutation, &random)
                    _ = ImageFormat.sniff(damaged)
                    _ = ImageProbe(mode: .full).probeResult(damaged)
                    _ = ImageValidator(mode: .header).validate(damaged, fileName: "x.webp")
                    outcomes += 1
                }
            }
        }
        #expect(outcomes == originals.count * Mutation.allCases.count * 100)
    }
}

extension ImageProbe {
    /// The probe as a `Result`, for tests that only care that it returns.
    func probeResult(_ bytes: [UInt8]) -> Result<ImageInfo, ImageProbeError> {
        Result { () throws(ImageProbeError) in try probe(bytes) }
    }
}
