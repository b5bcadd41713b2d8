import Foundation

/// Which files a batch takes from its input folders: pipeline.json's `input` globs, never the output folder, and
/// with `--shard K/N` only this part's files.
///
/// `run` and `watch` select their inputs through it at the start of their preflight (a watch after its watcher
/// started, so nothing landing during the scan is missed), and `estimate` selects through the same one, so the three
/// commands always look at the same files.
public struct InputSelection: Sendable {
    /// The input folders, as given.
    public var roots: [String]
    /// pipeline.json's `input` section (globs, recursion, hidden files).
    public var input: PipelineConfiguration.Input
    /// Folders never descended into (the output folder when it sits beside the inputs).
    public var excludedFolders: [String]
    /// `--shard K/N`: keep only this part's files (``ShardPlan``: the whole tree is listed, then split).
    public var shard: ShardSpec?
    /// The extension of the outputs (`export.format`'s): a split keeps inputs that could write one output together.
    public var outputExtension = OutputFormat.png.fileExtension
    /// Called before the folders are listed and after they were (tests: files landing during a scan).
    var willList: (@Sendable () -> Void)?
    var didList: (@Sendable () -> Void)?

    public init(
        roots: [String],
        input: PipelineConfiguration.Input,
        excludedFolders: [String] = [],
        shard: ShardSpec? = nil
    ) {
        self.roots = roots
        self.input = input
        self.excludedFolders = excludedFolders
        self.shard = shard
    }

    /// What a selection found.
    public struct Selection: Sendable {
        /// The files taken, sorted by root then relative path.
        public var files: [InputFile]
        /// Folders or files that could not be read, with the reason (reported; they do not stop the batch).
        public var problems: [ScanProblem]
    }

    /// Scans the folders and keeps this part's files.
    ///
    /// - Throws: ``ScanError`` when a folder does not exist or is a file (a usage error, exit 64).
    public func select() throws(ScanError) -> Selection {
        willList?()
        var found = try InputScanner(input: input, excludedFolders: excludedFolders).scan(roots)
        didList?()
        if let shard { found.files = shard.select(found.files, outputExtension: outputExtension) }
        return Selection(
            files: found.files, problems: found.problems.map { ScanProblem(path: $0.path, reason: $0.reason) })
    }
}

/// A folder or file a scan could not read.
public struct ScanProblem: Sendable, Equatable, Codable {
    /// Its absolute path.
    public var path: String
    /// Why (`cannot list the folder (Permission denied)`).
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
