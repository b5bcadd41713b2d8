import PhotoroomImaging
import Testing

/// `ImageCodec.decode(_:atLeast:)`: JPEGs decoded reduced by DCT scaling, for thumbnails.
@Suite struct ReducedDecodeTests {
    /// Left half red, right half blue, so a reduced decode can be checked for where the colours are.
    static func halves(width: Int, height: Int) -> RGBAImage {
        var image = RGBAImage(width: width, height: height, fill: (0, 0, 255, 255))
        for y in 0..<height {
            for x in 0..<(width / 2) {
                let offset = (y * width + x) * 4
                image.pixels[offset] = 255
                image.pixels[offset + 2] = 0
            }
        }
        return image
    }

    @Test(arguments: [
        (256, 500, 400), (100, 125, 100), (125, 125, 100), (126, 250, 200), (600, 1000, 800), (0, 1000, 800),
    ])
    func aJPEGComesOutAtTheSmallestScaleThatKeepsTheLongestSideAtLeastTheMinimum(
        minimum: Int, width: Int, height: Int
    ) throws {
        let jpeg = try ImageCodec.encodeJPEG(Self.halves(width: 1000, height: 800), quality: 90)
        let image = try ImageCodec.decode(jpeg, atLeast: minimum)
        #expect(image.width == width && image.height == height)
        #expect(image.pixels.count == width * height * 4)
        // Red on the left, blue on the right, opaque, at any scale.
        let left = (height / 2 * width + width / 4) * 4
        let right = (height / 2 * width + 3 * width / 4) * 4
        #expect(image.pixels[left] > 200 && image.pixels[left + 2] < 60 && image.pixels[left + 3] == 255)
        #expect(image.pixels[right] < 60 && image.pixels[right + 2] > 200)
    }

    @Test func smallJPEGsAndPNGsComeOutAtFullSize() throws {
        let small = try ImageCodec.encodeJPEG(Self.halves(width: 200, height: 120), quality: 90)
        let fromSmall = try ImageCodec.decode(small, atLeast: 256)
        #expect(fromSmall.width == 200 && fromSmall.height == 120)
        let png = try ImageCodec.encodePNG(Self.halves(width: 1000, height: 800))
        let fromPNG = try ImageCodec.decode(png, atLeast: 256)
        #expect(fromPNG == (try ImageCodec.decode(png)))
    }

    @Test func brokenDataIsRefusedAsByTheFullDecode() throws {
        let jpeg = try ImageCodec.encodeJPEG(Self.halves(width: 640, height: 480), quality: 90)
        let truncated = Array(jpeg.prefix(jpeg.count / 2))
        #expect(throws: ImageCodecError.self) { try ImageCodec.decode(truncated, atLeast: 256) }
        #expect(throws: ImageCodecError.self) { try ImageCodec.decode([1, 2, 3, 4], atLeast: 256) }
        #expect(throws: ImageCodecError.self) { try ImageCodec.decode(jpeg, maxPixels: 1000, atLeast: 256) }
    }
}
