#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The identity of a file's current version as seen by `stat`: size, modification time and inode.
///
/// Two stamps compare equal when nothing observable about the file changed between the two reads.
public struct FileStamp: Sendable, Hashable, CustomStringConvertible {
    /// Size in bytes.
    public var size: Int64
    /// Modification time, whole seconds since the epoch.
    public var modificationSeconds: Int64
    /// Modification time, nanoseconds within the second.
    public var modificationNanoseconds: Int64
    /// Inode number (changes when a file is replaced by a rename).
    public var inode: UInt64
    /// Device number of the file system holding the file.
    public var device: UInt64

    /// Creates a stamp from its parts.
    public init(size: Int64, modificationSeconds: Int64, modificationNanoseconds: Int64, inode: UInt64, device: UInt64)
    {
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.inode = inode
        self.device = device
    }

    public var description: String {
        "size=\(size) mtime=\(modificationSeconds).\(modificationNanoseconds) inode=\(inode)"
    }
}

/// The kind of a directory entry, as far as the watcher cares.
enum EntryKind: Sendable, Equatable {
    case file(FileStamp)
    case directory
    case other
}

/// Reads the kind and stamp of `path` without following a final symbolic link.
///
/// - Returns: `nil` when the path does not exist (or cannot be read).
func readEntry(atPath path: String) -> EntryKind? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG:
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec)
        let nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec)
        let nanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
        return .file(
            FileStamp(
                size: Int64(info.st_size),
                modificationSeconds: seconds,
                modificationNanoseconds: nanoseconds,
                inode: UInt64(info.st_ino),
                device: UInt64(info.st_dev)
            )
        )
    case S_IFDIR:
        return .directory
    default:
        return .other
    }
}

extension FileStamp {
    /// Reads the stamp of the regular file at `path`.
    ///
    /// - Returns: `nil` when the path does not exist or is not a regular file.
    public static func read(atPath path: String) -> FileStamp? {
        if case .file(let stamp) = readEntry(atPath: path) { return stamp }
        return nil
    }
}
