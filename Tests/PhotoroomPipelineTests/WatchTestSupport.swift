import Foundation
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// A fresh temporary folder for one watch test, removed at the end.
struct WatchTempFolder: ~Copyable {
    let path: String

    init(_ label: String = "watch") throws {
        let base = FileManager.default.temporaryDirectory.path
        let created = base + "/pr-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: created, withIntermediateDirectories: true)
        // Resolve symbolic links (a linked /tmp) so paths compare equal to the watcher's absolute paths.
        path = watchResolved(created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func sub(_ relative: String) -> String { path + "/" + relative }
}

/// Collects ready files handed out by a ``SettleFilter``.
actor ReadyRecorder {
    private(set) var files: [ReadyFile] = []

    func append(_ file: ReadyFile) { files.append(file) }

    func paths() -> [String] { files.map(\.path) }

    func count(of path: String) -> Int { files.filter { $0.path == path }.count }

    /// The ready paths other than the barrier files written by ``watchBarrier(in:recorder:)``.
    func pathsWithoutBarriers() -> [String] { filesWithoutBarriers().map(\.path) }

    /// The ready files other than the barrier files written by ``watchBarrier(in:recorder:)``.
    func filesWithoutBarriers() -> [ReadyFile] {
        files.filter { !($0.path.split(separator: "/").last ?? "").hasPrefix(watchBarrierPrefix) }
    }

    /// Waits until `condition` holds or `timeout` passes; returns whether it held.
    func wait(timeout: Duration = .seconds(90), until condition: @Sendable ([ReadyFile]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition(files) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(files)
    }
}

/// The name prefix of barrier files; it sorts after every other name the tests write, so a barrier is handed out
/// last among the files that become ready in the same round.
let watchBarrierPrefix = "zzzz-barrier-"

/// Writes a new file into `folder` and waits (bounded) until the watcher hands it out; returns whether it did.
///
/// The explicit event that replaces "sleep and hope a duplicate would have shown up by now": the barrier's settle
/// time starts after every change made before it was written, so by the time it is ready, each of those changes
/// has settled too and was handed out in the same round or an earlier one. It is also the positive control of a
/// "nothing more arrived" check: it proves the watcher was still reporting files when the check ran.
func watchBarrier(in folder: String, recorder: ReadyRecorder) async throws -> Bool {
    let path = folder + "/" + watchBarrierPrefix + UUID().uuidString.prefix(8) + ".jpg"
    try watchWrite(path, watchBytes(777, seed: 99))
    return await recorder.wait { files in files.contains { $0.path == path } }
}

/// The watch configurations the scenario tests run under.
enum WatchBackendCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inotify
    case polling

    var testDescription: String { rawValue }

    var configuration: DirectoryWatcher.Configuration {
        switch self {
        case .inotify: .init(mode: .automatic)
        case .polling: .init(mode: .polling, pollInterval: .milliseconds(100))
        }
    }
}

/// The settle time used by real-file-system tests.
let watchTestSettle: Duration = .milliseconds(500)

/// Starts a watcher on `root` and a settle filter over it, runs `body`, then cancels both.
func withWatch(
    root: String,
    backend: WatchBackendCase,
    settle: Duration = watchTestSettle,
    _ body: (DirectoryWatcher, ReadyRecorder) async throws -> Void
) async throws {
    let watcher = try DirectoryWatcher(root: root, configuration: backend.configuration)
    if backend == .inotify {
        #if os(Linux)
        #expect(watcher.backend == .inotify)
        #endif
    } else {
        #expect(watcher.backend == .polling)
    }
    let recorder = ReadyRecorder()
    let filter = SettleFilter(configuration: .init(settle: settle))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await filter.run(events: watcher) { file in await recorder.append(file) }
        }
        defer { group.cancelAll() }
        try await body(watcher, recorder)
    }
}

/// Writes `bytes` to `path` (creating or truncating it) without an atomic rename.
func watchWrite(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Appends `bytes` to the file at `path` (creating it), opening and closing it.
func watchAppend(_ path: String, _ bytes: [UInt8]) throws {
    if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(bytes))
}

/// Some distinct bytes.
func watchBytes(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}

/// The watcher's absolute form of a path (it resolves symbolic links such as a linked /tmp).
func watchResolved(_ path: String) -> String {
    URL(fileURLWithPath: path).resolvingSymlinksInPath().path
}

/// Runs `body` (a writer that paces itself with `Thread.sleep`) on a thread of its own, as another process would
/// write: a writer on the cooperative pool stalls whenever the test process's other tasks hold both of its threads,
/// and a stall longer than the settle time makes a half-written file look complete.
func watchWriteOnItsOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread.detachNewThread {
            do {
                try body()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
