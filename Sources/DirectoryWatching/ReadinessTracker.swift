/// Turns raw ``DirectoryEvent``s into ``ReadyFile``s: the settle-time and de-duplication state machine.
///
/// A file becomes ready when it has been seen with the same ``FileStamp`` (size, modification time, inode)
/// at two moments at least `settle` apart, with no change in between. A file is handed out once per
/// content: if its content (SHA-256) equals what was last handed out for the same path, it is not handed
/// out again (a `touch`, a rescan, a duplicate event); if the content changed, it is handed out again.
///
/// The tracker is a plain value with no clock of its own: the caller passes the current instant, which
/// keeps it deterministic in tests. ``SettleFilter`` drives it with a real clock.
public struct ReadinessTracker<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    private struct Pending: Sendable {
        var stamp: FileStamp
        var since: Instant
    }

    private struct Delivered: Sendable {
        var stamp: FileStamp
        var digest: ContentDigest
    }

    /// How long a file's stamp must stay unchanged before it is ready.
    public let settle: Duration
    /// Which names are ignored.
    public let filter: WatchPathFilter
    private let inspector: any FileInspector
    private var pending: [String: Pending] = [:]
    private var delivered: [String: Delivered] = [:]

    /// Creates a tracker.
    ///
    /// - Parameters:
    ///   - settle: How long size and modification time must stay unchanged.
    ///   - filter: Names to ignore; checked on every component of a path's file name.
    ///   - inspector: How files are read (real files by default).
    public init(
        settle: Duration, filter: WatchPathFilter = .init(), inspector: any FileInspector = LocalFileInspector()
    ) {
        self.settle = settle
        self.filter = filter
        self.inspector = inspector
    }

    /// The number of files waiting to settle.
    public var pendingCount: Int { pending.count }

    /// The paths waiting to settle, sorted.
    public var pendingPaths: [String] { pending.keys.sorted() }

    /// The earliest instant at which a pending file may become ready, or `nil` when nothing is pending.
    public var nextDeadline: Instant? {
        pending.values.map { $0.since.advanced(by: settle) }.min()
    }

    /// Records an event seen at `now`.
    public mutating func observe(_ event: DirectoryEvent, at now: Instant) {
        switch event {
        case .fileChanged(let path):
            consider(path, at: now)
        case .fileRemoved(let path):
            pending[path] = nil
        case .directoryRemoved(let path):
            pending = pending.filter { !isPath($0.key, inside: path) }
        case .directoryAdded, .rescanned, .switchedToPolling:
            break
        }
    }

    /// Starts (or restarts) the settle clock for one file, unless nothing changed since it was handed out.
    public mutating func consider(_ path: String, at now: Instant) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard !filter.isIgnored(name: name) else { return }
        guard let stamp = inspector.stamp(atPath: path) else {
            pending[path] = nil
            return
        }
        if let waiting = pending[path] {
            if waiting.stamp != stamp { pending[path] = Pending(stamp: stamp, since: now) }
            return
        }
        if delivered[path]?.stamp == stamp { return }
        pending[path] = Pending(stamp: stamp, since: now)
    }

    /// Re-checks every file whose settle time has passed at `now` and returns those that are ready.
    ///
    /// A file whose stamp changed meanwhile starts a new settle period; a file that disappeared is dropped;
    /// a file whose content was already handed out for the same path is dropped silently.
    public mutating func collectReady(at now: Instant) -> [ReadyFile] {
        var ready: [ReadyFile] = []
        for path in pending.keys.sorted() {
            guard let waiting = pending[path], waiting.since.advanced(by: settle) <= now else { continue }
            guard let stamp = inspector.stamp(atPath: path) else {
                pending[path] = nil
                continue
            }
            if stamp != waiting.stamp {
                pending[path] = Pending(stamp: stamp, since: now)
                continue
            }
            pending[path] = nil
            if delivered[path]?.stamp == stamp { continue }
            let digest: ContentDigest
            do {
                digest = try inspector.digest(atPath: path)
            } catch {
                continue  // Vanished or unreadable between stat and read: a later event will bring it back.
            }
            // The file may have changed while it was being hashed: only a still-identical stamp counts.
            guard inspector.stamp(atPath: path) == stamp else {
                pending[path] = Pending(stamp: inspector.stamp(atPath: path) ?? stamp, since: now)
                continue
            }
            let previous = delivered[path]
            delivered[path] = Delivered(stamp: stamp, digest: digest)
            if previous?.digest == digest { continue }
            ready.append(ReadyFile(path: path, stamp: stamp, digest: digest))
        }
        return ready
    }

    /// Marks a file as already handed out (for example because the initial run processed it), so that
    /// later events with the same content do not hand it out again.
    public mutating func markDelivered(_ file: ReadyFile) {
        delivered[file.path] = Delivered(stamp: file.stamp, digest: file.digest)
        if pending[file.path]?.stamp == file.stamp { pending[file.path] = nil }
    }
}
