import Foundation

/// The filter a resize uses on each axis.
public enum ResamplingFilter: String, Sendable, CaseIterable {
    /// Area averaging when shrinking (each target pixel is the exact coverage-weighted mean of the source pixels
    /// under it); a triangle (bilinear) filter when enlarging, where averaging areas would only replicate pixels.
    case areaAverage
    /// Lanczos with 3 lobes, widened by the scale when shrinking.
    case lanczos3
}

/// The precomputed weights of a one-dimensional resampling: for each target index, the first source index and a
/// fixed number of weights (zero-padded), normalised to sum to 1.
struct ResamplingWeights: Sendable {
    /// The first source index of each target index.
    var starts: [Int]
    /// `targetLength * taps` weights.
    var weights: [Float]
    /// Weights per target index.
    var taps: Int

    /// Weights that map source indices `sourceStart..<sourceStart+sourceLength` onto `targetLength` indices.
    ///
    /// - Parameters:
    ///   - sourceStart: the first source index of the region that maps onto the target.
    ///   - sourceLength: the region's length in source pixels (may be fractional).
    ///   - sourceLimit: the number of source pixels (taps outside `0..<sourceLimit` are clamped away).
    ///   - targetLength: the number of target pixels.
    ///   - filter: the filter.
    init(sourceStart: Double, sourceLength: Double, sourceLimit: Int, targetLength: Int, filter: ResamplingFilter) {
        let scale = sourceLength / Double(targetLength)  // source pixels per target pixel
        let widen = max(1, scale)
        let radius: Double
        switch filter {
        case .areaAverage: radius = scale > 1 ? scale / 2 : 1
        case .lanczos3: radius = 3 * widen
        }
        let window = max(1, Int((2 * radius).rounded(.up)) + 2)
        var spans: [(first: Int, weights: [Double])] = []
        spans.reserveCapacity(targetLength)
        var row = [Double](repeating: 0, count: window)
        for target in 0..<targetLength {
            let centre = sourceStart + (Double(target) + 0.5) * scale
            let first = max(0, Int((centre - radius).rounded(.down)))
            let last = min(sourceLimit - 1, first + window - 1, Int((centre + radius).rounded(.up)))
            guard last >= first else {
                spans.append((min(max(0, Int(centre)), sourceLimit - 1), [1]))
                continue
            }
            for index in first...last {
                switch filter {
                case .areaAverage where scale > 1:
                    // Overlap of source pixel [index, index+1) with the target pixel's footprint.
                    let low = max(Double(index), centre - scale / 2)
                    let high = min(Double(index + 1), centre + scale / 2)
                    row[index - first] = max(0, high - low)
                case .areaAverage:
                    row[index - first] = max(0, 1 - abs(Double(index) + 0.5 - centre))
                case .lanczos3:
                    row[index - first] = Self.lanczos3((Double(index) + 0.5 - centre) / widen)
                }
            }
            // Trim zero weights at both ends so the taps stay few.
            var low = 0
            var high = last - first
            while low < high, row[low] == 0 { low += 1 }
            while high > low, row[high] == 0 { high -= 1 }
            let kept = Array(row[low...high])
            let total = kept.reduce(0, +)
            if total == 0 {
                // The footprint fell outside the image: take the nearest source pixel.
                spans.append((min(max(0, Int(centre)), sourceLimit - 1), [1]))
            } else {
                spans.append((first + low, kept.map { $0 / total }))
            }
        }
        let taps = spans.map(\.weights.count).max() ?? 1
        var starts = [Int](repeating: 0, count: targetLength)
        var weights = [Float](repeating: 0, count: targetLength * taps)
        for (target, span) in spans.enumerated() {
            // Keep every tap inside the source: shift the start left when the padded window would overrun.
            let start = min(span.first, max(0, sourceLimit - taps))
            let shift = span.first - start
            starts[target] = start
            for (t, weight) in span.weights.enumerated() where shift + t < taps {
                weights[target * taps + shift + t] = Float(weight)
            }
        }
        self.starts = starts
        self.weights = weights
        self.taps = taps
    }

    /// Lanczos-3: `sinc(x) * sinc(x / 3)` for |x| < 3.
    static func lanczos3(_ x: Double) -> Double {
        let x = abs(x)
        if x < 1e-9 { return 1 }
        if x >= 3 { return 0 }
        let px = Double.pi * x
        return 3 * sin(px) * sin(px / 3) / (px * px)
    }
}
