/// An `AsyncSequence` of changes in a directory tree, recursively, including folders created later.
///
/// The watcher starts watching in its initializer, before anything is iterated, so a caller can create it,
/// then process the files already present, then iterate: nothing that lands in between is missed.
/// Files already present when the watcher is created are not reported.
///
/// On Linux it uses inotify (close-after-write and moved-in events, new folders watched and listed as they
/// appear, a full rescan on queue overflow). It falls back to polling when `inotify_init1` fails or the
/// watch limit is reached, at start or later; a fallback during iteration is announced with
/// ``DirectoryEvent/switchedToPolling(reason:)``. Elsewhere, and with ``Mode/polling``, it polls.
///
/// Iteration ends when the iterating task is cancelled.
///
/// - Important: Iterate a watcher once. Each iterator created from the same watcher shares the inotify
///   queue, so events would be split between them.
public struct DirectoryWatcher: AsyncSequence, Sendable {
    public typealias Element = DirectoryEvent

    /// The watched folder, as an absolute path without a trailing slash.
    public let root: String
    /// The settings the watcher was created with.
    public let configuration: Configuration
    /// The backend in use when the watcher was created.
    public let backend: Backend
    /// Why the watcher is polling although ``Mode/automatic`` was asked for, if it is.
    public let fallbackReason: String?

    private let clock: any Clock<Duration>
    private let start: Start

    private enum Start: Sendable {
        #if os(Linux)
        case inotify(InotifyBackend)
        #endif
        case polling(TreeSnapshot)
    }

    /// Starts watching `root`.
    ///
    /// - Parameters:
    ///   - root: The folder to watch. Relative paths are resolved against the current directory.
    ///   - configuration: Backend choice, poll interval and ignore rules.
    ///   - clock: The clock the polling backend sleeps on.
    /// - Throws: ``WatchError/Code-swift.struct/rootNotADirectory`` when `root` is not a folder.
    public init(
        root: String,
        configuration: Configuration = .init(),
        clock: any Clock<Duration> = ContinuousClock()
    ) throws(WatchError) {
        let root = absolutePath(root)
        guard readEntry(atPath: root) == .directory else {
            throw WatchError(code: .rootNotADirectory, message: "\(root) is not a folder")
        }
        self.root = root
        self.configuration = configuration
        self.clock = clock
        let scanner = TreeScanner(filter: configuration.filter)
        #if os(Linux)
        if configuration.mode == .automatic {
            do {
                let backend = try InotifyBackend(root: root, filter: configuration.filter)
                backend.start()
                self.start = .inotify(backend)
                self.backend = .inotify
                self.fallbackReason = nil
                return
            } catch {
                self.fallbackReason = error.description
            }
        } else {
            self.fallbackReason = nil
        }
        #else
        self.fallbackReason = configuration.mode == .automatic ? "inotify is only available on Linux" : nil
        #endif
        self.start = .polling(scanner.scan(root: root))
        self.backend = .polling
    }

    #if os(Linux)
    /// Injects an inotify queue overflow or watch-limit failure (tests only); `false` when not on inotify.
    @discardableResult
    func simulate(_ failure: InotifySimulation) -> Bool {
        guard case .inotify(let backend) = start else { return false }
        backend.simulate(failure)
        return true
    }
    #endif

    public func makeAsyncIterator() -> AsyncIterator {
        switch start {
        #if os(Linux)
        case .inotify(let backend):
            return AsyncIterator(
                state: .inotify(backend, backend.outputs.makeAsyncIterator()),
                root: root,
                configuration: configuration,
                clock: clock
            )
        #endif
        case .polling(let snapshot):
            return AsyncIterator(state: .polling(snapshot), root: root, configuration: configuration, clock: clock)
        }
    }

    /// Produces the watcher's events; see ``DirectoryWatcher``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        enum State {
            #if os(Linux)
            case inotify(InotifyBackend, AsyncStream<InotifyOutput>.AsyncIterator)
            #endif
            case polling(TreeSnapshot)
            case finished
        }

        private var state: State
        private var buffer: [DirectoryEvent] = []
        private var bufferIndex = 0
        private let root: String
        private let configuration: Configuration
        private let clock: any Clock<Duration>

        init(state: State, root: String, configuration: Configuration, clock: any Clock<Duration>) {
            self.state = state
            self.root = root
            self.configuration = configuration
            self.clock = clock
        }

        /// The next change, or `nil` once the iterating task is cancelled.
        public mutating func next() async -> DirectoryEvent? {
            while bufferIndex >= buffer.count {
                guard let batch = await nextBatch() else { return nil }
                buffer = batch
                bufferIndex = 0
            }
            defer { bufferIndex += 1 }
            return buffer[bufferIndex]
        }

        private mutating func nextBatch() async -> [DirectoryEvent]? {
            switch state {
            #if os(Linux)
            case .inotify(let backend, var iterator):
                let output = await iterator.next()
                state = .inotify(backend, iterator)
                switch output {
                case .events(let events)?:
                    return events
                case .watchLimitReached(let reason)?:
                    let snapshot = TreeScanner(filter: configuration.filter).scan(root: root)
                    state = .polling(snapshot)
                    return [.switchedToPolling(reason: reason)]
                        + snapshot.files.keys.sorted().map { .fileChanged(path: $0) }
                case nil:
                    state = .finished
                    return nil
                }
            #endif
            case .polling(let previous):
                do {
                    try await clock.sleep(for: configuration.pollInterval)
                } catch {
                    state = .finished
                    return nil
                }
                let current = TreeScanner(filter: configuration.filter).scan(root: root)
                state = .polling(current)
                return Self.differences(from: previous, to: current)
            case .finished:
                return nil
            }
        }

        /// The events that turn snapshot `old` into snapshot `new`.
        static func differences(from old: TreeSnapshot, to new: TreeSnapshot) -> [DirectoryEvent] {
            var events: [DirectoryEvent] = []
            for directory in old.directories.subtracting(new.directories).sorted() {
                events.append(.directoryRemoved(path: directory))
            }
            for directory in new.directories.subtracting(old.directories).sorted() {
                events.append(.directoryAdded(path: directory))
            }
            for path in old.files.keys.sorted() where new.files[path] == nil {
                events.append(.fileRemoved(path: path))
            }
            for (path, stamp) in new.files.sorted(by: { $0.key < $1.key }) where old.files[path] != stamp {
                events.append(.fileChanged(path: path))
            }
            return events
        }
    }
}
