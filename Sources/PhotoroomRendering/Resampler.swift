import Foundation
import PhotoroomImaging

/// Resizing with a separable filter and precomputed weights (``ResamplingWeights``), in premultiplied alpha and,
/// by default, in linear light.
///
/// Each source row is converted once to premultiplied floats, filtered horizontally into an intermediate image,
/// then filtered vertically; the result is un-premultiplied and re-encoded to sRGB. Premultiplying keeps the
/// colour of transparent pixels (black after a cutout) out of the subject's edges; working in linear light makes
/// a shrunk black-and-white pattern as bright as the original looks from afar.
public enum Resampler {
    /// How to resample.
    public struct Options: Sendable, Equatable {
        public var filter: ResamplingFilter
        /// Average light (true) or sRGB-encoded values (false).
        public var linearLight: Bool

        public init(filter: ResamplingFilter = .areaAverage, linearLight: Bool = true) {
            self.filter = filter
            self.linearLight = linearLight
        }

        /// The filter local finishing and the emulator use.
        public static let standard = Options()
    }

    /// `image` scaled to `width` × `height` (each at least 1).
    public static func resize(
        _ image: RGBAImage, width: Int, height: Int, options: Options = .standard
    ) -> RGBAImage {
        let region = PixelBox(x: 0, y: 0, width: image.width, height: image.height)
        return resize(image, region: region, width: width, height: height, options: options)
    }

    /// The `region` of `image` scaled to `width` × `height`, without copying the region first. Taps near the
    /// region's sides may read source pixels just outside it (as if the region had been cut with its context).
    public static func resize(
        _ image: RGBAImage, region: PixelBox, width: Int, height: Int, options: Options = .standard
    ) -> RGBAImage {
        let width = max(1, width)
        let height = max(1, height)
        guard image.width > 0, image.height > 0, region.width > 0, region.height > 0 else {
            return RGBAImage(width: width, height: height)
        }
        if region == PixelBox(x: 0, y: 0, width: image.width, height: image.height), width == image.width,
            height == image.height
        {
            return image
        }
        let columns = ResamplingWeights(
            sourceStart: Double(region.x), sourceLength: Double(region.width), sourceLimit: image.width,
            targetLength: width, filter: options.filter)
        let rows = ResamplingWeights(
            sourceStart: Double(region.y), sourceLength: Double(region.height), sourceLimit: image.height,
            targetLength: height, filter: options.filter)
        let decode = options.linearLight ? ColourTables.sRGBToLinear : ColourTables.identity
        let encode = options.linearLight ? ColourTables.linearToSRGB : ColourTables.linearToIdentity

        // The source rows the vertical pass reads.
        let firstRow = rows.starts.min() ?? 0
        let lastRow = (rows.starts.max() ?? 0) + rows.taps - 1
        let rowCount = lastRow - firstRow + 1
        let sourceWidth = image.width
        let intermediate = UnsafeMutablePointer<Float>.allocate(capacity: rowCount * width * 4)
        defer { intermediate.deallocate() }
        let premultiplied = UnsafeMutablePointer<Float>.allocate(capacity: sourceWidth * 4)
        defer { premultiplied.deallocate() }
        // The source columns the horizontal pass reads.
        let firstColumn = columns.starts.min() ?? 0
        let lastColumn = (columns.starts.max() ?? 0) + columns.taps - 1

        image.pixels.withUnsafeBufferPointer { source in
            decode.withUnsafeBufferPointer { decode in
                columns.weights.withUnsafeBufferPointer { weights in
                    for row in 0..<rowCount {
                        let sourceRow = source.baseAddress! + (firstRow + row) * sourceWidth * 4
                        premultiply(
                            sourceRow, from: firstColumn, through: lastColumn, into: premultiplied,
                            decode: decode.baseAddress!)
                        filterRow(
                            premultiplied, weights: weights.baseAddress!, starts: columns.starts, taps: columns.taps,
                            into: intermediate + row * width * 4, width: width)
                    }
                }
            }
        }

        var output = [UInt8](repeating: 0, count: width * height * 4)
        let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: width * 4)
        defer { accumulator.deallocate() }
        let rowLength = width * 4
        rows.weights.withUnsafeBufferPointer { weights in
            encode.withUnsafeBufferPointer { encode in
                output.withUnsafeMutableBufferPointer { output in
                    for target in 0..<height {
                        accumulator.update(repeating: 0, count: rowLength)
                        for t in 0..<rows.taps {
                            let weight = weights[target * rows.taps + t]
                            if weight == 0 { continue }
                            let line = intermediate + (rows.starts[target] + t - firstRow) * rowLength
                            for i in 0..<rowLength {
                                accumulator[i] += weight * line[i]
                            }
                        }
                        unpremultiply(
                            accumulator, into: output.baseAddress! + target * rowLength, width: width,
                            encode: encode.baseAddress!)
                    }
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: output)
    }

    /// Converts source pixels `from...through` of one row to premultiplied floats (alpha in 0...1).
    @inline(__always)
    private static func premultiply(
        _ row: UnsafePointer<UInt8>, from first: Int, through last: Int, into target: UnsafeMutablePointer<Float>,
        decode: UnsafePointer<Float>
    ) {
        let scale: Float = 1 / 255
        var o = first &* 4
        let end = (last &+ 1) &* 4
        while o < end {
            if row[o &+ 3] == 0 {
                // Transparent (most of a cutout's frame): no colour to decode.
                target[o] = 0
                target[o &+ 1] = 0
                target[o &+ 2] = 0
                target[o &+ 3] = 0
                o &+= 4
                continue
            }
            let alpha = Float(row[o &+ 3]) * scale
            target[o] = decode[Int(row[o])] * alpha
            target[o &+ 1] = decode[Int(row[o &+ 1])] * alpha
            target[o &+ 2] = decode[Int(row[o &+ 2])] * alpha
            target[o &+ 3] = alpha
            o &+= 4
        }
    }

    /// The horizontal pass over one premultiplied row.
    @inline(__always)
    private static func filterRow(
        _ row: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, starts: [Int], taps: Int,
        into target: UnsafeMutablePointer<Float>, width: Int
    ) {
        starts.withUnsafeBufferPointer { starts in
            for x in 0..<width {
                var r: Float = 0
                var g: Float = 0
                var b: Float = 0
                var a: Float = 0
                var s = starts[x] &* 4
                let w = weights + x &* taps
                for t in 0..<taps {
                    let weight = w[t]
                    r += weight * row[s]
                    g += weight * row[s &+ 1]
                    b += weight * row[s &+ 2]
                    a += weight * row[s &+ 3]
                    s &+= 4
                }
                let d = x &* 4
                target[d] = r
                target[d &+ 1] = g
                target[d &+ 2] = b
                target[d &+ 3] = a
            }
        }
    }

    /// Un-premultiplies one row of floats and encodes it to 8-bit straight alpha.
    @inline(__always)
    private static func unpremultiply(
        _ row: UnsafeMutablePointer<Float>, into target: UnsafeMutablePointer<UInt8>, width: Int,
        encode: UnsafePointer<UInt8>
    ) {
        let top = Float(ColourTables.encodeSteps - 1)
        for x in 0..<width {
            let o = x &* 4
            let alpha = min(1, row[o &+ 3])
            // Below half a step of 8-bit alpha the pixel is transparent; its colour is irrelevant (black).
            guard alpha >= 0.5 / 255 else {
                target[o] = 0
                target[o &+ 1] = 0
                target[o &+ 2] = 0
                target[o &+ 3] = 0
                continue
            }
            let inverse = top / alpha
            for c in 0..<3 {
                let index = Int(min(top, max(0, row[o &+ c] * inverse)) + 0.5)
                target[o &+ c] = encode[index]
            }
            target[o &+ 3] = UInt8(alpha * 255 + 0.5)
        }
    }
}

/// Lookup tables between 8-bit sRGB values and linear light.
enum ColourTables {
    /// Steps of the linear-to-8-bit tables (fine enough that dark sRGB values survive a round trip).
    static let encodeSteps = 1 << 14

    /// sRGB byte → linear light in 0...1.
    static let sRGBToLinear: [Float] = (0..<256).map { value in
        let c = Double(value) / 255
        return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
    }

    /// Byte → value in 0...1 (no gamma).
    static let identity: [Float] = (0..<256).map { Float($0) / 255 }

    /// Linear light (index / (encodeSteps-1)) → sRGB byte.
    static let linearToSRGB: [UInt8] = (0..<encodeSteps).map { index in
        let l = Double(index) / Double(encodeSteps - 1)
        let c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8(min(255, max(0, (c * 255).rounded())))
    }

    /// Value (index / (encodeSteps-1)) → byte (no gamma).
    static let linearToIdentity: [UInt8] = (0..<encodeSteps).map { index in
        UInt8(min(255, max(0, (Double(index) / Double(encodeSteps - 1) * 255).rounded())))
    }
}
