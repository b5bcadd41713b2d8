import Testing

@testable import PhotoroomImaging

@Suite struct ImageCodecTests {
    @Test func pngRoundTripKeepsEveryPixelAndAlpha() throws {
        let image = TestImages.gradient(width: 97, height: 61)
        let png = try ImageCodec.encodePNG(image)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let decoded = try ImageCodec.decode(png)
        #expect(decoded == image)
    }

    @Test func pngWithoutAlphaDecodesOpaque() throws {
        let image = TestImages.gradient(width: 40, height: 30)
        let decoded = try ImageCodec.decode(try ImageCodec.encodePNG(image, includeAlpha: false))
        #expect(decoded.width == 40 && decoded.height == 30)
        for offset in stride(from: 0, to: decoded.pixels.count, by: 4) {
            #expect(decoded.pixels[offset + 3] == 255)
            #expect(decoded.pixels[offset] == image.pixels[offset])
            #expect(decoded.pixels[offset + 2] == image.pixels[offset + 2])
        }
    }

    @Test func jpegRoundTripIsCloseAndOpaque() throws {
        let image = TestImages.gradient(width: 120, height: 80, alpha: false)
        let jpeg = try ImageCodec.encodeJPEG(image, quality: 92)
        #expect(Array(jpeg.prefix(3)) == [0xFF, 0xD8, 0xFF])
        let decoded = try ImageCodec.decode(jpeg)
        #expect(decoded.width == 120 && decoded.height == 80)
        #expect(TestImages.meanRGBDifference(decoded, image) < 3)
        #expect(stride(from: 3, to: decoded.pixels.count, by: 4).allSatisfy { decoded.pixels[$0] == 255 })
    }

    @Test func jpegQualityChangesSize() throws {
        let image = TestImages.gradient(width: 200, height: 150, alpha: false)
        let low = try ImageCodec.encodeJPEG(image, quality: 10)
        let high = try ImageCodec.encodeJPEG(image, quality: 98)
        #expect(low.count < high.count)
    }

    @Test func largeEncodeGrowsTheOutputBuffer() throws {
        // Noise does not compress: the encoders must grow their buffers many times.
        var generator = SplitMix(seed: 7)
        let pixels = (0..<(512 * 512 * 4)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let image = RGBAImage(width: 512, height: 512, pixels: pixels)
        let png = try ImageCodec.encodePNG(image)
        #expect(png.count > 512 * 512 * 4)
        #expect(try ImageCodec.decode(png) == image)
        let jpeg = try ImageCodec.encodeJPEG(image, quality: 100)
        #expect(jpeg.count > 300_000)
        #expect(try ImageCodec.decode(jpeg).width == 512)
    }

    @Test func emptyImageCannotBeEncoded() {
        let empty = RGBAImage(width: 0, height: 0, pixels: [])
        #expect(throws: ImageCodecError.self) { try ImageCodec.encodePNG(empty) }
        #expect(throws: ImageCodecError.self) { try ImageCodec.encodeJPEG(empty) }
    }

    @Test func decodeRefusesNonImages() {
        let error = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(Array("hello".utf8)) }
        #expect(error?.code == .unsupported)
        let empty = #expect(throws: ImageCodecError.self) { try ImageCodec.decode([]) }
        #expect(empty?.code == .unsupported)
    }

    @Test func decodeRefusesTooManyPixelsBeforeDecoding() throws {
        let png = try ImageCodec.encodePNG(TestImages.gradient(width: 100, height: 100))
        let error = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(png, maxPixels: 9_999) }
        #expect(error?.code == .tooManyPixels)
        #expect(try ImageCodec.decode(png, maxPixels: 10_000).width == 100)
    }

    @Test func truncatedJPEGIsRefusedAsTruncated() throws {
        let jpeg = try ImageCodec.encodeJPEG(TestImages.gradient(width: 300, height: 200, alpha: false), quality: 90)
        let error = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(Array(jpeg.prefix(jpeg.count / 2))) }
        #expect(error?.code == .truncated)
    }

    @Test func truncatedPNGIsRefusedAsTruncated() throws {
        let png = try ImageCodec.encodePNG(TestImages.gradient(width: 300, height: 200))
        let error = #expect(throws: ImageCodecError.self) { try ImageCodec.decode(Array(png.prefix(png.count / 2))) }
        #expect(error?.code == .truncated)
    }
}

/// A tiny deterministic random number generator for test data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
