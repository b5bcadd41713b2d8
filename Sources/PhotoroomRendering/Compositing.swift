import PhotoroomImaging

/// Drawing on an ``RGBAImage`` canvas: fills and "source over" compositing with straight alpha, in 8-bit sRGB
/// values (as browsers and most image editors composite).
public enum Compositing {
    /// A canvas of `width` × `height` filled with `colour`.
    public static func canvas(width: Int, height: Int, colour: RGBAColour) -> RGBAImage {
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
    public static func draw(_ source: RGBAImage, over canvas: inout RGBAImage, x: Int, y: Int) {
        draw(
            source, region: PixelBox(x: 0, y: 0, width: source.width, height: source.height), over: &canvas, x: x, y: y)
    }

    /// Draws the `region` of `source` over `canvas` with the region's top-left corner at (`x`, `y`); parts outside
    /// the canvas are clipped.
    public static func draw(_ source: RGBAImage, region: PixelBox, over canvas: inout RGBAImage, x: Int, y: Int) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(canvas.width, x + region.width)
        let y1 = min(canvas.height, y + region.height)
        guard x1 > x0, y1 > y0, region.x >= 0, region.y >= 0, region.x + region.width <= source.width,
            region.y + region.height <= source.height
        else { return }
        let cw = canvas.width
        let sw = source.width
        source.pixels.withUnsafeBufferPointer { src in
            canvas.pixels.withUnsafeMutableBufferPointer { dst in
                for cy in y0..<y1 {
                    var s = ((cy - y + region.y) * sw + (x0 - x + region.x)) &* 4
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

    /// Puts `image` over an opaque or translucent `background` of the same size.
    public static func flatten(_ image: inout RGBAImage, onto background: RGBAColour) {
        guard background.a > 0 else { return }
        var base = canvas(width: image.width, height: image.height, colour: background)
        draw(image, over: &base, x: 0, y: 0)
        image = base
    }

    /// Blends one source pixel over one destination pixel ("source over", straight alpha).
    @inline(__always)
    static func blend(
        _ src: UnsafeBufferPointer<UInt8>, _ s: Int, into dst: UnsafeMutableBufferPointer<UInt8>, _ d: Int
    ) {
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
        if da == 255 {
            // Over an opaque canvas (the common case): out = src * sa + dst * (1 - sa).
            for c in 0..<3 {
                dst[d &+ c] = UInt8((Int(src[s &+ c]) &* sa &+ Int(dst[d &+ c]) &* (255 &- sa) &+ 127) / 255)
            }
            return
        }
        for c in 0..<3 {
            let value = Int(src[s &+ c]) * sa * 255 + Int(dst[d &+ c]) * da * (255 - sa)
            dst[d &+ c] = UInt8(min(255, (value + outA / 2) / outA))
        }
        dst[d &+ 3] = UInt8((outA + 127) / 255)
    }
}

extension RGBAColour {
    /// This colour over an opaque `base` (for JPEG, which has no alpha).
    public func flattened(over base: RGBAColour = .white) -> RGBAColour {
        var canvas = Compositing.canvas(width: 1, height: 1, colour: base)
        Compositing.draw(Compositing.canvas(width: 1, height: 1, colour: self), over: &canvas, x: 0, y: 0)
        return RGBAColour(r: canvas.pixels[0], g: canvas.pixels[1], b: canvas.pixels[2], a: 255)
    }
}
