import PhotoroomImaging

/// Small images made in code for the tests.
enum TestImages {
    /// A smooth gradient with a partly transparent disc, deterministic for a given size.
    static func gradient(width: Int, height: Int, alpha: Bool = true) -> RGBAImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let cx = Double(width) / 2
        let cy = Double(height) / 2
        let radius = Double(min(width, height)) / 3
        for y in 0..<height {
            for x in 0..<width {
                let offset = (y * width + x) * 4
                pixels[offset] = UInt8(x * 255 / max(1, width - 1))
                pixels[offset + 1] = UInt8(y * 255 / max(1, height - 1))
                pixels[offset + 2] = UInt8((x + y) * 255 / max(1, width + height - 2))
                let inside =
                    ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)) < radius * radius
                pixels[offset + 3] = alpha && inside ? 128 : 255
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// The largest absolute difference between two images' samples (same size required).
    static func maxDifference(_ a: RGBAImage, _ b: RGBAImage) -> Int {
        precondition(a.width == b.width && a.height == b.height)
        var worst = 0
        for index in a.pixels.indices {
            worst = max(worst, abs(Int(a.pixels[index]) - Int(b.pixels[index])))
        }
        return worst
    }

    /// The mean absolute difference over the RGB samples only.
    static func meanRGBDifference(_ a: RGBAImage, _ b: RGBAImage) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        var total = 0
        var count = 0
        for index in a.pixels.indices where index % 4 != 3 {
            total += abs(Int(a.pixels[index]) - Int(b.pixels[index]))
            count += 1
        }
        return Double(total) / Double(max(1, count))
    }
}
