import Foundation

/// Where the run's bookkeeping files live inside OUT_DIR.
public struct ManifestFiles: Sendable, Equatable {
    /// The output directory.
    public var outputDirectory: URL

    /// The part, when the run is one part of a sharded run: its files get the part's suffix (see ``ShardFileNames``).
    public var shard: ShardSpec?

    public init(outputDirectory: URL, shard: ShardSpec? = nil) {
        self.outputDirectory = outputDirectory
        self.shard = shard
    }

    /// `OUT_DIR/manifest.json`.
    public var manifest: URL { outputDirectory.appendingPathComponent(ShardFileNames.manifest(shard)) }
    /// `OUT_DIR/.photoroom-batch`: the tool's private folder.
    public var stateDirectory: URL { outputDirectory.appendingPathComponent(".photoroom-batch", isDirectory: true) }
    /// `OUT_DIR/.photoroom-batch/journal.jsonl`: the append-only journal.
    public var journal: URL { stateDirectory.appendingPathComponent(ShardFileNames.journal(shard)) }
    /// `OUT_DIR/.photoroom-batch/tmp`: results being downloaded, renamed into place when complete.
    public var temporaryDirectory: URL { stateDirectory.appendingPathComponent(ShardFileNames.temporaryFolder(shard), isDirectory: true) }
}
