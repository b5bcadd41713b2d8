/// A change in a watched tree, reported by ``DirectoryWatcher``.
///
/// Paths are absolute (the watched root joined with the path inside it). A `fileChanged` event means
/// "look at this file again": it is reported when a writer closes the file, when it is moved or renamed
/// into the tree, when a scan of a new folder finds it, and by the polling backend when its size,
/// modification time or inode changed. Events are hints: consumers must `stat` the file themselves.
public enum DirectoryEvent: Sendable, Hashable {
    /// A file was written, moved in, or found by a scan.
    case fileChanged(path: String)
    /// A file was deleted or moved out of the tree.
    case fileRemoved(path: String)
    /// A folder appeared (created or moved in); its files are reported as `fileChanged` events.
    case directoryAdded(path: String)
    /// A folder was deleted or moved out of the tree.
    case directoryRemoved(path: String)
    /// Events may have been lost (inotify queue overflow); the whole tree was scanned again and every
    /// file in it is reported as `fileChanged` right after this event.
    case rescanned(reason: String)
    /// The watcher switched from inotify to polling (for example because the watch limit was reached);
    /// the tree was scanned and every file in it is reported as `fileChanged` right after this event.
    case switchedToPolling(reason: String)
}
