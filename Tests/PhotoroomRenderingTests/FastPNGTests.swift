import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator
@testable import PhotoroomRendering

/// The fast PNG writer (emulator responses, local finishing) must produce files libpng reads back exactly.
@Suite struct FastPNGTests {
    static func randomImage(width: Int, height: Int, seed: UInt64, opaque: Bool, runs: Bool) -> RGBAImage {
        var generator = SeededGenerator(seed: seed)
        var image = RGBAImage(width: width, height: height)
        for index in 0..<(width * height) {
            let o = index * 4
            if runs, (index / 97) % 3 == 0 {
                image.pixels.replaceSubrange(o..<(o + 4), with: [9, 9, 9, opaque ? 255 : 0])
                continue
            }
            for c in 0..<3 { image.pixels[o + c] = UInt8.random(in: 0...255, using: &generator) }
            image.pixels[o + 3] = opaque ? 255 : UInt8.random(in: 0...255, using: &generator)
        }
        return image
    }

    @Test(arguments: [(1, 1), (3, 2), (17, 5), (300, 40), (1000, 3)])
    func roundTripsThroughLibpng(width: Int, height: Int) throws {
        for (seed, opaque, runs) in [(UInt64(1), true, false), (2, false, false), (3, false, true), (4, true, true)] {
            let image = Self.randomImage(width: width, height: height, seed: seed, opaque: opaque, runs: runs)
            let decoded = try ImageCodec.decode(FastPNG.encode(image))
            #expect(decoded == image, "\(width)x\(height) opaque \(opaque) runs \(runs)")
        }
    }

    @Test func mixedBlocksRoundTrip() throws {
        // Bands of noise (stored blocks) and flat rows (Huffman blocks with runs), over many rows.
        var generator = SeededGenerator(seed: 9)
        var image = RGBAImage(width: 400, height: 120)
        for y in 0..<120 {
            for x in 0..<400 {
                let o = (y * 400 + x) * 4
                let noisy = (y / 15) % 2 == 0
                for c in 0..<4 {
                    image.pixels[o + c] = noisy ? UInt8.random(in: 0...255, using: &generator) : UInt8(40 * c)
                }
            }
        }
        #expect(try ImageCodec.decode(FastPNG.encode(image)) == image)
    }

    @Test func flatImagesCompressWell() throws {
        let image = RGBAImage(width: 1000, height: 1000)
        let png = FastPNG.encode(image)
        #expect(png.count < 40_000)
        #expect(try ImageCodec.decode(png) == image)
    }

    @Test func adlerAndCRCMatchKnownValues() {
        #expect(FastPNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let crc = Array("123456789".utf8).withUnsafeBufferPointer { FastPNG.crc32($0) }
        #expect(crc == 0xCBF4_3926)
        // Long enough for the 8-byte path, with a tail: "The quick brown fox jumps over the lazy dog".
        let fox = Array("The quick brown fox jumps over the lazy dog".utf8).withUnsafeBufferPointer {
            FastPNG.crc32($0)
        }
        #expect(fox == 0x414F_A339)
    }
}
