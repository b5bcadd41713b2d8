import PhotoroomImaging
import PhotoroomRendering

/// The pixels of an edit and what the response headers need to say about them.
struct RenderedEdit: Sendable {
    /// The final raster (before encoding).
    var image: RGBAImage
    /// The `x-uncertainty-score` value.
    var uncertainty: Double
}

/// Renders `/v2/edit`: the emulator's own cutout (``Cutout``), then the rendering target's ``Finisher`` (layout,
/// resampling, background, the same code local finishing runs after `/v1/segment`), then the sandbox watermark.
///
/// Layout rules and their sources: `Sources/PhotoroomRendering/POSITIONING.md`. Not emulated: templates and
/// layers; AI features are billed and drawn as a plain stand-in colour.
enum EditRenderer {
    /// Renders `input` as `options` ask.
    ///
    /// - Parameters:
    ///   - input: the decoded main image.
    ///   - options: the parsed parameters.
    ///   - backgroundImage: the decoded `background.imageFile`/`background.imageUrl`, if any.
    static func render(_ input: RGBAImage, options: EditOptions, backgroundImage: RGBAImage? = nil) -> RenderedEdit {
        var image = input
        let uncertainty: Double
        if options.finishing.removeBackground {
            uncertainty = Cutout.removeBackground(&image).uncertainty
        } else {
            uncertainty = Cutout.borderUncertainty(image)
        }
        var result = Finisher.render(
            image, recipe: options.finishing,
            backgroundColour: options.finishing.backgroundColour ?? options.aiBackgroundStandIn,
            backgroundImage: backgroundImage)
        if options.watermark {
            Watermark.apply(to: &result)
        }
        return RenderedEdit(image: result, uncertainty: uncertainty)
    }
}
