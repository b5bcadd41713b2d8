extension DirectoryWatcher {
    /// How the watcher notices changes.
    public enum Mode: Sendable, Hashable {
        /// inotify where available; polling when `inotify_init1` fails or the watch limit is hit.
        case automatic
        /// Periodic scans only (for network mounts, where inotify sees no remote changes).
        case polling
    }

    /// The backend actually in use.
    public enum Backend: Sendable, Hashable, CustomStringConvertible {
        /// Linux inotify, one watch per folder.
        case inotify
        /// Periodic scans diffing path → (size, modification time, inode).
        case polling

        public var description: String {
            switch self {
            case .inotify: "inotify"
            case .polling: "polling"
            }
        }
    }

    /// Settings for a ``DirectoryWatcher``.
    public struct Configuration: Sendable {
        /// inotify with fallback, or polling only. Defaults to ``Mode/automatic``.
        public var mode: Mode
        /// Time between two scans of the polling backend. Defaults to 2 seconds.
        public var pollInterval: Duration
        /// Which names are ignored (hidden and temporary files, hidden folders).
        public var filter: WatchPathFilter

        /// Creates a configuration; every parameter has a default.
        public init(mode: Mode = .automatic, pollInterval: Duration = .seconds(2), filter: WatchPathFilter = .init()) {
            self.mode = mode
            self.pollInterval = pollInterval
            self.filter = filter
        }
    }
}
