/// The outcome of validating one file: exactly one status, the image facts when known, and the issues found.
public struct ValidationVerdict: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The overall outcome.
    public enum Status: String, Codable, Sendable {
        /// Accepted, nothing to say.
        case valid
        /// Accepted, with warnings.
        case validWithWarnings = "valid-with-warnings"
        /// Refused: at least one error.
        case invalid
    }

    /// The overall outcome, derived from the issues.
    public var status: Status
    /// What the probe found; `nil` when the file was refused.
    public var info: ImageInfo?
    /// The format recognised from the bytes, even when the file was refused (`nil` if unreadable or empty).
    public var format: ImageFormat?
    /// Errors first, then warnings.
    public var issues: [ValidationIssue]

    /// Creates a verdict; the status is derived from the issues' severities.
    public init(info: ImageInfo?, format: ImageFormat?, issues: [ValidationIssue]) {
        let errors = issues.filter { $0.severity == .error }
        let warnings = issues.filter { $0.severity == .warning }
        self.issues = errors + warnings
        self.info = errors.isEmpty ? info : nil
        self.format = format ?? info?.format
        if !errors.isEmpty {
            status = .invalid
        } else if !warnings.isEmpty {
            status = .validWithWarnings
        } else {
            status = .valid
        }
    }

    /// `true` unless the file was refused.
    public var isAccepted: Bool { status != .invalid }
    /// The issues that make the file invalid.
    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
    /// The caveats of an accepted file (and of a refused one).
    public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }

    /// One line for people, e.g. `valid: JPEG 1200x800` or `invalid: truncated: truncated PNG: …`.
    public var description: String {
        var line = status.rawValue
        if let info { line += ": \(info.format.displayName) \(info.width)x\(info.height)" }
        if !issues.isEmpty { line += (info == nil ? ": " : "; ") + issues.map(\.description).joined(separator: "; ") }
        return line
    }
}
