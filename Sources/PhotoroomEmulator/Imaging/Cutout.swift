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
        let count = width * height
        // 0 = not seen, 1 = background, 2 = subject. Every pixel is pushed at most once, so `count` bounds the stack.
        let visited = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        visited.initialize(repeating: 0, count: count)
        // (index, x) pairs: keeping x avoids a division per popped pixel.
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * count)
        defer {
            visited.deallocate()
            stack.deallocate()
        }
        let fill = image.pixels.withUnsafeMutableBufferPointer { buffer in
            floodFill(
                pixels: buffer.baseAddress!, width: width, height: height, visited: visited, stack: stack,
                reference: reference, tolerance: tolerance)
        }
        let box = fill.right >= 0
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

    /// Classifies an unseen neighbour and pushes it when it is background.
    @inline(__always)
    private static func visit(
        _ next: Int,
        x: Int,
        _ pixels: UnsafeMutablePointer<UInt8>,
        _ visited: UnsafeMutablePointer<UInt8>,
        _ stack: UnsafeMutablePointer<Int32>,
        _ top: inout Int,
        _ r: Int, _ g: Int, _ b: Int, _ tolerance: Int
    ) {
        guard visited[next] == 0 else { return }
        if isBackground(pixels, next &* 4, r, g, b, tolerance) {
            visited[next] = 1
            stack[top] = Int32(next)
            stack[top &+ 1] = Int32(x)
            top &+= 2
        } else {
            visited[next] = 2
        }
    }

    /// The flood fill from the edges with an explicit stack, then one pass that clears the background and
    /// measures the subject.
    private static func floodFill(
        pixels: UnsafeMutablePointer<UInt8>,
        width: Int,
        height: Int,
        visited: UnsafeMutablePointer<UInt8>,
        stack: UnsafeMutablePointer<Int32>,
        reference: Colour,
        tolerance: Int
    ) -> FillResult {
        let count = width * height
        let r = Int(reference.r)
        let g = Int(reference.g)
        let b = Int(reference.b)
        var result = FillResult()
        var top = 0  // stack size

        // Seed with every edge pixel that looks like background (each edge pixel once).
        var seeds: [Int] = []
        seeds.reserveCapacity(2 * (width + height))
        for x in 0..<width {
            seeds.append(x)
            if height > 1 { seeds.append((height - 1) * width + x) }
        }
        if height > 2 {
            for y in 1..<(height - 1) {
                seeds.append(y * width)
                if width > 1 { seeds.append(y * width + width - 1) }
            }
        }
        for index in seeds {
            result.borderCount += 1
            if isBackground(pixels, index &* 4, r, g, b, tolerance) {
                result.matchedBorder += 1
                if visited[index] == 0 {
                    visited[index] = 1
                    stack[top] = Int32(index)
                    stack[top + 1] = Int32(index % width)
                    top += 2
                }
            }
        }

        while top > 0 {
            top -= 2
            let index = Int(stack[top])
            let x = Int(stack[top + 1])
            if x > 0 { visit(index - 1, x: x - 1, pixels, visited, stack, &top, r, g, b, tolerance) }
            if x < width - 1 { visit(index + 1, x: x + 1, pixels, visited, stack, &top, r, g, b, tolerance) }
            if index >= width { visit(index - width, x: x, pixels, visited, stack, &top, r, g, b, tolerance) }
            if index + width < count { visit(index + width, x: x, pixels, visited, stack, &top, r, g, b, tolerance) }
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
