import Foundation

/// Where the run's bookkeeping files live inside OUT_DIR: the one place their names come from. A part of a
/// sharded run (`--shard K/N`) gets its own manifest, journal, lock and temporary folder (see ``ShardFileNames``),
/// so parts sharing an OUT_DIR never wait on, write or clean up each other's files.
public struct ManifestFiles: Sendable, Equatable {
    /// The output directory.
    public var outputDirectory: URL

    /// The part, when the run is one part of a sharded run: its files get the part's suffix.
    public var shard: ShardSpec?

    public init(outputDirectory: URL, shard: ShardSpec? = nil) {
        self.outputDirectory = outputDirectory
        self.shard = shard
    }

    /// `OUT_DIR/manifest.json` (or `manifest.part-K-of-N.json`).
    public var manifest: URL { outputDirectory.appendingPathComponent(ShardFileNames.manifest(shard)) }
    /// `OUT_DIR/.photoroom-batch`: the tool's private folder.
    public var stateDirectory: URL { outputDirectory.appendingPathComponent(".photoroom-batch", isDirectory: true) }
    /// `OUT_DIR/.photoroom-batch/journal.jsonl` (or `journal.part-K-of-N.jsonl`): the append-only journal.
    public var journal: URL { stateDirectory.appendingPathComponent(ShardFileNames.journal(shard)) }
    /// `OUT_DIR/.photoroom-batch/lock` (or `lock.part-K-of-N`): the lock held by the one process writing this
    /// journal and manifest (one writer per OUT_DIR, or per part of it).
    public var lock: URL { stateDirectory.appendingPathComponent(ShardFileNames.lock(shard)) }
    /// `OUT_DIR/.photoroom-batch/tmp` (or `tmp.part-K-of-N`): the parent of each process's temporary folder.
    public var temporaryRoot: URL {
        stateDirectory.appendingPathComponent(ShardFileNames.temporaryFolder(shard), isDirectory: true)
    }
    /// `OUT_DIR/.photoroom-batch/rejected/OUTPUT`: where a billed result that does not count (`result-invalid`,
    /// `unsupported-attributes` under `--strict`) is kept, out of the outputs.
    public func rejectedResult(forOutput output: String) -> URL {
        stateDirectory.appendingPathComponent("rejected", isDirectory: true).appendingPathComponent(output)
    }
    /// `OUT_DIR/.photoroom-batch/tmp/RUN_ID`: one process's results being downloaded, renamed into place when
    /// complete. Each process has its own, and removes only its own.
    public func temporaryDirectory(runID: String) -> URL {
        temporaryRoot.appendingPathComponent(runID, isDirectory: true)
    }
}
