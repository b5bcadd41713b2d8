import Foundation
import PhotoroomImaging
import Testing

@testable import PhotoroomReport

@Suite struct ThumbnailMakerTests {
    @Test func fitsTheLongestSideInto256PixelsWithoutEnlarging() throws {
        let maker = ThumbnailMaker()
        let wide = try ImageCodec.decode(try maker.jpeg(from: RGBAImage(width: 1000, height: 500, fill: (9, 9, 9, 255))))
        #expect((wide.width, wide.height) == (256, 128))
        let tall = try ImageCodec.decode(try maker.jpeg(from: RGBAImage(width: 300, height: 1200, fill: (9, 9, 9, 255))))
        #expect((tall.width, tall.height) == (64, 256))
        let small = try ImageCodec.decode(try maker.jpeg(from: RGBAImage(width: 100, height: 40, fill: (9, 9, 9, 255))))
        #expect((small.width, small.height) == (100, 40))
    }

    /// One-pixel black and white stripes average to grey with a box filter; nearest-neighbour would keep one colour.
    @Test func averagesAreasInsteadOfPickingPixels() throws {
        var stripes = RGBAImage(width: 1024, height: 1024, fill: (0, 0, 0, 255))
        for y in 0..<1024 {
            for x in stride(from: 0, to: 1024, by: 2) {
                let offset = (y * 1024 + x) * 4
                stripes.pixels[offset] = 255
                stripes.pixels[offset + 1] = 255
                stripes.pixels[offset + 2] = 255
            }
        }
        let small = BoxDownscaler.downscale(stripes, width: 256, height: 256, backdrop: .solid(r: 0, g: 0, b: 0))
        for offset in stride(from: 0, to: small.pixels.count, by: 4 * 97) {
            #expect(small.pixels[offset] == 128)  // (255 + 0 + 255 + 0) / 4, rounded
        }
    }

    /// Transparent pixels show the checkerboard; a half-transparent red is blended with it, not darkened.
    @Test func compositesTransparencyOverACheckerboard() throws {
        let clear = RGBAImage(width: 64, height: 64)
        let board = BoxDownscaler.downscale(clear, width: 64, height: 64, backdrop: .checkerboard(square: 8))
        #expect(Array(board.pixels[0..<4]) == [255, 255, 255, 255])
        let dark = (8 * 64 + 0) * 4  // row 8, column 0: the second row of squares starts dark
        #expect(Array(board.pixels[dark..<dark + 4]) == [230, 230, 236, 255])
        let red = RGBAImage(width: 8, height: 8, fill: (255, 0, 0, 128))
        let blended = BoxDownscaler.downscale(red, width: 4, height: 4, backdrop: .solid(r: 255, g: 255, b: 255))
        #expect(Array(blended.pixels[0..<4]) == [255, 127, 127, 255])
    }

    @Test func storesByContentHashAndReusesWithoutDecoding() async throws {
        try await withTemporaryDirectory { directory in
            let source = directory.appendingPathComponent("a.png")
            try Data(try ImageCodec.encodePNG(productImage(width: 400, height: 300, hue: 3, background: nil)))
                .write(to: source)
            let cache = ThumbnailMaker.cacheDirectory(inOutputDirectory: directory)
            let hash = fakeHash(0xabc)
            let relative = try ThumbnailMaker().thumbnail(forImageAt: source, sha256: hash, into: cache)
            #expect(relative == "00/\(hash).jpg")
            let stored = cache.appendingPathComponent(relative)
            let first = try Data(contentsOf: stored)
            let decoded = try ImageCodec.decode([UInt8](first))
            #expect((decoded.width, decoded.height) == (256, 192))
            // Same hash, undecodable source: the stored thumbnail is returned untouched, so nothing was decoded.
            try Data("not an image".utf8).write(to: source)
            #expect(try ThumbnailMaker().thumbnail(forImageAt: source, sha256: hash, into: cache) == relative)
            #expect(try Data(contentsOf: stored) == first)
            // A new hash for the same undecodable file: the decoder is used and refuses it.
            #expect(throws: ReportError.self) {
                try ThumbnailMaker().thumbnail(forImageAt: source, sha256: fakeHash(0xabd), into: cache)
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: stored.deletingLastPathComponent().path)
            #expect(leftovers == ["\(hash).jpg"])
        }
    }
}
