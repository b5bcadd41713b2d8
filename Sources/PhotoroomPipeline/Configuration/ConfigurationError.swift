/// A pipeline.json (or command-line) setting that cannot be used; maps to exit code 64 (EX_USAGE).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable kind of failure.
    public enum Code: String, Sendable, Codable {
        /// The file cannot be read.
        case unreadable
        /// The file is not valid JSON.
        case invalidJSON = "invalid-json"
        /// The `version` is not one this tool reads.
        case unsupportedVersion = "unsupported-version"
        /// A key this tool does not know.
        case unknownKey = "unknown-key"
        /// A value of the wrong type or out of range.
        case invalidValue = "invalid-value"
        /// A `/v2/edit` parameter name Photoroom does not document.
        case unknownEditParameter = "unknown-edit-parameter"
        /// A `/v2/edit` parameter value Photoroom would refuse.
        case invalidEditParameter = "invalid-edit-parameter"
        /// Two `/v2/edit` parameters that cannot be combined.
        case conflictingEditParameters = "conflicting-edit-parameters"
    }

    /// The kind of failure.
    public var code: Code
    /// The configuration file (or `command line`).
    public var file: String
    /// The key path in the file (`edit.background.color`, `retry.maxAttempts`); empty for the whole file.
    public var key: String
    /// What is wrong, and what would be right.
    public var reason: String

    public init(code: Code, file: String, key: String, reason: String) {
        self.code = code
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String {
        key.isEmpty ? "\(file): \(reason)" : "\(file): \(key): \(reason)"
    }
}
