import Foundation
import PhotoroomImaging

/// Local finishing: lays out a cut-out image as `/v2/edit` would, resamples it, composites it over the
/// background colour and encodes it.
///
/// The emulator's `/v2/edit` renders with this same code after its own cutout, so an edit and a segment call
/// finished locally agree by construction.
public enum Finisher {
    /// How PNG results are written.
    public enum PNGWriter: Sendable {
        /// libpng at zlib level 6: small files, about 150 ms for 1000 × 1000 RGBA.
        case compact
        /// ``FastPNG``: a few milliseconds, larger files (the emulator's choice).
        case fast
    }

    /// An encoded result.
    public struct Encoded: Sendable, Equatable {
        public var bytes: [UInt8]
        /// `image/png` or `image/jpeg`.
        public var contentType: String
        public var width: Int
        public var height: Int
    }

    /// The JPEG quality `/v2/edit` documents ("Jpeg exports with a quality of 80").
    public static let jpegQuality = 80

    /// Lays out and composites `image` (a cutout, or the original with `removeBackground=false`).
    ///
    /// - Parameters:
    ///   - image: the pixels to place; the subject box is taken from its alpha channel.
    ///   - recipe: the parsed settings.
    ///   - backgroundColour: replaces `recipe.backgroundColour` when given (the emulator's AI stand-in).
    ///   - backgroundImage: drawn under everything, scaled to cover and centred (the emulator's
    ///     `background.imageFile`; not part of local finishing).
    ///   - resampling: the filter.
    public static func render(
        _ image: RGBAImage,
        recipe: FinishingRecipe,
        backgroundColour: RGBAColour? = nil,
        backgroundImage: RGBAImage? = nil,
        resampling: Resampler.Options = .standard
    ) -> RGBAImage {
        let layout = FinishingLayout.make(
            inputWidth: image.width, inputHeight: image.height, subject: PixelBox.subject(of: image), recipe: recipe)
        return render(
            image, layout: layout, recipe: recipe, backgroundColour: backgroundColour,
            backgroundImage: backgroundImage, resampling: resampling)
    }

    /// Renders `image` with a layout already worked out.
    public static func render(
        _ image: RGBAImage,
        layout: FinishingLayout,
        recipe: FinishingRecipe,
        backgroundColour: RGBAColour? = nil,
        backgroundImage: RGBAImage? = nil,
        resampling: Resampler.Options = .standard
    ) -> RGBAImage {
        var background = backgroundColour ?? recipe.backgroundColour ?? .transparent
        if recipe.exportFormat == .jpeg, background.a < 255 {
            // JPEG has no alpha: the background (or what shows through it) is white.
            background = background.flattened(over: .white)
        }
        let p = layout.placement
        let x0 = Int(p.x.rounded())
        let y0 = Int(p.y.rounded())
        let width = max(1, Int((p.x + p.width).rounded()) - x0)
        let height = max(1, Int((p.y + p.height).rounded()) - y0)
        let source = layout.source
        let unchangedFrame =
            layout.width == image.width && layout.height == image.height && x0 == 0 && y0 == 0
            && width == image.width && height == image.height
        if unchangedFrame, background.a == 0, backgroundImage == nil {
            return image
        }
        var canvas = baseCanvas(
            width: layout.width, height: layout.height, colour: background, image: backgroundImage,
            resampling: resampling)
        if width == source.width, height == source.height {
            Compositing.draw(image, region: source, over: &canvas, x: x0, y: y0)
        } else {
            let scaled = Resampler.resize(image, region: source, width: width, height: height, options: resampling)
            Compositing.draw(scaled, over: &canvas, x: x0, y: y0)
        }
        return canvas
    }

    /// Encodes a rendered image as `format` asks (PNG or JPEG at quality 80).
    ///
    /// - Throws: ``FinishingError`` for WebP/AVIF (not encoded locally) or an encoder failure.
    public static func encode(
        _ image: RGBAImage, format: FinishingRecipe.ExportFormat, pngWriter: PNGWriter = .compact
    ) throws(FinishingError) -> Encoded {
        do {
            switch format {
            case .png:
                let bytes = pngWriter == .fast ? FastPNG.encode(image) : try ImageCodec.encodePNG(image)
                return Encoded(bytes: bytes, contentType: "image/png", width: image.width, height: image.height)
            case .jpeg:
                let bytes = try ImageCodec.encodeJPEG(image, quality: jpegQuality)
                return Encoded(bytes: bytes, contentType: "image/jpeg", width: image.width, height: image.height)
            case .webp, .avif:
                throw FinishingError(
                    code: .unsupportedFormat, message: "\(format.rawValue) output is not encoded locally")
            }
        } catch let error as FinishingError {
            throw error
        } catch {
            throw FinishingError(code: .encodeFailed, message: "cannot encode the result: \(error)")
        }
    }

    /// Finishes an encoded cutout (the `/v1/segment` answer: a full-size RGBA PNG) in memory.
    ///
    /// - Throws: ``FinishingError`` when the cutout cannot be decoded or the result encoded.
    public static func finish(
        cutout bytes: [UInt8], recipe: FinishingRecipe, pngWriter: PNGWriter = .compact
    ) throws(FinishingError) -> Encoded {
        let image: RGBAImage
        do {
            image = try ImageCodec.decode(bytes)
        } catch {
            throw FinishingError(code: .undecodableCutout, message: "the cutout cannot be decoded: \(error.message)")
        }
        return try encode(render(image, recipe: recipe), format: recipe.exportFormat, pngWriter: pngWriter)
    }

    /// Finishes the cutout at `cutoutPath` into `destinationPath` (written to a temporary file beside it, then
    /// renamed, so the destination is whole or absent).
    ///
    /// - Throws: ``FinishingError`` for an unreadable cutout, a decoding or encoding failure, or a write failure.
    @discardableResult
    public static func finish(
        cutoutAt cutoutPath: String, recipe: FinishingRecipe, writingTo destinationPath: String,
        pngWriter: PNGWriter = .compact
    ) throws(FinishingError) -> Encoded {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cutoutPath)))
        } catch {
            throw FinishingError(code: .unreadableCutout, message: "\(cutoutPath): cannot read (\(error))")
        }
        let encoded = try finish(cutout: bytes, recipe: recipe, pngWriter: pngWriter)
        do {
            try Data(encoded.bytes).write(to: URL(fileURLWithPath: destinationPath), options: .atomic)
        } catch {
            throw FinishingError(code: .writeFailed, message: "\(destinationPath): cannot write (\(error))")
        }
        return encoded
    }

    /// A canvas filled with `colour`, with `image` (scaled to cover, centred) underneath when given.
    static func baseCanvas(
        width: Int, height: Int, colour: RGBAColour, image: RGBAImage?, resampling: Resampler.Options
    ) -> RGBAImage {
        var canvas = Compositing.canvas(width: width, height: height, colour: colour)
        if let image, image.width > 0, image.height > 0 {
            let scale = max(Double(width) / Double(image.width), Double(height) / Double(image.height))
            let scaled = Resampler.resize(
                image, width: Int((Double(image.width) * scale).rounded(.up)),
                height: Int((Double(image.height) * scale).rounded(.up)), options: resampling)
            Compositing.draw(scaled, over: &canvas, x: (width - scaled.width) / 2, y: (height - scaled.height) / 2)
        }
        return canvas
    }
}

/// Why local finishing failed.
public struct FinishingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case unreadableCutout = "unreadable-cutout"
        case undecodableCutout = "undecodable-cutout"
        case unsupportedFormat = "unsupported-format"
        case encodeFailed = "encode-failed"
        case writeFailed = "write-failed"
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
