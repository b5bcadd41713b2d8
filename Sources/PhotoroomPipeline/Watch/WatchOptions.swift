import DirectoryWatching
import Foundation

/// What watch mode does when the next item cannot be paid for (`--on-low-balance`).
public enum LowBalancePolicy: String, Sendable, CaseIterable, Codable {
    /// Keep watching; check the balance again periodically and carry on once it covers the next item.
    case pause
    /// End the watch with exit code 3.
    case stop
}

/// The watch-specific settings of `photoroom-batch watch`; the shared run settings stay in ``RunOptions``.
public struct WatchOptions: Sendable {
    /// How long a file's size and modification time must stay unchanged before it is taken (`--settle`).
    public var settle: Duration
    /// Poll every this often instead of using inotify (`--poll`); `nil` uses inotify when available.
    public var pollInterval: Duration?
    /// What to do when the balance cannot pay for the next item (`--on-low-balance`).
    public var onLowBalance: LowBalancePolicy
    /// The balance is read again from `/v2/account` after this long...
    public var balanceRefreshInterval: Duration
    /// ...or after this many items were started, whichever comes first.
    public var balanceRefreshItems: Int
    /// While paused for a low balance, the balance is read again this often.
    public var balanceRetryInterval: Duration
    /// How often a watch keeps the learned rate limit in `pacing.json` (and once more at the end).
    public var pacingSaveInterval: Duration = .seconds(300)
    /// Which new files are taken: the same include/exclude globs as the initial scan.
    public var input: PipelineConfiguration.Input
    /// `--shard K/N`: only files of this part are taken (the others are left to the other parts' watches).
    public var shard: ShardSpec? = nil
    /// The clock of the watch's own timers: the balance refresh interval, the wait while paused for a low balance,
    /// the pacing saves (tests pass one they move by hand).
    public var clock: any Clock<Duration> = ContinuousClock()

    /// Creates watch settings; every parameter has a default.
    public init(
        settle: Duration = .seconds(2),
        pollInterval: Duration? = nil,
        onLowBalance: LowBalancePolicy = .pause,
        balanceRefreshInterval: Duration = .seconds(180),
        balanceRefreshItems: Int = 25,
        balanceRetryInterval: Duration = .seconds(60),
        input: PipelineConfiguration.Input = .init()
    ) {
        self.settle = settle
        self.pollInterval = pollInterval
        self.onLowBalance = onLowBalance
        self.balanceRefreshInterval = balanceRefreshInterval
        self.balanceRefreshItems = balanceRefreshItems
        self.balanceRetryInterval = balanceRetryInterval
        self.input = input
    }

    /// Checks values a person typed.
    ///
    /// - Throws: ``WatchError`` with code `invalidConfiguration`.
    public func validate() throws(WatchError) {
        if settle < .zero {
            throw WatchError(code: .invalidConfiguration, message: "--settle must not be negative")
        }
        if let pollInterval, pollInterval <= .zero {
            throw WatchError(code: .invalidConfiguration, message: "--poll must be positive")
        }
        if balanceRefreshItems < 1 || balanceRefreshInterval <= .zero || balanceRetryInterval <= .zero {
            throw WatchError(code: .invalidConfiguration, message: "balance refresh settings must be positive")
        }
    }

    /// The directory-watcher settings these options imply.
    var watcherConfiguration: DirectoryWatcher.Configuration {
        if let pollInterval {
            return .init(mode: .polling, pollInterval: pollInterval)
        }
        return .init(mode: .automatic)
    }

    /// Whether a file at `relativePath` (relative to INPUT_DIR) is taken, by the scan's include/exclude globs.
    func accepts(relativePath: String, sha256: String? = nil) -> Bool {
        if !input.recursive && relativePath.contains("/") { return false }
        if let shard, !shard.contains(relativePath: relativePath, sha256: sha256) { return false }
        let includes = input.include.compactMap(GlobPattern.init)
        let excludes = input.exclude.compactMap(GlobPattern.init)
        return includes.contains { $0.matches(relativePath) } && !excludes.contains { $0.matches(relativePath) }
    }
}
