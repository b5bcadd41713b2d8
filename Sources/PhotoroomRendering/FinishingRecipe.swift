import Foundation

/// The `/v2/edit` settings that local finishing acts on, parsed from their text values.
///
/// Names and value forms are the OpenAPI document's (see `POSITIONING.md` in this folder for each rule and its
/// source). Parsing interprets values; it does not decide whether a recipe may be finished locally (that is
/// ``RenderPlanner``) and ignores names it does not know.
public struct FinishingRecipe: Sendable, Equatable {
    /// `outputSize`.
    public enum OutputSize: Sendable, Equatable {
        /// The default: like `originalImage` when no template is used.
        case auto
        case originalImage
        case croppedSubject
        case exact(width: Int, height: Int)
    }

    /// A padding or margin: a ratio (`0.1`, `"10%"`) or a length in pixels (`"100px"`).
    public enum Length: Sendable, Equatable {
        case ratio(Double)
        case pixels(Double)

        public static let zero = Length.ratio(0)

        /// The length in pixels for a side of `dimension` pixels.
        public func resolve(against dimension: Double) -> Double {
            switch self {
            case .ratio(let ratio): ratio * dimension
            case .pixels(let pixels): pixels
            }
        }
    }

    /// Four sides.
    public struct Insets: Sendable, Equatable {
        /// Sets the side a parameter suffix names (`Top`, `Bottom`, `Left`, `Right`).
        mutating func set(_ suffix: String, _ length: Length) {
            switch suffix {
            case "Top": top = length
            case "Bottom": bottom = length
            case "Left": left = length
            default: right = length
            }
        }

        public var top = Length.zero
        public var bottom = Length.zero
        public var left = Length.zero
        public var right = Length.zero

        public init(top: Length = .zero, bottom: Length = .zero, left: Length = .zero, right: Length = .zero) {
            self.top = top
            self.bottom = bottom
            self.left = left
            self.right = right
        }
    }

    /// `export.format`.
    public enum ExportFormat: String, Sendable, Equatable, CaseIterable {
        case png, jpeg, webp, avif
    }

    /// `horizontalAlignment` / `verticalAlignment`: where the subject sits on an axis.
    public enum Alignment: Sendable, Equatable {
        case start, center, end
    }

    /// `removeBackground` (default true).
    public var removeBackground = true
    /// `background.color`; nil is transparent.
    public var backgroundColour: RGBAColour?
    public var padding = Insets()
    public var margin = Insets()
    /// Whether any padding, margin, alignment, scaling or reference box was given (the subject is laid out anew).
    public var positioningGiven = false
    public var outputSize = OutputSize.auto
    public var maxWidth: Int?
    public var maxHeight: Int?
    /// `scaling=fill` (default `fit`).
    public var fillScaling = false
    /// `referenceBox=originalImage` (default `subjectBox`).
    public var referenceIsOriginalImage = false
    /// nil when not given (then cropped sides may snap).
    public var horizontalAlignment: Alignment?
    public var verticalAlignment: Alignment?
    /// `ignorePaddingAndSnapOnCroppedSides` (default true).
    public var snapCroppedSides = true
    public var exportFormat = ExportFormat.png

    public init() {}

    /// Parses the parameters (later values of a name win); names it does not act on are skipped.
    ///
    /// - Throws: ``FinishingRecipeError`` naming the parameter whose value it cannot interpret.
    public static func parse(_ parameters: [(name: String, value: String)]) throws(FinishingRecipeError)
        -> FinishingRecipe
    {
        var recipe = FinishingRecipe()
        for (name, value) in parameters {
            try recipe.apply(name: name, value: value)
        }
        return recipe
    }

    /// The per-side suffixes of `padding…` / `margin…` (`""` is the general value).
    private static let sideSuffixes = ["", "Top", "Bottom", "Left", "Right"]

    /// Interprets one parameter. Per-side forms override the general one whatever their order.
    mutating func apply(name: String, value: String) throws(FinishingRecipeError) {
        func fail(_ message: String) -> FinishingRecipeError { FinishingRecipeError(parameter: name, message: message) }
        for prefix in ["padding", "margin"] where name.hasPrefix(prefix) {
            let suffix = String(name.dropFirst(prefix.count))
            guard Self.sideSuffixes.contains(suffix) else { continue }
            guard let length = Self.parseLength(value) else {
                throw fail("\(name) must be a number between 0 and 0.49, a percentage or a pixel value")
            }
            positioningGiven = true
            var insets = prefix == "padding" ? padding : margin
            if suffix.isEmpty {
                // The general value fills only the sides no per-side parameter has set.
                for side in Self.sideSuffixes.dropFirst() where !explicitSides.contains(prefix + side) {
                    insets.set(side, length)
                }
            } else {
                insets.set(suffix, length)
                explicitSides.insert(name)
            }
            if prefix == "padding" { padding = insets } else { margin = insets }
            return
        }
        switch name {
        case "removeBackground":
            guard let flag = Bool(value.lowercased()) else { throw fail("removeBackground must be boolean") }
            removeBackground = flag
        case "background.color":
            guard let colour = RGBAColour(parsing: value) else {
                throw fail("background.color must be a hex color (RRGGBB or RRGGBBAA) or a color name")
            }
            backgroundColour = colour
        case "outputSize":
            guard let size = Self.parseOutputSize(value) else {
                throw fail("outputSize must be auto, originalImage, croppedSubject or WIDTHxHEIGHT")
            }
            outputSize = size
        case "maxWidth", "maxHeight":
            guard let number = Double(value), number >= 1, number < 1e9 else {
                throw fail("\(name) must be a positive number")
            }
            if name == "maxWidth" { maxWidth = Int(number) } else { maxHeight = Int(number) }
        case "scaling":
            guard value == "fit" || value == "fill" else { throw fail("scaling must be fit or fill") }
            fillScaling = value == "fill"
            positioningGiven = true
        case "referenceBox":
            guard value == "subjectBox" || value == "originalImage" else {
                throw fail("referenceBox must be subjectBox or originalImage")
            }
            referenceIsOriginalImage = value == "originalImage"
            positioningGiven = true
        case "horizontalAlignment":
            let table: [String: Alignment] = ["left": .start, "center": .center, "right": .end]
            guard let alignment = table[value] else { throw fail("horizontalAlignment must be left, center or right") }
            horizontalAlignment = alignment
            positioningGiven = true
        case "verticalAlignment":
            let table: [String: Alignment] = ["top": .start, "center": .center, "bottom": .end]
            guard let alignment = table[value] else { throw fail("verticalAlignment must be top, center or bottom") }
            verticalAlignment = alignment
            positioningGiven = true
        case "ignorePaddingAndSnapOnCroppedSides":
            guard let flag = Bool(value.lowercased()) else { throw fail("\(name) must be boolean") }
            snapCroppedSides = flag
        case "export.format":
            switch value.lowercased() {
            case "png": exportFormat = .png
            case "jpeg", "jpg": exportFormat = .jpeg
            case "webp": exportFormat = .webp
            case "avif": exportFormat = .avif
            default: throw fail("export.format must be one of png, jpeg, jpg, webp, avif")
            }
        default:
            break
        }
    }

    /// The per-side names given so far (`paddingLeft`…), which a later general value does not override.
    private var explicitSides: Set<String> = []

    /// Parses `0.1`, `"10%"` or `"100px"`: a ratio in 0...0.49, a percentage in 0...49, or non-negative pixels.
    public static func parseLength(_ text: String) -> Length? {
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

    /// The largest `WxH` rendered: 36 megapixels (the segment endpoint's `full` size).
    public static let maxOutputPixels = 36_000_000

    /// Parses `auto`, `originalImage`, `croppedSubject` or `WxH` (each side 1...10,000, at most
    /// ``maxOutputPixels`` in all).
    public static func parseOutputSize(_ text: String) -> OutputSize? {
        switch text {
        case "auto": return .auto
        case "originalImage": return .originalImage
        case "croppedSubject": return .croppedSubject
        default:
            let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
                (1...10_000).contains(width), (1...10_000).contains(height), width * height <= maxOutputPixels
            else { return nil }
            return .exact(width: width, height: height)
        }
    }
}

/// A parameter value local finishing cannot interpret.
public struct FinishingRecipeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parameter's name.
    public var parameter: String
    /// A message in the API's style (`padding must be …`).
    public var message: String

    public init(parameter: String, message: String) {
        self.parameter = parameter
        self.message = message
    }

    public var description: String { message }
}
