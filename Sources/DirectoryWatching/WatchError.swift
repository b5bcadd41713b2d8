/// An error raised by the watch machinery (directory watcher, settle filter, watch service).
///
/// Errors carry a stable ``Code`` that callers can switch on, a human-readable ``message`` and,
/// where one exists, the operating-system error number that caused them.
public struct WatchError: Error, Sendable, CustomStringConvertible {
    /// The kind of watch failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Storage: String, Sendable {
            case inotifyUnavailable
            case watchLimitReached
            case rootNotADirectory
            case outputInsideWatchedTree
            case readFailed
            case invalidConfiguration
            case balanceExhausted
        }

        private let storage: Storage

        /// `inotify_init1` failed (for example on a kernel or container without inotify).
        public static let inotifyUnavailable = Code(storage: .inotifyUnavailable)
        /// The per-user inotify watch limit (`fs.inotify.max_user_watches`) was reached.
        public static let watchLimitReached = Code(storage: .watchLimitReached)
        /// The watched root does not exist or is not a directory.
        public static let rootNotADirectory = Code(storage: .rootNotADirectory)
        /// The output folder lies inside the watched tree, so results would be re-ingested as inputs.
        public static let outputInsideWatchedTree = Code(storage: .outputInsideWatchedTree)
        /// A file or directory could not be read.
        public static let readFailed = Code(storage: .readFailed)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(storage: .invalidConfiguration)
        /// The credit balance cannot pay for the next item and the policy is to stop.
        public static let balanceExhausted = Code(storage: .balanceExhausted)

        public var description: String { storage.rawValue }
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// A human-readable explanation, suitable for a terminal.
    public var message: String
    /// The `errno` value behind the failure, if any.
    public var errno: Int32?

    /// Creates a watch error.
    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// A description without dynamic values, for logs and metrics.
    public var shortDescription: String { "watch error: \(code)" }

    public var description: String {
        if let errno {
            return "\(message) (\(code), errno \(errno))"
        }
        return "\(message) (\(code))"
    }
}
