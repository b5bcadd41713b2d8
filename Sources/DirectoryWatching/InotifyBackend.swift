#if os(Linux)
import Dispatch
import Glibc

/// Failures tests can inject into a running inotify backend.
enum InotifySimulation: Sendable {
    case overflow
    case watchLimit
}

/// What the inotify backend hands to the watcher's iterator.
enum InotifyOutput: Sendable {
    /// A batch of translated events.
    case events([DirectoryEvent])
    /// The watch limit was reached while adding a watch for a new folder; the backend stopped.
    case watchLimitReached(String)
}

/// A recursive inotify watcher over one tree.
///
/// Every non-ignored folder gets its own watch (inotify is not recursive). New folders are watched as soon
/// as their `IN_CREATE`/`IN_MOVED_TO` event arrives and are then listed, because files can land in them
/// before the watch exists. `IN_Q_OVERFLOW` triggers a full rescan.
///
/// - Important: Mutable state is touched by `init` before ``start()`` and afterwards only on the private
///   serial queue, which is why the class can be `@unchecked Sendable`.
final class InotifyBackend: @unchecked Sendable {
    private static let watchMask =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM)
        | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_DELETE_SELF) | UInt32(IN_ONLYDIR)
        | UInt32(IN_DONT_FOLLOW) | UInt32(IN_EXCL_UNLINK)

    private let descriptor: Int32
    private let root: String
    private let scanner: TreeScanner
    private let queue = DispatchQueue(label: "photoroom.watch.inotify")
    private var pathByWatch: [Int32: String] = [:]
    private var watchByPath: [String: Int32] = [:]
    private var stopped = false
    private var source: (any DispatchSourceRead)?
    private let continuation: AsyncStream<InotifyOutput>.Continuation
    /// The translated events; finishes when the backend stops.
    let outputs: AsyncStream<InotifyOutput>

    /// Opens an inotify descriptor and watches every folder below `root`.
    ///
    /// - Throws: ``WatchError/Code-swift.struct/inotifyUnavailable`` when `inotify_init1` fails and
    ///   ``WatchError/Code-swift.struct/watchLimitReached`` when the tree needs more watches than allowed.
    init(root: String, filter: WatchPathFilter) throws(WatchError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw WatchError(code: .inotifyUnavailable, message: "inotify_init1 failed", errno: Glibc.errno)
        }
        self.descriptor = descriptor
        self.root = root
        self.scanner = TreeScanner(filter: filter)
        (outputs, continuation) = AsyncStream.makeStream(of: InotifyOutput.self)
        var failure: WatchError?
        _ = scanner.scan(root: root) { directory in
            guard failure == nil else { return }
            do throws(WatchError) { try self.addWatch(directory) } catch { failure = error }
        }
        if let failure { throw failure }
        guard watchByPath[root] != nil else {
            throw WatchError(code: .rootNotADirectory, message: "cannot watch \(root)")
        }
    }

    deinit {
        if let source {
            source.cancel()
        } else {
            close(descriptor)
            continuation.finish()
        }
    }

    /// Starts delivering events into ``outputs``. Call once.
    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        let descriptor = self.descriptor
        let continuation = self.continuation
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler {
            close(descriptor)
            continuation.finish()
        }
        nonisolated(unsafe) let cancellable = source
        continuation.onTermination = { _ in cancellable.cancel() }
        self.source = source
        source.resume()
    }

    // MARK: Event handling (on `queue`)

    private func drain() {
        guard !stopped else { return }
        var events: [DirectoryEvent] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            let records = buffer.withUnsafeBytes { InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            for record in records where !stopped {
                handle(record, into: &events)
            }
        }
        if !events.isEmpty {
            continuation.yield(.events(events))
        }
    }

    private func handle(_ record: InotifyEvent, into events: inout [DirectoryEvent]) {
        let mask = record.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            rescan(reason: "inotify queue overflow", into: &events)
            return
        }
        guard let directory = pathByWatch[record.watch] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            forgetWatch(record.watch)
            if directory == root { events.append(.directoryRemoved(path: root)) }
            return
        }
        guard !record.name.isEmpty, !scanner.filter.isIgnored(name: record.name) else { return }
        let path = joinPath(directory, record.name)
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                addTree(path, into: &events)
            } else if mask & (UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)) != 0 {
                removeWatches(under: path)
                events.append(.directoryRemoved(path: path))
            }
        } else if mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0 {
            events.append(.fileChanged(path: path))
        } else if mask & (UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)) != 0 {
            events.append(.fileRemoved(path: path))
        }
    }

    /// Watches a new folder and everything below it, then reports the files already inside.
    private func addTree(_ path: String, into events: inout [DirectoryEvent]) {
        var failure: WatchError?
        let snapshot = scanner.scan(root: path) { directory in
            guard failure == nil else { return }
            do throws(WatchError) { try addWatch(directory) } catch { failure = error }
        }
        if let failure {
            stop(reason: failure.message)
            return
        }
        for directory in snapshot.directories.sorted() {
            events.append(.directoryAdded(path: directory))
        }
        for file in snapshot.files.keys.sorted() {
            events.append(.fileChanged(path: file))
        }
    }

    /// Re-adds watches for the whole tree, drops watches of folders that are gone, and reports every file.
    private func rescan(reason: String, into events: inout [DirectoryEvent]) {
        var failure: WatchError?
        let snapshot = scanner.scan(root: root) { directory in
            guard failure == nil else { return }
            do throws(WatchError) { try addWatch(directory) } catch { failure = error }
        }
        if let failure {
            stop(reason: failure.message)
            return
        }
        for (path, watch) in watchByPath where !snapshot.directories.contains(path) {
            inotify_rm_watch(descriptor, watch)
            forgetWatch(watch)
        }
        events.append(.rescanned(reason: reason))
        for file in snapshot.files.keys.sorted() {
            events.append(.fileChanged(path: file))
        }
    }

    private func stop(reason: String) {
        stopped = true
        continuation.yield(.watchLimitReached(reason))
        source?.cancel()
    }

    // MARK: Watch bookkeeping

    private func addWatch(_ directory: String) throws(WatchError) {
        let watch = inotify_add_watch(descriptor, directory, Self.watchMask)
        guard watch >= 0 else {
            let code = Glibc.errno
            if code == ENOSPC {
                throw WatchError(
                    code: .watchLimitReached,
                    message: "inotify watch limit reached while watching \(directory)"
                        + " (raise fs.inotify.max_user_watches)",
                    errno: code
                )
            }
            return  // Vanished or unreadable folder: nothing to watch.
        }
        if let previous = pathByWatch[watch], previous != directory {
            watchByPath[previous] = nil
        }
        pathByWatch[watch] = directory
        watchByPath[directory] = watch
    }

    private func forgetWatch(_ watch: Int32) {
        guard let path = pathByWatch.removeValue(forKey: watch) else { return }
        if watchByPath[path] == watch { watchByPath[path] = nil }
    }

    private func removeWatches(under path: String) {
        for (directory, watch) in watchByPath where isPath(directory, inside: path) {
            inotify_rm_watch(descriptor, watch)
            forgetWatch(watch)
        }
    }

    /// Injects a queue overflow or a watch-limit failure, as the kernel would cause them (tests only).
    func simulate(_ failure: InotifySimulation) {
        queue.async { [self] in
            guard !stopped else { return }
            switch failure {
            case .overflow:
                var events: [DirectoryEvent] = []
                handle(InotifyEvent(watch: -1, mask: UInt32(IN_Q_OVERFLOW), cookie: 0, name: ""), into: &events)
                continuation.yield(.events(events))
            case .watchLimit:
                stop(reason: "inotify watch limit reached (simulated)")
            }
        }
    }
}
#endif
