import Logging

/// Drives a ``ReadinessTracker`` with a clock: consumes ``DirectoryEvent``s and calls back with each file
/// once it is ready (settled, not hidden or temporary, content not handed out before for that path).
///
/// ```swift
/// let watcher = try DirectoryWatcher(root: "/in")
/// try await SettleFilter(configuration: .init(settle: .seconds(2))).run(events: watcher) { file in
///     print("ready:", file.path)
/// }
/// ```
public struct SettleFilter<C: Clock>: Sendable where C.Duration == Duration {
    /// Settings for a ``SettleFilter``.
    public struct Configuration: Sendable {
        /// How long size and modification time must stay unchanged. Defaults to 2 seconds.
        public var settle: Duration
        /// How often pending files are re-checked. Defaults to a tenth of ``settle``, between 10 ms and 250 ms.
        public var checkInterval: Duration
        /// Names to ignore.
        public var filter: WatchPathFilter

        /// Creates a configuration; every parameter has a default.
        public init(settle: Duration = .seconds(2), checkInterval: Duration? = nil, filter: WatchPathFilter = .init()) {
            self.settle = settle
            self.checkInterval = checkInterval ?? min(max(settle / 10, .milliseconds(10)), .milliseconds(250))
            self.filter = filter
        }
    }

    /// The settings in use.
    public let configuration: Configuration
    private let clock: C
    private let inspector: any FileInspector
    private let logger: Logger

    /// Creates a settle filter.
    ///
    /// - Parameters:
    ///   - configuration: Settle time, check interval and ignore rules.
    ///   - clock: The clock used for settle times and re-checks.
    ///   - inspector: How files are read (real files by default).
    ///   - logger: Receives debug lines for raw events and info lines for rescans and backend switches.
    public init(
        configuration: Configuration = .init(),
        clock: C,
        inspector: any FileInspector = LocalFileInspector(),
        logger: Logger = Logger(label: "photoroom.watch")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.inspector = inspector
        self.logger = logger
    }

    private enum Input: Sendable {
        case event(DirectoryEvent)
        case tick
        case eventsEnded
    }

    /// Consumes `events` and calls `onReady` for each ready file, in order, one at a time.
    ///
    /// Returns when `events` ends or the calling task is cancelled; files still settling are dropped.
    ///
    /// - Parameters:
    ///   - events: Raw changes, usually a ``DirectoryWatcher``.
    ///   - seed: Events observed before the first one of `events` (for example files found by a scan made
    ///     right after the watcher started, which may have landed before it).
    ///   - onReady: Called for each ready file. While it runs, events keep being queued (not lost).
    /// - Throws: Whatever `onReady` throws; the filter stops at the first error.
    public func run<Events: AsyncSequence & Sendable>(
        events: Events,
        seed: [DirectoryEvent] = [],
        onReady: (ReadyFile) async throws -> Void
    ) async throws where Events.Element == DirectoryEvent {
        var tracker = ReadinessTracker<C.Instant>(
            settle: configuration.settle,
            filter: configuration.filter,
            inspector: inspector
        )
        let (inputs, mailbox) = AsyncStream.makeStream(of: Input.self)
        for event in seed { mailbox.yield(.event(event)) }
        let clock = self.clock
        let interval = configuration.checkInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await event in events {
                        mailbox.yield(.event(event))
                    }
                } catch {}
                mailbox.yield(.eventsEnded)
            }
            group.addTask {
                while true {
                    do { try await clock.sleep(for: interval) } catch { return }
                    mailbox.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            loop: for await input in inputs {
                switch input {
                case .event(let event):
                    log(event)
                    tracker.observe(event, at: clock.now)
                case .tick:
                    for file in tracker.collectReady(at: clock.now) {
                        logger.debug(
                            "file ready", metadata: ["watch.path": "\(file.path)", "watch.size": "\(file.stamp.size)"])
                        try await onReady(file)
                    }
                case .eventsEnded:
                    break loop
                }
            }
        }
    }

    private func log(_ event: DirectoryEvent) {
        switch event {
        case .rescanned(let reason):
            logger.info("rescanning the watched tree", metadata: ["watch.reason": "\(reason)"])
        case .switchedToPolling(let reason):
            logger.info("switched to polling", metadata: ["watch.reason": "\(reason)"])
        default:
            logger.trace("watch event", metadata: ["watch.event": "\(event)"])
        }
    }
}

extension SettleFilter where C == ContinuousClock {
    /// Creates a settle filter on the continuous clock.
    public init(
        configuration: Configuration = .init(),
        inspector: any FileInspector = LocalFileInspector(),
        logger: Logger = Logger(label: "photoroom.watch")
    ) {
        self.init(configuration: configuration, clock: ContinuousClock(), inspector: inspector, logger: logger)
    }
}
