import PhotoroomImaging

/// What the background removal found.
struct CutoutResult: Sendable, Equatable {
    /// The subject's bounding box (pixels with alpha > 0), or nil when nothing is left.
    var subjectBox: PixelBox?
    /// 0 when the border was one plain colour, towards 1 when it was not (the `x-uncertainty-score`).
    var uncertainty: Double
}

/// An axis-aligned rectangle of pixels: `x..<x+width`, `y..<y+height`.
struct PixelBox: Sendable, Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}

/// A deterministic stand-in for Photoroom's segmentation: the background is whatever can be reached from the
/// image's edges through pixels close to the dominant border colour (good enough for products on plain
/// backgrounds). Those pixels become fully transparent.
enum Cutout {
    /// How far (largest channel difference) a pixel may be from the border colour and still be background.
    static let defaultTolerance = 40

    /// Removes the background in place.
    ///
    /// - Parameters:
    ///   - image: the image; background pixels get alpha 0 (and black colour).
    ///   - tolerance: the largest per-channel difference from the border colour that still counts as background.
    /// - Returns: the subject box and an uncertainty score.
    static func removeBackground(_ image: inout RGBAImage, tolerance: Int = defaultTolerance) -> CutoutResult {
        let width = image.width
        let height = image.height
        guard width > 0, height > 0 else { return CutoutResult(subjectBox: nil, uncertainty: 1) }
        let reference = borderColour(image)
        var matchedBorder = 0
        var borderCount = 0
        var left = width
        var top = height
        var right = -1
        var bottom = -1
        let count = width * height
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            var visited = [UInt8](repeating: 0, count: count)
            visited.withUnsafeMutableBufferPointer { visited in
                var stack: [Int32] = []
                stack.reserveCapacity(4096)
                let rr = Int(reference.r)
                let rg = Int(reference.g)
                let rb = Int(reference.b)

                @inline(__always) func isBackground(_ index: Int) -> Bool {
                    let o = index &* 4
                    if pixels[o &+ 3] == 0 { return true }
                    let dr = abs(Int(pixels[o]) &- rr)
                    let dg = abs(Int(pixels[o &+ 1]) &- rg)
                    let db = abs(Int(pixels[o &+ 2]) &- rb)
                    return dr <= tolerance && dg <= tolerance && db <= tolerance
                }
                @inline(__always) func seed(_ index: Int) {
                    borderCount &+= 1
                    if visited[index] == 0, isBackground(index) {
                        visited[index] = 1
                        stack.append(Int32(index))
                    }
                    if visited[index] == 1 { matchedBorder &+= 1 }
                }
                for x in 0..<width {
                    seed(x)
                    if height > 1 { seed((height - 1) * width + x) }
                }
                if height > 2 {
                    for y in 1..<(height - 1) {
                        seed(y * width)
                        if width > 1 { seed(y * width + width - 1) }
                    }
                }
                while let last = stack.popLast() {
                    let index = Int(last)
                    let x = index % width
                    if x > 0, visited[index - 1] == 0 {
                        if isBackground(index - 1) { visited[index - 1] = 1; stack.append(Int32(index - 1)) } else { visited[index - 1] = 2 }
                    }
                    if x < width - 1, visited[index + 1] == 0 {
                        if isBackground(index + 1) { visited[index + 1] = 1; stack.append(Int32(index + 1)) } else { visited[index + 1] = 2 }
                    }
                    if index >= width, visited[index - width] == 0 {
                        if isBackground(index - width) { visited[index - width] = 1; stack.append(Int32(index - width)) } else { visited[index - width] = 2 }
                    }
                    if index + width < count, visited[index + width] == 0 {
                        if isBackground(index + width) { visited[index + width] = 1; stack.append(Int32(index + width)) } else { visited[index + width] = 2 }
                    }
                }
                // Clear the background and find the subject's box in one pass.
                for y in 0..<height {
                    let row = y * width
                    for x in 0..<width {
                        let index = row + x
                        let o = index &* 4
                        if visited[index] == 1 {
                            pixels[o] = 0
                            pixels[o &+ 1] = 0
                            pixels[o &+ 2] = 0
                            pixels[o &+ 3] = 0
                        } else if pixels[o &+ 3] != 0 {
                            if x < left { left = x }
                            if x > right { right = x }
                            if y < top { top = y }
                            if y > bottom { bottom = y }
                        }
                    }
                }
            }
        }
        let box = right >= 0 ? PixelBox(x: left, y: top, width: right - left + 1, height: bottom - top + 1) : nil
        let agreement = borderCount > 0 ? Double(matchedBorder) / Double(borderCount) : 0
        let uncertainty = box == nil ? 1 : ((1 - agreement) * 100).rounded() / 100
        return CutoutResult(subjectBox: box, uncertainty: uncertainty)
    }

    /// The bounding box of the pixels with alpha > 0, or nil when every pixel is transparent.
    static func opaqueBox(_ image: RGBAImage) -> PixelBox? {
        var left = image.width
        var top = image.height
        var right = -1
        var bottom = -1
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                let row = y * image.width
                for x in 0..<image.width where pixels[(row + x) &* 4 &+ 3] != 0 {
                    if x < left { left = x }
                    if x > right { right = x }
                    if y < top { top = y }
                    if y > bottom { bottom = y }
                }
            }
        }
        return right >= 0 ? PixelBox(x: left, y: top, width: right - left + 1, height: bottom - top + 1) : nil
    }

    /// A cheap uncertainty score without removing anything: the share of border pixels far from the border colour.
    static func borderUncertainty(_ image: RGBAImage, tolerance: Int = defaultTolerance) -> Double {
        guard image.width > 0, image.height > 0 else { return 1 }
        let reference = borderColour(image)
        var matched = 0
        var total = 0
        forEachBorderPixel(image) { o, pixels in
            total += 1
            let close =
                pixels[o + 3] == 0
                || (abs(Int(pixels[o]) - Int(reference.r)) <= tolerance
                    && abs(Int(pixels[o + 1]) - Int(reference.g)) <= tolerance
                    && abs(Int(pixels[o + 2]) - Int(reference.b)) <= tolerance)
            if close { matched += 1 }
        }
        return ((1 - Double(matched) / Double(max(total, 1))) * 100).rounded() / 100
    }

    /// The dominant colour of the border: the most common colour (at 4 bits a channel) among edge pixels,
    /// averaged at full precision over the pixels in that bucket.
    static func borderColour(_ image: RGBAImage) -> Colour {
        var votes = [Int](repeating: 0, count: 4096)
        var sums = [Int](repeating: 0, count: 4096 * 3)
        forEachBorderPixel(image) { o, pixels in
            let r = Int(pixels[o])
            let g = Int(pixels[o + 1])
            let b = Int(pixels[o + 2])
            let bucket = (r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)
            votes[bucket] += 1
            sums[bucket * 3] += r
            sums[bucket * 3 + 1] += g
            sums[bucket * 3 + 2] += b
        }
        var best = 0
        for bucket in 1..<4096 where votes[bucket] > votes[best] { best = bucket }
        let n = max(votes[best], 1)
        return Colour(
            r: UInt8(sums[best * 3] / n), g: UInt8(sums[best * 3 + 1] / n), b: UInt8(sums[best * 3 + 2] / n), a: 255)
    }

    /// Calls `body` with the byte offset of each edge pixel (each once).
    private static func forEachBorderPixel(
        _ image: RGBAImage, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let width = image.width
        let height = image.height
        image.pixels.withUnsafeBufferPointer { pixels in
            for x in 0..<width {
                body(x * 4, pixels)
                if height > 1 { body(((height - 1) * width + x) * 4, pixels) }
            }
            if height > 2 {
                for y in 1..<(height - 1) {
                    body(y * width * 4, pixels)
                    if width > 1 { body((y * width + width - 1) * 4, pixels) }
                }
            }
        }
    }
}
