import Foundation

/// The `/v2/edit` parameters the emulator acts on, parsed from their text values.
///
/// Which names exist and which values are valid is decided first by `EditParameters` (the table generated
/// from the OpenAPI document); this type only interprets accepted values. Anything it cannot interpret is a
/// 400 with a message in the API's own style.
struct EditOptions: Sendable, Equatable {
    /// `outputSize`.
    enum OutputSize: Sendable, Equatable {
        case auto, originalImage, croppedSubject
        case exact(width: Int, height: Int)
    }

    /// A padding or margin: a ratio (`0.1`, `"10%"`) or a length in pixels (`"100px"`).
    enum Length: Sendable, Equatable {
        case ratio(Double)
        case pixels(Double)

        static let zero = Length.ratio(0)

        /// The length in pixels for a side of `dimension` pixels.
        func resolve(against dimension: Double) -> Double {
            switch self {
            case .ratio(let ratio): ratio * dimension
            case .pixels(let pixels): pixels
            }
        }
    }

    /// Four sides.
    struct Insets: Sendable, Equatable {
        var top = Length.zero
        var bottom = Length.zero
        var left = Length.zero
        var right = Length.zero
    }

    /// `export.format`.
    enum ExportFormat: String, Sendable, Equatable {
        case png, jpeg, webp, avif
    }

    /// `horizontalAlignment` / `verticalAlignment`: where the subject sits on each axis.
    enum Alignment: Sendable, Equatable {
        case start, center, end
    }

    var removeBackground = true
    var backgroundColour: Colour?
    /// The plain colour standing in for an AI-generated background (`background.prompt`).
    var aiBackgroundStandIn: Colour?
    /// The seed reported in `pr-ai-background-seed` when a prompt was given.
    var aiBackgroundSeed: Int?
    var padding = Insets()
    var margin = Insets()
    /// Whether any padding, margin, alignment, scaling or reference box was given (the subject is laid out anew).
    var positioningGiven = false
    var outputSize = OutputSize.auto
    var maxWidth: Int?
    var maxHeight: Int?
    var fillScaling = false
    var referenceIsOriginalImage = false
    var horizontalAlignment = Alignment.center
    var verticalAlignment = Alignment.center
    var exportFormat = ExportFormat.png
    /// The generative parameters that were asked for but not run.
    var aiParameters: [String] = []
    /// Draw the sandbox watermark.
    var watermark = false

    /// Parses the accepted parameters.
    ///
    /// - Parameters:
    ///   - parameters: name → text value, already checked against the parameter table.
    ///   - aiNames: the names among them that are generative features.
    /// - Throws: ``EmulatorError`` (400) for a value the emulator cannot interpret.
    static func parse(_ parameters: [String: String], aiNames: Set<String> = []) throws(EmulatorError) -> EditOptions {
        var options = EditOptions()
        func fail(_ message: String) -> EmulatorError { .badRequest(.imageAPI, message) }

        if let value = parameters["removeBackground"] {
            guard let flag = Bool(value.lowercased()) else { throw fail("removeBackground must be boolean") }
            options.removeBackground = flag
        }
        if let value = parameters["background.color"] {
            guard let colour = Colour(parsing: value) else {
                throw fail("background.color must be a hex color (RRGGBB or RRGGBBAA) or a color name")
            }
            options.backgroundColour = colour
        }
        if let prompt = parameters["background.prompt"] {
            let hash = fnv1a(prompt)
            // A pale, prompt-dependent colour: plainly not a generated scene.
            options.aiBackgroundStandIn = Colour(
                r: UInt8(180 + hash % 60), g: UInt8(180 + (hash >> 8) % 60), b: UInt8(180 + (hash >> 16) % 60), a: 255)
            if let seed = parameters["background.seed"], let number = Int(seed) {
                options.aiBackgroundSeed = number
            } else {
                options.aiBackgroundSeed = Int(hash % 1_000_000)
            }
        }
        for (name, side) in [("", nil), ("Top", \Insets.top), ("Bottom", \Insets.bottom), ("Left", \Insets.left), ("Right", \Insets.right)] as [(String, WritableKeyPath<Insets, Length>?)] {
            if let value = parameters["padding" + name] {
                guard let length = parseLength(value) else {
                    throw fail("padding\(name) must be a number between 0 and 0.49, a percentage or a pixel value")
                }
                options.positioningGiven = true
                set(&options.padding, side, length)
            }
            if let value = parameters["margin" + name] {
                guard let length = parseLength(value) else {
                    throw fail("margin\(name) must be a number between 0 and 0.49, a percentage or a pixel value")
                }
                options.positioningGiven = true
                set(&options.margin, side, length)
            }
        }
        if let value = parameters["outputSize"] {
            guard let size = parseOutputSize(value) else {
                throw fail(
                    "outputSize must be auto, originalImage, croppedSubject or WIDTHxHEIGHT (at most 36 megapixels "
                        + "in the emulator)")
            }
            options.outputSize = size
        }
        for name in ["maxWidth", "maxHeight"] {
            guard let value = parameters[name] else { continue }
            guard let number = Double(value), number >= 1 else { throw fail("\(name) must be a positive number") }
            if name == "maxWidth" { options.maxWidth = Int(number) } else { options.maxHeight = Int(number) }
        }
        if let value = parameters["scaling"] {
            guard value == "fit" || value == "fill" else { throw fail("scaling must be fit or fill") }
            options.fillScaling = value == "fill"
            options.positioningGiven = true
        }
        if let value = parameters["referenceBox"] {
            guard value == "subjectBox" || value == "originalImage" else {
                throw fail("referenceBox must be subjectBox or originalImage")
            }
            options.referenceIsOriginalImage = value == "originalImage"
            options.positioningGiven = true
        }
        if let value = parameters["horizontalAlignment"] {
            switch value {
            case "left": options.horizontalAlignment = .start
            case "center": options.horizontalAlignment = .center
            case "right": options.horizontalAlignment = .end
            default: throw fail("horizontalAlignment must be left, center or right")
            }
            options.positioningGiven = true
        }
        if let value = parameters["verticalAlignment"] {
            switch value {
            case "top": options.verticalAlignment = .start
            case "center": options.verticalAlignment = .center
            case "bottom": options.verticalAlignment = .end
            default: throw fail("verticalAlignment must be top, center or bottom")
            }
            options.positioningGiven = true
        }
        if let value = parameters["export.format"] {
            switch value.lowercased() {
            case "png": options.exportFormat = .png
            case "jpeg", "jpg": options.exportFormat = .jpeg
            case "webp": options.exportFormat = .webp
            case "avif": options.exportFormat = .avif
            default: throw fail("export.format must be one of png, jpeg, jpg, webp, avif")
            }
        }
        options.aiParameters = parameters.keys.filter { aiNames.contains($0) }.sorted()
        return options
    }

    /// Parses `0.1`, `"10%"` or `"100px"`.
    static func parseLength(_ text: String) -> Length? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.hasSuffix("px") {
            guard let pixels = Double(value.dropLast(2)), pixels >= 0, pixels.isFinite else { return nil }
            return .pixels(pixels)
        }
        if value.hasSuffix("%") {
            guard let percent = Double(value.dropLast()), (0..<50).contains(percent) else { return nil }
            return .ratio(percent / 100)
        }
        guard let ratio = Double(value), (0..<0.5).contains(ratio) else { return nil }
        return .ratio(ratio)
    }

    /// The largest `WxH` the emulator renders (36 megapixels, the segment endpoint's `full` size).
    static let maxOutputPixels = 36_000_000

    /// Parses `auto`, `originalImage`, `croppedSubject` or `WxH` (each side 1...10,000, at most
    /// ``maxOutputPixels`` in all).
    static func parseOutputSize(_ text: String) -> OutputSize? {
        switch text {
        case "auto": return .auto
        case "originalImage": return .originalImage
        case "croppedSubject": return .croppedSubject
        default:
            let parts = text.lowercased().split(separator: "x")
            guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
                (1...10_000).contains(width), (1...10_000).contains(height), width * height <= maxOutputPixels
            else { return nil }
            return .exact(width: width, height: height)
        }
    }

    private static func set(_ insets: inout Insets, _ side: WritableKeyPath<Insets, Length>?, _ length: Length) {
        if let side {
            insets[keyPath: side] = length
        } else {
            insets = Insets(top: length, bottom: length, left: length, right: length)
        }
    }

    /// FNV-1a, for deterministic stand-ins derived from text.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
