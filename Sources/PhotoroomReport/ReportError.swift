/// Why a report or a thumbnail could not be made.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable kind of failure.
    public enum Code: String, Sendable {
        /// A file could not be read or written.
        case io
        /// An image could not be decoded or encoded.
        case image
        /// The document could not be encoded.
        case encoding
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human explanation naming the file and the reason.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
