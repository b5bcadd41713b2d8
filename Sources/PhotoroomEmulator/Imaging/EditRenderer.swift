import PhotoroomImaging

/// The pixels of an edit and what the response headers need to say about them.
struct RenderedEdit: Sendable {
    /// The final raster (before encoding).
    var image: RGBAImage
    /// The `x-uncertainty-score` value.
    var uncertainty: Double
}

/// Applies ``EditOptions`` to a decoded image: cutout, layout on a canvas, background, resize, watermark.
///
/// Layout: the subject (or the whole frame with `referenceBox=originalImage`) is fitted into the canvas minus
/// the margins (a ratio of the canvas) minus the padding (a ratio of what the margins leave), and aligned
/// (centred unless told otherwise). Without any positioning parameter and with `outputSize` `auto` or
/// `originalImage`, the subject stays where it was. Not emulated: `ignorePaddingAndSnapOnCroppedSides`
/// (padding is applied on every side), templates and layers.
enum EditRenderer {
    /// Renders `input` as `options` ask.
    ///
    /// - Parameters:
    ///   - input: the decoded main image.
    ///   - options: the parsed parameters.
    ///   - backgroundImage: the decoded `background.imageFile`/`background.imageUrl`, if any.
    static func render(_ input: RGBAImage, options: EditOptions, backgroundImage: RGBAImage? = nil) -> RenderedEdit {
        var image = input
        let full = PixelBox(x: 0, y: 0, width: input.width, height: input.height)
        let uncertainty: Double
        let subject: PixelBox
        if options.removeBackground {
            let cut = Cutout.removeBackground(&image)
            uncertainty = cut.uncertainty
            subject = cut.subjectBox ?? full
        } else {
            uncertainty = Cutout.borderUncertainty(image)
            subject = Cutout.opaqueBox(image) ?? full
        }
        var background = options.backgroundColour ?? options.aiBackgroundStandIn ?? .transparent
        if options.exportFormat == .jpeg, background.a < 255 {
            // JPEG has no alpha: composite on white (under any translucent colour).
            var base = Compositing.canvas(width: 1, height: 1, colour: .white)
            let top = Compositing.canvas(width: 1, height: 1, colour: background)
            Compositing.draw(top, over: &base, x: 0, y: 0)
            background = Colour(r: base.pixels[0], g: base.pixels[1], b: base.pixels[2], a: 255)
        }

        let needsLayout: Bool
        switch options.outputSize {
        case .auto, .originalImage: needsLayout = options.positioningGiven
        case .croppedSubject, .exact: needsLayout = true
        }

        var result: RGBAImage
        if needsLayout {
            let reference = options.referenceIsOriginalImage ? full : subject
            let (width, height) = canvasSize(for: options, input: full, reference: reference)
            result = baseCanvas(width: width, height: height, colour: background, image: backgroundImage)
            place(Resample.crop(image, to: reference), on: &result, options: options)
        } else if backgroundImage != nil || background.a > 0 {
            result = baseCanvas(width: image.width, height: image.height, colour: background, image: backgroundImage)
            Compositing.draw(image, over: &result, x: 0, y: 0)
        } else {
            result = image
        }

        switch options.outputSize {
        case .exact: break
        case .auto, .originalImage, .croppedSubject:
            let maxWidth = Double(options.maxWidth ?? Int.max)
            let maxHeight = Double(options.maxHeight ?? Int.max)
            let scale = min(1, maxWidth / Double(result.width), maxHeight / Double(result.height))
            if scale < 1 {
                result = Resample.resize(
                    result,
                    width: Int((Double(result.width) * scale).rounded()),
                    height: Int((Double(result.height) * scale).rounded())
                )
            }
        }
        if options.watermark {
            Watermark.apply(to: &result)
        }
        return RenderedEdit(image: result, uncertainty: uncertainty)
    }

    /// The canvas size `outputSize` asks for.
    static func canvasSize(for options: EditOptions, input: PixelBox, reference: PixelBox) -> (Int, Int) {
        switch options.outputSize {
        case .exact(let width, let height):
            return (width, height)
        case .auto, .originalImage:
            return (input.width, input.height)
        case .croppedSubject:
            // Grow the subject's box by the padding, then by the margins (ratios are of the grown size).
            func grow(_ size: Double, _ a: EditOptions.Length, _ b: EditOptions.Length) -> Double {
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
            var width = grow(Double(reference.width), options.padding.left, options.padding.right)
            var height = grow(Double(reference.height), options.padding.top, options.padding.bottom)
            width = grow(width, options.margin.left, options.margin.right)
            height = grow(height, options.margin.top, options.margin.bottom)
            return (max(1, Int(width.rounded())), max(1, Int(height.rounded())))
        }
    }

    /// A canvas filled with `colour`, with `image` (scaled to cover, centred) underneath when given.
    static func baseCanvas(width: Int, height: Int, colour: Colour, image: RGBAImage?) -> RGBAImage {
        var canvas = Compositing.canvas(width: width, height: height, colour: colour)
        if let image, image.width > 0, image.height > 0 {
            let scale = max(Double(width) / Double(image.width), Double(height) / Double(image.height))
            let scaled = Resample.resize(
                image,
                width: Int((Double(image.width) * scale).rounded(.up)),
                height: Int((Double(image.height) * scale).rounded(.up))
            )
            Compositing.draw(scaled, over: &canvas, x: (width - scaled.width) / 2, y: (height - scaled.height) / 2)
        }
        return canvas
    }

    /// Fits (or fills) `subject` into the canvas minus margins and padding, aligned, and draws it.
    static func place(_ subject: RGBAImage, on canvas: inout RGBAImage, options: EditOptions) {
        guard subject.width > 0, subject.height > 0 else { return }
        let cw = Double(canvas.width)
        let ch = Double(canvas.height)
        let margin = options.margin
        let areaX = margin.left.resolve(against: cw)
        let areaY = margin.top.resolve(against: ch)
        let areaW = max(1, cw - areaX - margin.right.resolve(against: cw))
        let areaH = max(1, ch - areaY - margin.bottom.resolve(against: ch))
        let padding = options.padding
        let boxX = areaX + padding.left.resolve(against: areaW)
        let boxY = areaY + padding.top.resolve(against: areaH)
        let boxW = max(1, areaW - padding.left.resolve(against: areaW) - padding.right.resolve(against: areaW))
        let boxH = max(1, areaH - padding.top.resolve(against: areaH) - padding.bottom.resolve(against: areaH))

        let scaleX = boxW / Double(subject.width)
        let scaleY = boxH / Double(subject.height)
        let scale = options.fillScaling ? max(scaleX, scaleY) : min(scaleX, scaleY)
        let width = max(1, Int((Double(subject.width) * scale).rounded()))
        let height = max(1, Int((Double(subject.height) * scale).rounded()))
        func offset(_ alignment: EditOptions.Alignment, start: Double, room: Double, size: Int) -> Int {
            switch alignment {
            case .start: Int(start.rounded())
            case .center: Int((start + (room - Double(size)) / 2).rounded())
            case .end: Int((start + room - Double(size)).rounded())
            }
        }
        let x = offset(options.horizontalAlignment, start: boxX, room: boxW, size: width)
        let y = offset(options.verticalAlignment, start: boxY, room: boxH, size: height)
        let scaled = Resample.resize(subject, width: width, height: height)
        Compositing.draw(scaled, over: &canvas, x: x, y: y)
    }
}
