import PhotoroomImaging

/// Drawing on an ``RGBAImage`` canvas: fills and "source over" compositing with straight alpha.
enum Compositing {
    /// A canvas of `width` × `height` filled with `colour`.
    static func canvas(width: Int, height: Int, colour: Colour) -> RGBAImage {
        let count = max(0, width * height)
        let pixels = [UInt8](unsafeUninitializedCapacity: count * 4) { buffer, initialized in
            let pattern = [colour.r, colour.g, colour.b, colour.a]
            pattern.withUnsafeBytes { source in
                let word = source.loadUnaligned(as: UInt32.self)
                UnsafeMutableRawPointer(buffer.baseAddress!).bindMemory(to: UInt32.self, capacity: count)
                    .initialize(repeating: word, count: count)
            }
            initialized = count * 4
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// Draws `source` over `canvas` with its top-left corner at (`x`, `y`); parts outside the canvas are clipped.
    static func draw(_ source: RGBAImage, over canvas: inout RGBAImage, x: Int, y: Int) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(canvas.width, x + source.width)
        let y1 = min(canvas.height, y + source.height)
        guard x1 > x0, y1 > y0 else { return }
        let cw = canvas.width
        let sw = source.width
        source.pixels.withUnsafeBufferPointer { src in
            canvas.pixels.withUnsafeMutableBufferPointer { dst in
                for cy in y0..<y1 {
                    var s = ((cy - y) * sw + (x0 - x)) &* 4
                    var d = (cy * cw + x0) &* 4
                    for _ in x0..<x1 {
                        blend(src, s, into: dst, d)
                        s &+= 4
                        d &+= 4
                    }
                }
            }
        }
    }

    /// Puts `image` over an opaque or translucent `background` of the same size (for JPEG export and
    /// `background.color` when no layout is needed).
    static func flatten(_ image: inout RGBAImage, onto background: Colour) {
        guard background.a > 0 else { return }
        var base = canvas(width: image.width, height: image.height, colour: background)
        draw(image, over: &base, x: 0, y: 0)
        image = base
    }

    /// Blends one source pixel over one destination pixel ("source over", straight alpha).
    @inline(__always)
    static func blend(_ src: UnsafeBufferPointer<UInt8>, _ s: Int, into dst: UnsafeMutableBufferPointer<UInt8>, _ d: Int) {
        let sa = Int(src[s &+ 3])
        if sa == 0 { return }
        if sa == 255 {
            dst[d] = src[s]
            dst[d &+ 1] = src[s &+ 1]
            dst[d &+ 2] = src[s &+ 2]
            dst[d &+ 3] = 255
            return
        }
        let da = Int(dst[d &+ 3])
        // out alpha = sa + da * (1 - sa), in 0...255*255
        let outA = sa * 255 + da * (255 - sa)
        guard outA > 0 else { return }
        for c in 0..<3 {
            let value = Int(src[s &+ c]) * sa * 255 + Int(dst[d &+ c]) * da * (255 - sa)
            dst[d &+ c] = UInt8(min(255, (value + outA / 2) / outA))
        }
        dst[d &+ 3] = UInt8((outA + 127) / 255)
    }
}
