import PhotoroomImaging
import Testing

@testable import PhotoroomRendering

/// The resampler: constant images stay constant, patterns average, alpha edges keep their colour.
@Suite struct ResamplerTests {
    static func filled(_ width: Int, _ height: Int, _ pixel: (UInt8, UInt8, UInt8, UInt8)) -> RGBAImage {
        RGBAImage(width: width, height: height, fill: pixel)
    }

    static let settings: [Resampler.Options] = [
        .init(filter: .areaAverage, linearLight: true), .init(filter: .areaAverage, linearLight: false),
        .init(filter: .lanczos3, linearLight: true), .init(filter: .lanczos3, linearLight: false),
    ]

    @Test(arguments: settings)
    func aConstantImageStaysConstant(_ options: Resampler.Options) {
        for pixel in [(200 as UInt8, 100 as UInt8, 50 as UInt8, 255 as UInt8), (10, 240, 128, 128), (1, 2, 3, 255)] {
            let image = Self.filled(37, 23, pixel)
            for (width, height) in [(11, 7), (80, 60), (37, 5), (1, 1), (36, 22)] {
                let resized = Resampler.resize(image, width: width, height: height, options: options)
                #expect(resized.width == width && resized.height == height)
                let expected = [pixel.0, pixel.1, pixel.2, pixel.3]
                var worst = 0
                for o in stride(from: 0, to: resized.pixels.count, by: 4) {
                    for c in 0..<4 { worst = max(worst, abs(Int(resized.pixels[o + c]) - Int(expected[c]))) }
                }
                #expect(worst == 0, "\(pixel) → \(width)×\(height): off by \(worst)")
            }
        }
    }

    /// A one-pixel black-and-white checkerboard halved: every output pixel is the mean of two black and two white.
    static func checkerboard(_ size: Int) -> RGBAImage {
        var board = RGBAImage(width: size, height: size)
        for y in 0..<size {
            for x in 0..<size {
                let value: UInt8 = (x + y) % 2 == 0 ? 255 : 0
                let o = (y * size + x) * 4
                board.pixels.replaceSubrange(o..<(o + 4), with: [value, value, value, 255])
            }
        }
        return board
    }

    @Test func aShrunkCheckerboardAverages() {
        let board = Self.checkerboard(64)
        let linear = Resampler.resize(board, width: 32, height: 32, options: .init(linearLight: true))
        let encoded = Resampler.resize(board, width: 32, height: 32, options: .init(linearLight: false))
        // Half the light: linear 0.5 is sRGB 188; the mean of the encoded values is 127.5.
        #expect(Set(linear.pixels.enumerated().filter { $0.offset % 4 != 3 }.map(\.element)) == [188])
        #expect(Set(encoded.pixels.enumerated().filter { $0.offset % 4 != 3 }.map(\.element)) == [128])
        #expect(Set(linear.pixels.enumerated().filter { $0.offset % 4 == 3 }.map(\.element)) == [255])
        // A third: each output pixel covers 3 × 3 source pixels (4 or 5 of them white).
        let third = Resampler.resize(Self.checkerboard(63), width: 21, height: 21, options: .init(linearLight: false))
        for o in stride(from: 0, to: third.pixels.count, by: 4) {
            #expect([113, 142].contains(third.pixels[o]), "value \(third.pixels[o])")
        }
    }

    /// A white subject on transparent black (as a cutout leaves it): shrinking or enlarging must not pull the
    /// black into the edge pixels.
    @Test(arguments: settings)
    func alphaEdgesDoNotGetDarkFringes(_ options: Resampler.Options) {
        var cutout = RGBAImage(width: 90, height: 90)
        for y in 20..<70 {
            for x in 20..<70 {
                cutout.pixels.replaceSubrange(((y * 90 + x) * 4)..<((y * 90 + x) * 4 + 4), with: [255, 255, 255, 255])
            }
        }
        for size in [31, 44, 200] {
            let resized = Resampler.resize(cutout, width: size, height: size, options: options)
            var partial = 0
            for o in stride(from: 0, to: resized.pixels.count, by: 4) where resized.pixels[o + 3] > 0 {
                if resized.pixels[o + 3] < 255 { partial += 1 }
                #expect(resized.pixels[o] >= 254, "a dark fringe at \(o / 4) in \(size)×\(size): \(resized.pixels[o])")
            }
            #expect(partial > 0, "no soft edge at \(size)")
        }
    }

    @Test func areaAverageWeightsCoverTheFootprint() {
        let half = ResamplingWeights(
            sourceStart: 0, sourceLength: 10, sourceLimit: 10, targetLength: 5, filter: .areaAverage)
        #expect(half.taps == 2)
        #expect(half.starts == [0, 2, 4, 6, 8])
        #expect(half.weights.allSatisfy { $0 == 0.5 })
        let third = ResamplingWeights(
            sourceStart: 0, sourceLength: 10, sourceLimit: 10, targetLength: 3, filter: .areaAverage)
        for target in 0..<3 {
            let sum = third.weights[(target * third.taps)..<((target + 1) * third.taps)].reduce(0, +)
            #expect(abs(sum - 1) < 1e-6)
        }
        #expect(third.starts.last! + third.taps <= 10)
    }

    @Test func aRegionIsResizedWithoutACopy() {
        var image = Self.filled(40, 40, (0, 0, 255, 255))
        for y in 10..<20 {
            for x in 10..<30 {
                image.pixels.replaceSubrange(((y * 40 + x) * 4)..<((y * 40 + x) * 4 + 4), with: [255, 0, 0, 255])
            }
        }
        let region = Resampler.resize(
            image, region: PixelBox(x: 10, y: 10, width: 20, height: 10), width: 10, height: 5)
        #expect(region.pixels.enumerated().allSatisfy { $0.offset % 4 != 2 || $0.element == 0 })
    }
}

extension Resampler.Options: CustomTestStringConvertible {
    public var testDescription: String { "\(filter.rawValue)\(linearLight ? ", linear" : ", sRGB")" }
}
