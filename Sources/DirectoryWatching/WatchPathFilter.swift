/// Decides which paths the watcher ignores: hidden and temporary names, and anything inside hidden folders.
///
/// A name is ignored when it starts with `.` (hidden files and folders such as `.DS_Store` or `.git`),
/// or ends with one of ``temporarySuffixes`` (by default `.tmp`, `.part` and `~`). Paths are ignored
/// when any of their components relative to the watched root is ignored.
public struct WatchPathFilter: Sendable, Hashable {
    /// Name endings that mark a file as still being written by another program.
    public var temporarySuffixes: [String]

    /// Creates a filter.
    ///
    /// - Parameter temporarySuffixes: Name endings treated as temporary files (compared case-insensitively).
    public init(temporarySuffixes: [String] = [".tmp", ".part", "~"]) {
        self.temporarySuffixes = temporarySuffixes
    }

    /// Whether a single file or folder name is ignored.
    public func isIgnored(name: some StringProtocol) -> Bool {
        if name.isEmpty { return false }
        if name.hasPrefix(".") { return true }
        let lowered = name.lowercased()
        return temporarySuffixes.contains { lowered.hasSuffix($0.lowercased()) }
    }

    /// Whether a path relative to the watched root is ignored (any ignored component ignores the path).
    public func isIgnored(relativePath: String) -> Bool {
        relativePath.split(separator: "/").contains { isIgnored(name: $0) }
    }
}
