/// Why an image could not be probed.
public struct ImageProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable kind of failure.
    public enum Code: String, Codable, Sendable {
        /// The file or buffer has no bytes.
        case empty
        /// The file could not be opened or read (missing, permissions, a directory).
        case unreadable
        /// Not PNG, JPEG or WebP (or a JPEG colour space that cannot be decoded).
        case unsupportedFormat
        /// The data is damaged.
        case corrupt
        /// The data ends before the image does.
        case truncated
        /// More pixels than allowed: refused before decoding (decompression-bomb guard).
        case tooManyPixels
        /// The file is larger than allowed: refused after reading only its head.
        case fileTooLarge
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human explanation naming what is wrong.
    public var message: String
    /// The format recognised from the bytes, when there were any.
    public var format: ImageFormat?
    /// Width and height, when the header could be read.
    public var dimensions: Dimensions?

    /// Width and height read from a header.
    public struct Dimensions: Sendable, Equatable, Codable {
        /// Width in pixels.
        public var width: Int
        /// Height in pixels.
        public var height: Int
        /// Creates dimensions.
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// Creates an error.
    public init(code: Code, message: String, format: ImageFormat? = nil, dimensions: Dimensions? = nil) {
        self.code = code
        self.message = message
        self.format = format
        self.dimensions = dimensions
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
