import PhotoroomImaging
import PhotoroomRendering

/// The `/v1/segment` form fields, parsed.
struct SegmentOptions: Sendable, Equatable {
    /// `size`: the output's largest pixel count.
    enum Size: String, Sendable, CaseIterable {
        case preview, medium, hd, full

        /// The documented megapixel caps: 0.25, 1.5, 4 and 36.
        var maxPixels: Int {
            switch self {
            case .preview: 250_000
            case .medium: 1_500_000
            case .hd: 4_000_000
            case .full: 36_000_000
            }
        }
    }

    var format = EditOptions.ExportFormat.png
    var alphaOnly = false
    var backgroundColour: Colour?
    var size = Size.full
    var crop = false
    var watermark = false

    /// The fields the emulator knows (others are ignored, as the real endpoint does not report them).
    static let knownFields: Set<String> = ["image_file", "format", "channels", "bg_color", "size", "crop", "despill"]

    /// Parses the text fields.
    ///
    /// - Throws: ``EmulatorError`` 400 in the flat shape for a value outside the documented ones.
    static func parse(_ fields: [String: String]) throws(EmulatorError) -> SegmentOptions {
        var options = SegmentOptions()
        func fail(_ message: String) -> EmulatorError { .badRequest(.sdk, message) }
        if let value = fields["format"] {
            switch value.lowercased() {
            case "png": options.format = .png
            case "jpg", "jpeg": options.format = .jpeg
            case "webp": options.format = .webp
            default: throw fail("format must be one of png, jpg, webp")
            }
        }
        if let value = fields["channels"] {
            guard value == "rgba" || value == "alpha" else { throw fail("channels must be one of rgba, alpha") }
            options.alphaOnly = value == "alpha"
        }
        if let value = fields["bg_color"], !value.isEmpty {
            guard let colour = Colour(parsing: value) else {
                throw fail("bg_color must be a hex color such as #FF00FF or a color name")
            }
            options.backgroundColour = colour
        }
        if let value = fields["size"] {
            guard let size = Size(rawValue: value) else { throw fail("size must be one of preview, medium, hd, full") }
            options.size = size
        }
        for name in ["crop", "despill"] {
            guard let value = fields[name] else { continue }
            guard let flag = Bool(value.lowercased()) else { throw fail("\(name) must be true or false") }
            if name == "crop" { options.crop = flag }
        }
        return options
    }
}

/// Applies ``SegmentOptions``: cutout, size cap, crop, mask or background, watermark.
enum SegmentRenderer {
    /// Renders `input`.
    static func render(_ input: RGBAImage, options: SegmentOptions) -> RenderedEdit {
        var image = input
        let cut = Cutout.removeBackground(&image)
        if options.crop, let box = cut.subjectBox {
            image = Resample.crop(image, to: box)
        }
        let pixels = image.width * image.height
        if pixels > options.size.maxPixels {
            let scale = (Double(options.size.maxPixels) / Double(pixels)).squareRoot()
            image = Resample.resize(
                image,
                width: Int((Double(image.width) * scale).rounded(.down)),
                height: Int((Double(image.height) * scale).rounded(.down))
            )
        }
        if options.alphaOnly {
            image.pixels.withUnsafeMutableBufferPointer { pixels in
                var o = 0
                while o < pixels.count {
                    let alpha = pixels[o + 3]
                    pixels[o] = alpha
                    pixels[o + 1] = alpha
                    pixels[o + 2] = alpha
                    pixels[o + 3] = 255
                    o += 4
                }
            }
        } else if let colour = options.backgroundColour {
            Compositing.flatten(&image, onto: colour)
        }
        if options.format == .jpeg {
            Compositing.flatten(&image, onto: .white)
        }
        if options.watermark {
            Watermark.apply(to: &image)
        }
        return RenderedEdit(image: image, uncertainty: cut.uncertainty)
    }
}
