/// One problem found in a file: an error (the file cannot be sent) or a warning (it can, with a caveat).
public struct ValidationIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A stable code, written with hyphens in JSON (e.g. `too-many-pixels`).
    public enum Code: String, Codable, Sendable, CaseIterable {
        // Errors.
        case emptyFile = "empty-file"
        case unreadable
        case unsupportedFormat = "unsupported-format"
        case corrupt
        case truncated
        case tooLargeFile = "too-large-file"
        case tooManyPixels = "too-many-pixels"
        /// A valid image the run's edit settings cannot take (the upscaler's per-image pixel limits).
        case invalidForSettings = "invalid-for-settings"
        // Warnings.
        /// A JPEG libjpeg had to repair, when `strictJPEGWarnings` is off.
        case damaged
        case cmyk
        case extensionMismatch = "extension-mismatch"
        case smallImage = "small-image"
        case aboveRecommendedPixels = "above-recommended-pixels"

        /// The severity this code always has.
        public var severity: Severity {
            switch self {
            case .emptyFile, .unreadable, .unsupportedFormat, .corrupt, .truncated, .tooLargeFile, .tooManyPixels,
                .invalidForSettings:
                .error
            case .damaged, .cmyk, .extensionMismatch, .smallImage, .aboveRecommendedPixels:
                .warning
            }
        }
    }

    /// Whether the issue makes the file invalid.
    public enum Severity: String, Codable, Sendable {
        case error, warning
    }

    /// The stable code.
    public var code: Code
    /// Error or warning (follows from the code).
    public var severity: Severity
    /// A human explanation naming what is wrong.
    public var message: String

    /// Creates an issue; the severity follows from the code.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.severity = code.severity
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
