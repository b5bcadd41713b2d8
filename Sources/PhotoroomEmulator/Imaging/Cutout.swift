import PhotoroomImaging
import PhotoroomRendering

/// What the background removal found.
struct CutoutResult: Sendable, Equatable {
    /// The subject's bounding box (pixels with alpha > 0), or nil when nothing is left.
    var subjectBox: PixelBox?
    /// 0 when the border was one plain colour, towards 1 when it was not (the `x-uncertainty-score`).
    var uncertainty: Double
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
        let count = width * height
        // 0 = not filled, 1 = background.
        let visited = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        visited.initialize(repeating: 0, count: count)
        defer { visited.deallocate() }
        let fill = image.pixels.withUnsafeMutableBufferPointer { buffer in
            floodFill(
                pixels: buffer.baseAddress!, width: width, height: height, visited: visited,
                reference: reference, tolerance: tolerance)
        }
        let box =
            fill.right >= 0
            ? PixelBox(x: fill.left, y: fill.top, width: fill.right - fill.left + 1, height: fill.bottom - fill.top + 1)
            : nil
        let agreement = fill.borderCount > 0 ? Double(fill.matchedBorder) / Double(fill.borderCount) : 0
        let uncertainty = box == nil ? 1 : ((1 - agreement) * 100).rounded() / 100
        return CutoutResult(subjectBox: box, uncertainty: uncertainty)
    }

    /// What the flood fill found: border statistics and the subject's extent (`right < 0` when empty).
    private struct FillResult {
        var matchedBorder = 0
        var borderCount = 0
        var left = Int.max
        var top = Int.max
        var right = -1
        var bottom = -1
    }

    /// Whether the pixel at byte offset `o` is background: transparent, or within `tolerance` of the reference.
    @inline(__always)
    private static func isBackground(
        _ pixels: UnsafeMutablePointer<UInt8>, _ o: Int, _ r: Int, _ g: Int, _ b: Int, _ tolerance: Int
    ) -> Bool {
        if pixels[o &+ 3] == 0 { return true }
        return abs(Int(pixels[o]) &- r) <= tolerance && abs(Int(pixels[o &+ 1]) &- g) <= tolerance
            && abs(Int(pixels[o &+ 2]) &- b) <= tolerance
    }

    /// A scanline flood fill from the edges with an explicit stack of seeds, then one pass that clears the
    /// background and measures the subject.
    private static func floodFill(
        pixels: UnsafeMutablePointer<UInt8>,
        width: Int,
        height: Int,
        visited: UnsafeMutablePointer<UInt8>,
        reference: Colour,
        tolerance: Int
    ) -> FillResult {
        let r = Int(reference.r)
        let g = Int(reference.g)
        let b = Int(reference.b)
        var result = FillResult()
        // Seeds as (x, y) pairs.
        var stack: [Int32] = []
        stack.reserveCapacity(4 * (width + height))

        // Seed with every edge pixel that looks like background (each edge pixel once).
        func seed(_ x: Int, _ y: Int, _ result: inout FillResult, _ stack: inout [Int32]) {
            result.borderCount += 1
            if isBackground(pixels, (y * width + x) &* 4, r, g, b, tolerance) {
                result.matchedBorder += 1
                stack.append(Int32(x))
                stack.append(Int32(y))
            }
        }
        for x in 0..<width {
            seed(x, 0, &result, &stack)
            if height > 1 { seed(x, height - 1, &result, &stack) }
        }
        if height > 2 {
            for y in 1..<(height - 1) {
                seed(0, y, &result, &stack)
                if width > 1 { seed(width - 1, y, &result, &stack) }
            }
        }

        while let yValue = stack.popLast(), let xValue = stack.popLast() {
            let x = Int(xValue)
            let y = Int(yValue)
            let row = y &* width
            if visited[row &+ x] != 0 { continue }
            // Extend the span left and right over unfilled background.
            var left = x
            while left > 0, visited[row &+ left &- 1] == 0,
                isBackground(pixels, (row &+ left &- 1) &* 4, r, g, b, tolerance)
            {
                left &-= 1
            }
            var right = x
            while right < width &- 1, visited[row &+ right &+ 1] == 0,
                isBackground(pixels, (row &+ right &+ 1) &* 4, r, g, b, tolerance)
            {
                right &+= 1
            }
            (visited + row + left).update(repeating: 1, count: right - left + 1)
            // Seed each background segment of the rows above and below, within the span.
            for neighbour in [y &- 1, y &+ 1] where neighbour >= 0 && neighbour < height {
                let neighbourRow = neighbour &* width
                var inSegment = false
                var i = left
                while i <= right {
                    let index = neighbourRow &+ i
                    if visited[index] == 0, isBackground(pixels, index &* 4, r, g, b, tolerance) {
                        if !inSegment {
                            stack.append(Int32(i))
                            stack.append(Int32(neighbour))
                            inSegment = true
                        }
                    } else {
                        inSegment = false
                    }
                    i &+= 1
                }
            }
        }

        // Clear the background and find the subject's box in one pass.
        var left = Int.max
        var topRow = Int.max
        var right = -1
        var bottom = -1
        for y in 0..<height {
            let row = y &* width
            var rowLeft = Int.max
            var rowRight = -1
            for x in 0..<width {
                let index = row &+ x
                let o = index &* 4
                if visited[index] == 1 {
                    pixels[o] = 0
                    pixels[o &+ 1] = 0
                    pixels[o &+ 2] = 0
                    pixels[o &+ 3] = 0
                } else if pixels[o &+ 3] != 0 {
                    if x < rowLeft { rowLeft = x }
                    rowRight = x
                }
            }
            if rowRight >= 0 {
                if rowLeft < left { left = rowLeft }
                if rowRight > right { right = rowRight }
                if y < topRow { topRow = y }
                bottom = y
            }
        }
        result.left = left
        result.top = topRow
        result.right = right
        result.bottom = bottom
        return result
    }

    /// The bounding box of the pixels with alpha > 0, or nil when every pixel is transparent.
    static func opaqueBox(_ image: RGBAImage) -> PixelBox? {
        PixelBox.subject(of: image)
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
