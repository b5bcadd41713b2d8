import PhotoroomImaging

/// Area-average (box filter) downscaling, with alpha composited over a background pattern.
///
/// Every source pixel falls into exactly one destination pixel (source column `x` goes to `x * dw / sw`), and each
/// destination pixel is the mean of the pixels that fall into it: an area average, not nearest-neighbour, so thin
/// lines and noise average out instead of aliasing. Colours are averaged premultiplied by alpha (a transparent
/// pixel's colour does not bleed into its neighbours), then composited over ``Backdrop``.
enum BoxDownscaler {
    /// What shows through transparent pixels.
    enum Backdrop: Sendable, Equatable {
        /// A light grey and white checkerboard of `square`-pixel squares, as image editors show transparency.
        case checkerboard(square: Int)
        /// One colour.
        case solid(r: UInt8, g: UInt8, b: UInt8)

        func colour(x: Int, y: Int) -> (r: UInt32, g: UInt32, b: UInt32) {
            switch self {
            case .checkerboard(let square):
                let dark = ((x / square) + (y / square)) % 2 == 1
                return dark ? (230, 230, 236) : (255, 255, 255)
            case .solid(let r, let g, let b):
                return (UInt32(r), UInt32(g), UInt32(b))
            }
        }
    }

    /// The size that fits `width × height` into `maxSide` on its longest side, never enlarging.
    static func fittedSize(width: Int, height: Int, maxSide: Int) -> (width: Int, height: Int) {
        let longest = max(width, height)
        guard longest > maxSide else { return (width, height) }
        let scale = Double(maxSide) / Double(longest)
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// `image` reduced to `width × height` by area averaging, composited over `backdrop` (the result is opaque).
    static func downscale(_ image: RGBAImage, width: Int, height: Int, backdrop: Backdrop) -> RGBAImage {
        let sourceWidth = image.width
        let sourceHeight = image.height
        // Destination column of each source column, and how many source columns each destination column takes.
        let columnOf = (0..<sourceWidth).map { $0 * width / sourceWidth }
        var sums = [UInt64](repeating: 0, count: width * 4)
        var counts = [UInt64](repeating: 0, count: width)
        var output = [UInt8](repeating: 255, count: width * height * 4)
        image.pixels.withUnsafeBufferPointer { source in
            var row = 0
            for destinationRow in 0..<height {
                // The source rows that fall into this destination row.
                sums.withUnsafeMutableBufferPointer { sum in
                    counts.withUnsafeMutableBufferPointer { count in
                        for index in 0..<sum.count { sum[index] = 0 }
                        for index in 0..<count.count { count[index] = 0 }
                        while row < sourceHeight && row * height / sourceHeight == destinationRow {
                            var offset = row * sourceWidth * 4
                            for x in 0..<sourceWidth {
                                let column = columnOf[x]
                                let alpha = UInt64(source[offset + 3])
                                sum[column * 4] += UInt64(source[offset]) * alpha
                                sum[column * 4 + 1] += UInt64(source[offset + 1]) * alpha
                                sum[column * 4 + 2] += UInt64(source[offset + 2]) * alpha
                                sum[column * 4 + 3] += alpha
                                count[column] += 1
                                offset += 4
                            }
                            row += 1
                        }
                    }
                }
                composite(row: destinationRow, sums: sums, counts: counts, backdrop: backdrop, into: &output)
            }
        }
        return RGBAImage(width: width, height: height, pixels: output)
    }

    /// Turns one row of premultiplied sums into opaque pixels over the backdrop.
    private static func composite(
        row: Int, sums: [UInt64], counts: [UInt64], backdrop: Backdrop, into output: inout [UInt8]
    ) {
        let width = counts.count
        for x in 0..<width {
            let count = max(1, counts[x])
            // Premultiplied colour in 0...255 and coverage in 0...255, rounded.
            let alpha = (sums[x * 4 + 3] + count / 2) / count
            let scale = count * 255
            let red = (sums[x * 4] + scale / 2) / scale
            let green = (sums[x * 4 + 1] + scale / 2) / scale
            let blue = (sums[x * 4 + 2] + scale / 2) / scale
            let back = backdrop.colour(x: x, y: row)
            let rest = 255 - UInt32(alpha)
            let offset = (row * width + x) * 4
            output[offset] = UInt8(min(255, UInt32(red) + (back.r * rest + 127) / 255))
            output[offset + 1] = UInt8(min(255, UInt32(green) + (back.g * rest + 127) / 255))
            output[offset + 2] = UInt8(min(255, UInt32(blue) + (back.b * rest + 127) / 255))
            output[offset + 3] = 255
        }
    }
}
