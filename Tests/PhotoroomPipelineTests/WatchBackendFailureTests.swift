import Foundation
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

#if os(Linux)
/// Collects raw watcher events.
actor WatchEventLog {
    private(set) var events: [DirectoryEvent] = []
    func append(_ event: DirectoryEvent) { events.append(event) }
}

/// Iterates `watcher` into `log` while `body` runs.
func withWatchEvents(_ watcher: DirectoryWatcher, _ body: (WatchEventLog) async throws -> Void) async throws {
    let log = WatchEventLog()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for await event in watcher { await log.append(event) }
        }
        defer { group.cancelAll() }
        try await body(log)
    }
}

@Suite("inotify overflow and watch-limit fallback")
struct WatchBackendFailureTests {
    @Test("a queue overflow rescans the tree and reports every file, including folders added meanwhile")
    func overflowRescans() async throws {
        let folder = try WatchTempFolder("overflow")
        try FileManager.default.createDirectory(atPath: folder.sub("deep/er"), withIntermediateDirectories: true)
        try watchWrite(folder.sub("deep/er/one.jpg"), watchBytes(100))
        try watchWrite(folder.sub("two.jpg"), watchBytes(100))
        let watcher = try DirectoryWatcher(root: folder.path)
        try await withWatchEvents(watcher) { log in
            #expect(watcher.simulate(.overflow))
            let rescanned = await watchEventuallyTrue {
                let events = await log.events
                return events.contains(.fileChanged(path: folder.sub("deep/er/one.jpg")))
                    && events.contains(.fileChanged(path: folder.sub("two.jpg")))
            }
            #expect(rescanned)
            #expect(await log.events.first == .rescanned(reason: "inotify queue overflow"))
            // The tree is still watched after the rescan.
            try watchWrite(folder.sub("deep/er/three.jpg"), watchBytes(100))
            #expect(
                await watchEventuallyTrue {
                    await log.events.contains(.fileChanged(path: folder.sub("deep/er/three.jpg")))
                })
        }
    }

    @Test("hitting the watch limit switches to polling, reports every file, and keeps noticing new ones")
    func watchLimitFallsBackToPolling() async throws {
        let folder = try WatchTempFolder("limit")
        try watchWrite(folder.sub("before.jpg"), watchBytes(100))
        let watcher = try DirectoryWatcher(
            root: folder.path, configuration: .init(mode: .automatic, pollInterval: .milliseconds(100)))
        #expect(watcher.backend == .inotify)
        try await withWatchEvents(watcher) { log in
            #expect(watcher.simulate(.watchLimit))
            #expect(
                await watchEventuallyTrue { await log.events.contains(.fileChanged(path: folder.sub("before.jpg"))) })
            guard case .switchedToPolling? = await log.events.first else {
                Issue.record("expected switchedToPolling first, got \(await log.events)")
                return
            }
            try FileManager.default.createDirectory(atPath: folder.sub("later"), withIntermediateDirectories: true)
            try watchWrite(folder.sub("later/after.jpg"), watchBytes(100))
            #expect(
                await watchEventuallyTrue {
                    await log.events.contains(.fileChanged(path: folder.sub("later/after.jpg")))
                })
        }
    }
}

/// Polls `condition` every 20 ms for up to 10 s.
func watchEventuallyTrue(_ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .seconds(90))  // Only matters on failure.
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
#endif
