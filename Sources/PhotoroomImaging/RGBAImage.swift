/// An 8-bit RGBA raster held in memory, rows top to bottom, 4 bytes a pixel, no row padding.
///
/// The emulator and the report use it; validation never decodes into one.
public struct RGBAImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// `width * height * 4` bytes: red, green, blue, alpha (straight, not premultiplied).
    public var pixels: [UInt8]

    /// Creates an image filled with one colour.
    public init(width: Int, height: Int, fill: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) = (0, 0, 0, 0)) {
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        if fill != (0, 0, 0, 0) {
            for offset in stride(from: 0, to: pixels.count, by: 4) {
                pixels[offset] = fill.r
                pixels[offset + 1] = fill.g
                pixels[offset + 2] = fill.b
                pixels[offset + 3] = fill.a
            }
        }
        self.pixels = pixels
    }

    /// Creates an image from existing pixels; `pixels.count` must be `width * height * 4`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBAImage: pixel buffer size does not match dimensions")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
