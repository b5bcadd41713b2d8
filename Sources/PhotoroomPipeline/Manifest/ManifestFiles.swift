import Foundation

/// Where the run's bookkeeping files live inside OUT_DIR: the one place their names come from (so a shard suffix
/// can be added here).
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
    /// `OUT_DIR/.photoroom-batch/lock`: the lock held by the one process writing into OUT_DIR.
    public var lock: URL { stateDirectory.appendingPathComponent("lock") }
    /// `OUT_DIR/.photoroom-batch/tmp`: the parent of each process's temporary folder.
    public var temporaryRoot: URL { stateDirectory.appendingPathComponent("tmp", isDirectory: true) }
    /// `OUT_DIR/.photoroom-batch/tmp/RUN_ID`: one process's results being downloaded, renamed into place when
    /// complete. Each process has its own, and removes only its own.
    public func temporaryDirectory(runID: String) -> URL {
        temporaryRoot.appendingPathComponent(runID, isDirectory: true)
    }
}
