import PhotoroomImaging

/// Small synthetic images for the emulator's tests.
enum TestImages {
    /// A "product": a dark red rectangle (with a blue stripe) centred on a white background.
    ///
    /// - Parameters:
    ///   - width: image width.
    ///   - height: image height.
    ///   - inset: the share of each side left as background.
    static func product(width: Int = 120, height: Int = 90, inset: Double = 0.25) -> RGBAImage {
        var image = RGBAImage(width: width, height: height, fill: (255, 255, 255, 255))
        let x0 = Int(Double(width) * inset)
        let x1 = width - x0
        let y0 = Int(Double(height) * inset)
        let y1 = height - y0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let o = (y * width + x) * 4
                let stripe = (y - y0) < (y1 - y0) / 4
                image.pixels[o] = stripe ? 20 : 150
                image.pixels[o + 1] = stripe ? 40 : 20
                image.pixels[o + 2] = stripe ? 200 : 30
                image.pixels[o + 3] = 255
            }
        }
        return image
    }

    /// The product encoded as PNG.
    static func productPNG(width: Int = 120, height: Int = 90) throws -> [UInt8] {
        try ImageCodec.encodePNG(product(width: width, height: height), includeAlpha: false)
    }

    /// The product encoded as JPEG (quality 90).
    static func productJPEG(width: Int = 120, height: Int = 90) throws -> [UInt8] {
        try ImageCodec.encodeJPEG(product(width: width, height: height), quality: 90)
    }

    /// The RGBA value at (`x`, `y`).
    static func pixel(_ image: RGBAImage, _ x: Int, _ y: Int) -> [UInt8] {
        let o = (y * image.width + x) * 4
        return Array(image.pixels[o..<(o + 4)])
    }

    /// Whether `bytes` start with the PNG signature.
    static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) }

    /// Whether `bytes` start with the JPEG SOI marker.
    static func isJPEG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xD8, 0xFF]) }
}
