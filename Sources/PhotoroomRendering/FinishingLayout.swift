/// Where the subject goes: the geometry of one finishing, worked out before any pixel is touched.
///
/// The rules, each with its source, are in `POSITIONING.md` beside this file.
public struct FinishingLayout: Sendable, Equatable {
    /// A rectangle in output pixels (fractional).
    public struct Rect: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

    }

    /// The output's size, after `maxWidth`/`maxHeight`.
    public var width: Int
    public var height: Int
    /// The part of the input that is drawn (the subject box, or the whole frame).
    public var source: PixelBox
    /// Where `source` lands in the output (it may reach past the output's sides with `scaling=fill`).
    public var placement: Rect

    public init(width: Int, height: Int, source: PixelBox, placement: Rect) {
        self.width = width
        self.height = height
        self.source = source
        self.placement = placement
    }

    /// Lays out an input of `inputWidth` × `inputHeight` whose subject box is `subject` (nil: nothing opaque).
    public static func make(
        inputWidth: Int, inputHeight: Int, subject: PixelBox?, recipe: FinishingRecipe
    ) -> FinishingLayout {
        let full = PixelBox(x: 0, y: 0, width: max(1, inputWidth), height: max(1, inputHeight))
        let subject = subject ?? full
        let needsLayout: Bool
        switch recipe.outputSize {
        case .auto, .originalImage: needsLayout = recipe.positioningGiven
        case .croppedSubject, .exact: needsLayout = true
        }
        var layout: FinishingLayout
        if needsLayout {
            let reference = recipe.referenceIsOriginalImage ? full : subject
            let snap = SnapSides(subject: reference, in: full, recipe: recipe)
            var padding = recipe.padding
            if snap.left { padding.left = .zero }
            if snap.right { padding.right = .zero }
            if snap.top { padding.top = .zero }
            if snap.bottom { padding.bottom = .zero }
            let canvas = canvasSize(
                recipe.outputSize, full: full, reference: reference, padding: padding, recipe: recipe)
            let placement = place(
                reference, canvasWidth: Double(canvas.width), canvasHeight: Double(canvas.height), padding: padding,
                snap: snap, recipe: recipe)
            layout = FinishingLayout(
                width: canvas.width, height: canvas.height, source: reference, placement: placement)
        } else {
            // No positioning and the original frame: everything stays where it was.
            layout = FinishingLayout(
                width: full.width, height: full.height, source: full,
                placement: Rect(x: 0, y: 0, width: Double(full.width), height: Double(full.height)))
        }
        // maxWidth / maxHeight shrink the whole result, keeping its aspect ratio (never enlarging); a `WxH`
        // size is final.
        if case .exact = recipe.outputSize { return layout }
        let maxWidth = Double(recipe.maxWidth ?? Int.max)
        let maxHeight = Double(recipe.maxHeight ?? Int.max)
        let factor = min(1, maxWidth / Double(layout.width), maxHeight / Double(layout.height))
        if factor < 1 {
            let width = max(1, Int((Double(layout.width) * factor).rounded()))
            let height = max(1, Int((Double(layout.height) * factor).rounded()))
            let fx = Double(width) / Double(layout.width)
            let fy = Double(height) / Double(layout.height)
            let p = layout.placement
            layout.placement = Rect(x: p.x * fx, y: p.y * fy, width: p.width * fx, height: p.height * fy)
            layout.width = width
            layout.height = height
        }
        return layout
    }

    /// The sides on which the subject was cut by the photo's frame and so snaps to the output's edge, ignoring
    /// the padding there (`ignorePaddingAndSnapOnCroppedSides`, default true).
    struct SnapSides: Equatable {
        var left = false
        var right = false
        var top = false
        var bottom = false

        init(subject: PixelBox, in full: PixelBox, recipe: FinishingRecipe) {
            guard recipe.snapCroppedSides, recipe.removeBackground, !recipe.referenceIsOriginalImage else { return }
            if recipe.horizontalAlignment == nil {
                left = subject.x == 0
                right = subject.x + subject.width == full.width
            }
            if recipe.verticalAlignment == nil {
                top = subject.y == 0
                bottom = subject.y + subject.height == full.height
            }
        }
    }

    /// The canvas `outputSize` asks for, before `maxWidth`/`maxHeight`.
    static func canvasSize(
        _ outputSize: FinishingRecipe.OutputSize, full: PixelBox, reference: PixelBox,
        padding: FinishingRecipe.Insets, recipe: FinishingRecipe
    ) -> (width: Int, height: Int) {
        switch outputSize {
        case .exact(let width, let height):
            return (width, height)
        case .auto, .originalImage:
            return (full.width, full.height)
        case .croppedSubject:
            // The subject's box grown by the padding (a ratio of the size inside the margins), then by the
            // margins (a ratio of the output size): size = (inner + pixels) / (1 - ratios).
            func grow(_ size: Double, _ a: FinishingRecipe.Length, _ b: FinishingRecipe.Length) -> Double {
                var ratio = 0.0
                var pixels = 0.0
                for side in [a, b] {
                    switch side {
                    case .ratio(let r): ratio += r
                    case .pixels(let p): pixels += p
                    }
                }
                return (size + pixels) / max(0.02, 1 - ratio)
            }
            var width = grow(Double(reference.width), padding.left, padding.right)
            var height = grow(Double(reference.height), padding.top, padding.bottom)
            width = grow(width, recipe.margin.left, recipe.margin.right)
            height = grow(height, recipe.margin.top, recipe.margin.bottom)
            return (max(1, Int(width.rounded())), max(1, Int(height.rounded())))
        }
    }

    /// Fits (or fills) `reference` into the canvas minus margins minus padding, and aligns it.
    static func place(
        _ reference: PixelBox, canvasWidth cw: Double, canvasHeight ch: Double, padding: FinishingRecipe.Insets,
        snap: SnapSides, recipe: FinishingRecipe
    ) -> Rect {
        let margin = recipe.margin
        let areaX = margin.left.resolve(against: cw)
        let areaY = margin.top.resolve(against: ch)
        let areaW = max(1, cw - areaX - margin.right.resolve(against: cw))
        let areaH = max(1, ch - areaY - margin.bottom.resolve(against: ch))
        let boxX = areaX + padding.left.resolve(against: areaW)
        let boxY = areaY + padding.top.resolve(against: areaH)
        let boxW = max(1, areaW - padding.left.resolve(against: areaW) - padding.right.resolve(against: areaW))
        let boxH = max(1, areaH - padding.top.resolve(against: areaH) - padding.bottom.resolve(against: areaH))

        let scaleX = boxW / Double(reference.width)
        let scaleY = boxH / Double(reference.height)
        let scale = recipe.fillScaling ? max(scaleX, scaleY) : min(scaleX, scaleY)
        let width = Double(reference.width) * scale
        let height = Double(reference.height) * scale
        func offset(_ alignment: FinishingRecipe.Alignment, start: Double, room: Double, size: Double) -> Double {
            switch alignment {
            case .start: start
            case .center: start + (room - size) / 2
            case .end: start + room - size
            }
        }
        func snapped(_ given: FinishingRecipe.Alignment?, low: Bool, high: Bool) -> FinishingRecipe.Alignment {
            if let given { return given }
            if low != high { return low ? .start : .end }
            return .center
        }
        let horizontal = snapped(recipe.horizontalAlignment, low: snap.left, high: snap.right)
        let vertical = snapped(recipe.verticalAlignment, low: snap.top, high: snap.bottom)
        return Rect(
            x: offset(horizontal, start: boxX, room: boxW, size: width),
            y: offset(vertical, start: boxY, room: boxH, size: height),
            width: width, height: height)
    }
}
