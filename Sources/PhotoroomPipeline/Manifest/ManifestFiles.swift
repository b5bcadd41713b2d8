import Foundation

/// Where the run's bookkeeping files live inside OUT_DIR.
public struct ManifestFiles: Sendable, Equatable {
    /// The output directory.
    public var outputDirectory: URL

    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory
    }

    /// `OUT_DIR/manifest.json`.
    public var manifest: URL { outputDirectory.appendingPathComponent("manifest.json") }
    /// `OUT_DIR/.photoroom-batch`: the tool's private folder.
    public var stateDirectory: URL { outputDirectory.appendingPathComponent(".photoroom-batch", isDirectory: true) }
    /// `OUT_DIR/.photoroom-batch/journal.jsonl`: the append-only journal.
    public var journal: URL { stateDirectory.appendingPathComponent("journal.jsonl") }
    /// `OUT_DIR/.photoroom-batch/tmp`: results being downloaded, renamed into place when complete.
    public var temporaryDirectory: URL { stateDirectory.appendingPathComponent("tmp", isDirectory: true) }
}
