/// A file that finished landing: its size and modification time held still for the settle time.
public struct ReadyFile: Sendable, Hashable, CustomStringConvertible {
    /// Absolute path of the file.
    public var path: String
    /// The file's stamp when it was found settled.
    public var stamp: FileStamp
    /// SHA-256 of the file's content when it was found settled.
    public var digest: ContentDigest

    /// Creates a ready-file value.
    public init(path: String, stamp: FileStamp, digest: ContentDigest) {
        self.path = path
        self.stamp = stamp
        self.digest = digest
    }

    public var description: String { "\(path) (\(stamp.size) bytes, sha256 \(digest.hex.prefix(12)))" }
}

/// How the settle logic reads the file system; real files by default, replaceable in tests.
public protocol FileInspector: Sendable {
    /// The current stamp of the regular file at `path`, or `nil` when there is none.
    func stamp(atPath path: String) -> FileStamp?
    /// The SHA-256 of the file at `path`.
    func digest(atPath path: String) throws(WatchError) -> ContentDigest
}

/// Reads stamps with `lstat` and hashes content with SHA-256.
public struct LocalFileInspector: FileInspector {
    /// Creates the inspector.
    public init() {}

    public func stamp(atPath path: String) -> FileStamp? {
        FileStamp.read(atPath: path)
    }

    public func digest(atPath path: String) throws(WatchError) -> ContentDigest {
        try ContentDigest.ofFile(atPath: path)
    }
}
