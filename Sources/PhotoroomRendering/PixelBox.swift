import PhotoroomImaging

/// An axis-aligned rectangle of pixels: columns `x..<x+width`, rows `y..<y+height`.
public struct PixelBox: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)×\(height)+\(x)+\(y)" }

    /// The subject's box: the smallest box holding every pixel whose alpha is above 0, or nil when every pixel
    /// is transparent. This is what `croppedSubject` and `referenceBox=subjectBox` measure.
    public static func subject(of image: RGBAImage) -> PixelBox? {
        let width = image.width
        let height = image.height
        guard width > 0, height > 0 else { return nil }
        var left = Int.max
        var top = Int.max
        var right = -1
        var bottom = -1
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                let row = y &* width
                // The first and last non-transparent pixel of the row (scanning inwards from both ends).
                var first = 0
                while first < width, pixels[(row &+ first) &* 4 &+ 3] == 0 { first &+= 1 }
                guard first < width else { continue }
                var last = width &- 1
                while pixels[(row &+ last) &* 4 &+ 3] == 0 { last &-= 1 }
                if first < left { left = first }
                if last > right { right = last }
                if y < top { top = y }
                bottom = y
            }
        }
        guard right >= 0 else { return nil }
        return PixelBox(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
    }
}
