import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// A file system held in memory, so the settle state machine can be tested without a disk or a clock.
final class FakeFiles: FileInspector, @unchecked Sendable {
    private var entries: [String: (stamp: FileStamp, content: String)] = [:]
    private var version: Int64 = 0

    /// Writes `content` at `path`, giving it a new modification time.
    func write(_ path: String, _ content: String) {
        version += 1
        entries[path] = (
            FileStamp(
                size: Int64(content.utf8.count), modificationSeconds: version, modificationNanoseconds: 0, inode: 7,
                device: 1),
            content
        )
    }

    /// Changes only the modification time.
    func touch(_ path: String) {
        guard let entry = entries[path] else { return }
        version += 1
        var stamp = entry.stamp
        stamp.modificationSeconds = version
        entries[path] = (stamp, entry.content)
    }

    func remove(_ path: String) { entries[path] = nil }

    func stamp(atPath path: String) -> FileStamp? { entries[path]?.stamp }

    func digest(atPath path: String) throws(WatchError) -> ContentDigest {
        guard let entry = entries[path] else { throw WatchError(code: .readFailed, message: "missing \(path)") }
        return ContentDigest(hex: "digest-of-\(entry.content)")
    }
}

@Suite("Readiness tracker")
struct WatchReadinessTrackerTests {
    let start = ContinuousClock.now
    let settle = Duration.seconds(2)

    func at(_ seconds: Double) -> ContinuousClock.Instant { start.advanced(by: .seconds(seconds)) }

    func makeTracker(_ files: FakeFiles) -> ReadinessTracker<ContinuousClock.Instant> {
        ReadinessTracker(settle: settle, inspector: files)
    }

    @Test("a file is ready only after its stamp held still for the settle time")
    func readyAfterSettle() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/a.jpg", "v1")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(0))
        #expect(tracker.nextDeadline == at(2))
        #expect(tracker.collectReady(at: at(1.9)).isEmpty)
        let ready = tracker.collectReady(at: at(2))
        #expect(ready.map(\.path) == ["/in/a.jpg"])
        #expect(ready.first?.digest == ContentDigest(hex: "digest-of-v1"))
        #expect(tracker.pendingCount == 0)
    }

    @Test("a change seen at the re-check starts a new settle period")
    func changeRestartsSettle() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/a.jpg", "part")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(0))
        files.write("/in/a.jpg", "partial-more")  // No event: e.g. a writer that keeps the file open.
        #expect(tracker.collectReady(at: at(2)).isEmpty)
        #expect(tracker.nextDeadline == at(4))
        #expect(tracker.collectReady(at: at(3.9)).isEmpty)
        #expect(tracker.collectReady(at: at(4)).map(\.stamp.size) == [12])
    }

    @Test("a new event for a changed file restarts its settle period; a duplicate event does not")
    func eventsRestartOnlyOnChange() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/a.jpg", "one")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(0))
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(1))
        #expect(tracker.nextDeadline == at(2))
        files.write("/in/a.jpg", "one-two")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(1.5))
        #expect(tracker.nextDeadline == at(3.5))
        #expect(tracker.collectReady(at: at(3)).isEmpty)
        #expect(tracker.collectReady(at: at(3.5)).count == 1)
    }

    @Test("the same content is handed out once per path; changed content again")
    func deduplication() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/a.jpg", "v1")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(0))
        #expect(tracker.collectReady(at: at(2)).count == 1)

        // Rescan or duplicate event with nothing changed: not even pending.
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(3))
        #expect(tracker.pendingCount == 0)

        // Touched: pending again (the stamp changed), but the content is the same, so not handed out.
        files.touch("/in/a.jpg")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(4))
        #expect(tracker.pendingCount == 1)
        #expect(tracker.collectReady(at: at(6)).isEmpty)

        // New content: handed out again.
        files.write("/in/a.jpg", "v2")
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(7))
        let again = tracker.collectReady(at: at(9))
        #expect(again.map(\.digest) == [ContentDigest(hex: "digest-of-v2")])

        // The same content at another path is another item.
        files.write("/in/copy.jpg", "v2")
        tracker.observe(.fileChanged(path: "/in/copy.jpg"), at: at(10))
        #expect(tracker.collectReady(at: at(12)).map(\.path) == ["/in/copy.jpg"])
    }

    @Test("removed files and folders drop their pending entries")
    func removals() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        for path in ["/in/a.jpg", "/in/sub/b.jpg", "/in/sub/deep/c.jpg", "/in/subway.jpg"] {
            files.write(path, path)
            tracker.observe(.fileChanged(path: path), at: at(0))
        }
        tracker.observe(.fileRemoved(path: "/in/a.jpg"), at: at(0.5))
        tracker.observe(.directoryRemoved(path: "/in/sub"), at: at(0.5))
        #expect(tracker.pendingPaths == ["/in/subway.jpg"])

        // A file that vanishes without an event is dropped at its re-check.
        files.remove("/in/subway.jpg")
        #expect(tracker.collectReady(at: at(2)).isEmpty)
        #expect(tracker.pendingCount == 0)
    }

    @Test(
        "hidden and temporary file names are never pending",
        arguments: [".DS_Store", "a.tmp", "b.PART", "c.jpg~", ".x.jpg"])
    func ignored(name: String) {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/\(name)", "data")
        tracker.observe(.fileChanged(path: "/in/\(name)"), at: at(0))
        #expect(tracker.pendingCount == 0)
    }

    @Test("files marked as delivered are not handed out again with the same content")
    func markDelivered() {
        let files = FakeFiles()
        var tracker = makeTracker(files)
        files.write("/in/a.jpg", "v1")
        let stamp = files.stamp(atPath: "/in/a.jpg")!
        tracker.markDelivered(ReadyFile(path: "/in/a.jpg", stamp: stamp, digest: ContentDigest(hex: "digest-of-v1")))
        tracker.observe(.fileChanged(path: "/in/a.jpg"), at: at(0))
        #expect(tracker.pendingCount == 0)
    }
}

@Suite("Watch path filter and inotify parsing")
struct WatchFilterAndParserTests {
    @Test(
        "ignore rules",
        arguments: [
            ("a.jpg", false), ("photo.final.png", false), ("dir/x.jpg", false),
            (".hidden", true), ("x.tmp", true), ("x.TMP", true), ("y.part", true), ("z~", true),
            (".git/objects/x.jpg", true), ("ok/.cache/x.jpg", true), ("ok/tmpdir/x.jpg", false),
        ])
    func ignoreRules(path: String, ignored: Bool) {
        #expect(WatchPathFilter().isIgnored(relativePath: path) == ignored)
    }

    @Test("inotify records are parsed by offset, names NUL-padded")
    func parseRecords() {
        var bytes: [UInt8] = []
        func append(watch: Int32, mask: UInt32, cookie: UInt32, name: String, padded: Int) {
            withUnsafeBytes(of: watch.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(padded).littleEndian) { bytes += $0 }
            var nameBytes = Array(name.utf8)
            nameBytes += [UInt8](repeating: 0, count: padded - nameBytes.count)
            bytes += nameBytes
        }
        append(watch: 1, mask: 0x8, cookie: 0, name: "a.jpg", padded: 16)
        append(watch: 2, mask: 0x4000_0100, cookie: 0, name: "sub", padded: 16)
        append(watch: -1, mask: 0x4000, cookie: 0, name: "", padded: 0)
        append(watch: 3, mask: 0x80, cookie: 42, name: "moved.png", padded: 32)
        let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(
            events == [
                InotifyEvent(watch: 1, mask: 0x8, cookie: 0, name: "a.jpg"),
                InotifyEvent(watch: 2, mask: 0x4000_0100, cookie: 0, name: "sub"),
                InotifyEvent(watch: -1, mask: 0x4000, cookie: 0, name: ""),
                InotifyEvent(watch: 3, mask: 0x80, cookie: 42, name: "moved.png"),
            ])
        // A truncated trailing record is dropped, not read past the end.
        let truncated = Array(bytes.dropLast(10))
        #expect(truncated.withUnsafeBytes { InotifyEvent.parse($0) }.count == 3)
    }

    @Test("polling differences report added, changed and removed entries")
    func pollingDifferences() {
        let stamp = FileStamp(size: 1, modificationSeconds: 1, modificationNanoseconds: 0, inode: 1, device: 1)
        var changed = stamp
        changed.size = 2
        let old = TreeSnapshot(
            directories: ["/r", "/r/gone"], files: ["/r/a": stamp, "/r/b": stamp, "/r/gone/c": stamp])
        let new = TreeSnapshot(
            directories: ["/r", "/r/new"], files: ["/r/a": stamp, "/r/b": changed, "/r/new/d": stamp])
        #expect(
            DirectoryWatcher.AsyncIterator.differences(from: old, to: new) == [
                .directoryRemoved(path: "/r/gone"),
                .directoryAdded(path: "/r/new"),
                .fileRemoved(path: "/r/gone/c"),
                .fileChanged(path: "/r/b"),
                .fileChanged(path: "/r/new/d"),
            ])
    }
}
