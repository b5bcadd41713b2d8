#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot of a watched tree: every non-ignored folder and regular file below the root.
public struct TreeSnapshot: Sendable, Equatable {
    /// Absolute paths of folders, including the root itself.
    public var directories: Set<String> = []
    /// Absolute paths of regular files with their stamps.
    public var files: [String: FileStamp] = [:]

    public init(directories: Set<String> = [], files: [String: FileStamp] = [:]) {
        self.directories = directories
        self.files = files
    }
}

/// Walks folders recursively, skipping ignored names and never following symbolic links.
public struct TreeScanner: Sendable {
    public var filter: WatchPathFilter

    /// A scanner that skips what `filter` ignores.
    public init(filter: WatchPathFilter) {
        self.filter = filter
    }

    /// Lists the names in one folder (without `.` and `..`).
    ///
    /// - Returns: `nil` when the folder cannot be opened (for example because it was removed meanwhile).
    static func entryNames(inDirectory path: String) -> [String]? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    /// Scans the tree below `root` (inclusive), calling `visitDirectory` for each folder before listing it.
    ///
    /// Calling the visitor before the listing lets an inotify backend add its watch first, so that nothing
    /// created in the folder between the listing and the watch is missed.
    public func scan(root: String, visitDirectory: (String) -> Void = { _ in }) -> TreeSnapshot {
        var snapshot = TreeSnapshot()
        var stack = [root]
        while let directory = stack.popLast() {
            visitDirectory(directory)
            snapshot.directories.insert(directory)
            guard let names = Self.entryNames(inDirectory: directory) else { continue }
            for name in names where !filter.isIgnored(name: name) {
                let path = joinPath(directory, name)
                switch readEntry(atPath: path) {
                case .file(let stamp): snapshot.files[path] = stamp
                case .directory: stack.append(path)
                case .other, nil: continue
                }
            }
        }
        return snapshot
    }
}

/// Joins a folder path and a name with exactly one `/`.
public func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

/// Whether `path` equals `ancestor` or lies below it (string comparison on normalized absolute paths).
public func isPath(_ path: String, inside ancestor: String) -> Bool {
    if path == ancestor { return true }
    let prefix = ancestor.hasSuffix("/") ? ancestor : ancestor + "/"
    return path.hasPrefix(prefix)
}
