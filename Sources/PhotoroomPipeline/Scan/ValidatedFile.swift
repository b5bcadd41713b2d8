import PhotoroomImaging

/// A scanned file with its validation verdict.
public struct ValidatedFile: Sendable {
    /// The file.
    public var file: InputFile
    /// Its verdict: valid, valid with warnings, or invalid with reasons.
    public var verdict: ValidationVerdict

    public init(file: InputFile, verdict: ValidationVerdict) {
        self.file = file
        self.verdict = verdict
    }
}
