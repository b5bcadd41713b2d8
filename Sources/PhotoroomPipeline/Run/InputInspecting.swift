import Foundation

/// One input file to process: where it is and its path relative to INPUT_DIR.
public struct RunInput: Sendable, Equatable {
    /// The file's absolute URL.
    public var url: URL
    /// Its path relative to INPUT_DIR with `/` separators (`shoes/a.jpg`); it names the item everywhere.
    public var relativePath: String

    public init(url: URL, relativePath: String) {
        self.url = url
        self.relativePath = relativePath
    }
}

/// What local validation found out about an input.
public struct InputInspection: Sendable, Equatable {
    /// The detected format (`jpeg`, `png`, `webp`, ...), when recognised.
    public var format: String?
    /// Pixel width, when the header could be read.
    public var width: Int?
    /// Pixel height, when the header could be read.
    public var height: Int?
    /// Reasons the file cannot be sent; empty when it is valid.
    public var problems: [ManifestItem.Issue]
    /// Things worth knowing that do not stop it.
    public var warnings: [ManifestItem.Issue]

    public init(
        format: String? = nil,
        width: Int? = nil,
        height: Int? = nil,
        problems: [ManifestItem.Issue] = [],
        warnings: [ManifestItem.Issue] = []
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.problems = problems
        self.warnings = warnings
    }

    /// Whether the file may be sent.
    public var isValid: Bool { problems.isEmpty }

    /// The multipart content type of the upload.
    public var contentType: String {
        switch format?.lowercased() {
        case "jpeg", "jpg": "image/jpeg"
        case "png": "image/png"
        case "webp": "image/webp"
        case "heic", "heif": "image/heic"
        case "avif": "image/avif"
        default: "application/octet-stream"
        }
    }
}

/// Validates input files before anything is sent. The foundation's image validator is adapted to it;
/// tests substitute fakes.
public protocol InputInspecting: Sendable {
    /// Inspects the file at `url`. Never throws: unreadable files are invalid with a reason.
    func inspect(fileAt url: URL) async -> InputInspection
}
