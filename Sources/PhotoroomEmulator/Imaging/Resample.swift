import PhotoroomImaging

/// Resizing with the emulator's own filters: an area average (box filter) when shrinking, bilinear when
/// enlarging. Both weigh colours by alpha, so transparent pixels do not bleed dark fringes.
enum Resample {
    /// `image` cropped to `box` (clamped to the image).
    static func crop(_ image: RGBAImage, to box: PixelBox) -> RGBAImage {
        let x0 = max(0, box.x)
        let y0 = max(0, box.y)
        let x1 = min(image.width, box.x + box.width)
        let y1 = min(image.height, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return RGBAImage(width: 0, height: 0) }
        if x0 == 0, y0 == 0, x1 == image.width, y1 == image.height { return image }
        let width = x1 - x0
        var pixels = [UInt8](repeating: 0, count: width * (y1 - y0) * 4)
        image.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for y in y0..<y1 {
                    let from = source.baseAddress! + (y * image.width + x0) * 4
                    let to = target.baseAddress! + (y - y0) * width * 4
                    to.update(from: from, count: width * 4)
                }
            }
        }
        return RGBAImage(width: width, height: y1 - y0, pixels: pixels)
    }

    /// `image` scaled to `width` × `height` (each at least 1).
    static func resize(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        let width = max(1, width)
        let height = max(1, height)
        if width == image.width, height == image.height { return image }
        guard image.width > 0, image.height > 0 else { return RGBAImage(width: width, height: height) }
        if width <= image.width, height <= image.height {
            return box(image, width: width, height: height)
        }
        return bilinear(image, width: width, height: height)
    }

    /// Area-average downscale: each target pixel is the alpha-weighted mean of the source pixels it covers.
    static func box(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        let sw = image.width
        let sh = image.height
        var out = [UInt8](repeating: 0, count: width * height * 4)
        // Source column span of each target column.
        let xStart = (0...width).map { $0 * sw / width }
        let yStart = (0...height).map { $0 * sh / height }
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for ty in 0..<height {
                    let sy0 = yStart[ty]
                    let sy1 = max(yStart[ty + 1], sy0 + 1)
                    for tx in 0..<width {
                        let sx0 = xStart[tx]
                        let sx1 = max(xStart[tx + 1], sx0 + 1)
                        var r = 0
                        var g = 0
                        var b = 0
                        var a = 0
                        for sy in sy0..<sy1 {
                            var o = (sy * sw + sx0) &* 4
                            for _ in sx0..<sx1 {
                                let alpha = Int(src[o &+ 3])
                                r &+= Int(src[o]) &* alpha
                                g &+= Int(src[o &+ 1]) &* alpha
                                b &+= Int(src[o &+ 2]) &* alpha
                                a &+= alpha
                                o &+= 4
                            }
                        }
                        let n = (sy1 - sy0) * (sx1 - sx0)
                        let d = (ty * width + tx) &* 4
                        if a > 0 {
                            dst[d] = UInt8((r + a / 2) / a)
                            dst[d &+ 1] = UInt8((g + a / 2) / a)
                            dst[d &+ 2] = UInt8((b + a / 2) / a)
                            dst[d &+ 3] = UInt8((a + n / 2) / n)
                        }
                    }
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }

    /// Bilinear resampling (pixel centres aligned), alpha-weighted.
    static func bilinear(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        let sw = image.width
        let sh = image.height
        var out = [UInt8](repeating: 0, count: width * height * 4)
        let scaleX = Double(sw) / Double(width)
        let scaleY = Double(sh) / Double(height)
        // Precompute the two source columns and the weight of each target column (fixed point, 0...256).
        var x0s = [Int](repeating: 0, count: width)
        var x1s = [Int](repeating: 0, count: width)
        var wxs = [Int](repeating: 0, count: width)
        for tx in 0..<width {
            let sx = min(max((Double(tx) + 0.5) * scaleX - 0.5, 0), Double(sw - 1))
            let x0 = Int(sx)
            x0s[tx] = x0
            x1s[tx] = min(x0 + 1, sw - 1)
            wxs[tx] = Int(((sx - Double(x0)) * 256).rounded())
        }
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for ty in 0..<height {
                    let sy = min(max((Double(ty) + 0.5) * scaleY - 0.5, 0), Double(sh - 1))
                    let y0 = Int(sy)
                    let y1 = min(y0 + 1, sh - 1)
                    let wy = Int(((sy - Double(y0)) * 256).rounded())
                    let row0 = y0 * sw
                    let row1 = y1 * sw
                    for tx in 0..<width {
                        let wx = wxs[tx]
                        let w00 = (256 - wx) * (256 - wy)
                        let w10 = wx * (256 - wy)
                        let w01 = (256 - wx) * wy
                        let w11 = wx * wy
                        let o00 = (row0 + x0s[tx]) &* 4
                        let o10 = (row0 + x1s[tx]) &* 4
                        let o01 = (row1 + x0s[tx]) &* 4
                        let o11 = (row1 + x1s[tx]) &* 4
                        let a00 = Int(src[o00 &+ 3]) * w00
                        let a10 = Int(src[o10 &+ 3]) * w10
                        let a01 = Int(src[o01 &+ 3]) * w01
                        let a11 = Int(src[o11 &+ 3]) * w11
                        let a = a00 + a10 + a01 + a11
                        let d = (ty * width + tx) &* 4
                        guard a > 0 else { continue }
                        for c in 0..<3 {
                            let v =
                                Int(src[o00 &+ c]) * a00 + Int(src[o10 &+ c]) * a10 + Int(src[o01 &+ c]) * a01
                                + Int(src[o11 &+ c]) * a11
                            dst[d &+ c] = UInt8(min(255, (v + a / 2) / a))
                        }
                        dst[d &+ 3] = UInt8(min(255, (a + 32768) >> 16))
                    }
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }
}
