import Foundation
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// Real-file-system scenarios for ``DirectoryWatcher`` + ``SettleFilter``, on both backends.
@Suite("Watch scenarios")
struct WatchScenarioTests {
    @Test(
        "a file written slowly in chunks over 3 s is ready once, only when complete",
        arguments: WatchBackendCase.allCases, [false, true])
    func slowWrite(backend: WatchBackendCase, keepOpen: Bool) async throws {
        let folder = try WatchTempFolder("slow")
        let target = folder.sub("slow.jpg")
        let chunks = 15
        let chunk = watchBytes(4096)
        // Settle 2 s (the tool's default) against writes 200 ms apart: a busy machine may stall the writer for a
        // second without the half-written file being taken as complete.
        try await withWatch(root: folder.path, backend: backend, settle: .seconds(2)) { _, recorder in
            try await watchWriteOnItsOwnThread {
                if keepOpen {
                    _ = FileManager.default.createFile(atPath: target, contents: nil)
                    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
                    for _ in 0..<chunks {
                        try handle.write(contentsOf: Data(chunk))
                        Thread.sleep(forTimeInterval: 0.2)
                    }
                    try handle.close()
                } else {
                    for _ in 0..<chunks {
                        try watchAppend(target, chunk)
                        Thread.sleep(forTimeInterval: 0.2)
                    }
                }
            }
            let arrived = await recorder.wait { !$0.isEmpty }
            #expect(arrived)
            // A file written after it is ready only once any duplicate of it would have been handed out.
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            let files = await recorder.filesWithoutBarriers()
            #expect(files.map(\.path) == [target])
            #expect(files.first?.stamp.size == Int64(chunks * chunk.count))
        }
    }

    @Test("many files copied at once are each ready exactly once", arguments: WatchBackendCase.allCases)
    func manyFiles(backend: WatchBackendCase) async throws {
        let folder = try WatchTempFolder("many")
        let count = 60
        let expected = (0..<count).map { folder.sub(String(format: "img-%03d.png", $0)) }
        try await withWatch(root: folder.path, backend: backend) { _, recorder in
            for (index, path) in expected.enumerated() {
                try watchWrite(path, watchBytes(2000 + index, seed: UInt8(index % 250)))
            }
            let arrived = await recorder.wait { $0.count >= count }
            #expect(arrived)
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            let paths = await recorder.pathsWithoutBarriers()
            #expect(paths.sorted() == expected)
        }
    }

    @Test(
        "files moved in from outside and renamed from a temp name are ready once", arguments: WatchBackendCase.allCases)
    func movedIn(backend: WatchBackendCase) async throws {
        let folder = try WatchTempFolder("move")
        let outside = try WatchTempFolder("outside")
        try await withWatch(root: folder.path, backend: backend) { _, recorder in
            let staged = outside.sub("from-outside.jpg")
            try watchWrite(staged, watchBytes(5000, seed: 3))
            try FileManager.default.moveItem(atPath: staged, toPath: folder.sub("from-outside.jpg"))

            let temporary = folder.sub("renamed.jpg.part")
            try watchWrite(temporary, watchBytes(7000, seed: 4))
            try FileManager.default.moveItem(atPath: temporary, toPath: folder.sub("renamed.jpg"))

            let arrived = await recorder.wait { $0.count >= 2 }
            #expect(arrived)
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            let paths = await recorder.pathsWithoutBarriers()
            #expect(paths.sorted() == [folder.sub("from-outside.jpg"), folder.sub("renamed.jpg")])
        }
    }

    @Test(
        "subfolders created later are watched, including files written right after mkdir",
        arguments: WatchBackendCase.allCases)
    func newSubfolders(backend: WatchBackendCase) async throws {
        let folder = try WatchTempFolder("subdirs")
        let outside = try WatchTempFolder("subdirs-outside")
        try await withWatch(root: folder.path, backend: backend) { _, recorder in
            var expected: [String] = []
            // Written immediately after mkdir: may land before the watch on the new folder exists.
            try FileManager.default.createDirectory(atPath: folder.sub("a"), withIntermediateDirectories: false)
            try watchWrite(folder.sub("a/first.jpg"), watchBytes(3000, seed: 5))
            expected.append(folder.sub("a/first.jpg"))
            try FileManager.default.createDirectory(atPath: folder.sub("b/c/d"), withIntermediateDirectories: true)
            try watchWrite(folder.sub("b/c/d/deep.jpg"), watchBytes(3000, seed: 6))
            try watchWrite(folder.sub("b/top.jpg"), watchBytes(3000, seed: 7))
            expected += [folder.sub("b/c/d/deep.jpg"), folder.sub("b/top.jpg")]
            // A whole folder moved in from outside the tree.
            try FileManager.default.createDirectory(
                atPath: outside.sub("batch/inner"), withIntermediateDirectories: true)
            try watchWrite(outside.sub("batch/one.png"), watchBytes(3000, seed: 8))
            try watchWrite(outside.sub("batch/inner/two.png"), watchBytes(3000, seed: 9))
            try FileManager.default.moveItem(atPath: outside.sub("batch"), toPath: folder.sub("batch"))
            expected += [folder.sub("batch/one.png"), folder.sub("batch/inner/two.png")]
            // Written later into a folder created earlier in this test: once a file below it was handed out, the
            // watcher has seen (and watches) the folder.
            let deepSeen = await recorder.wait { $0.contains { $0.path == folder.sub("b/c/d/deep.jpg") } }
            #expect(deepSeen)
            try watchWrite(folder.sub("b/c/later.jpg"), watchBytes(3000, seed: 10))
            expected.append(folder.sub("b/c/later.jpg"))

            let count = expected.count
            let arrived = await recorder.wait { $0.count >= count }
            #expect(arrived)
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            let paths = await recorder.pathsWithoutBarriers()
            #expect(paths.sorted() == expected.sorted())
        }
    }

    @Test(
        "a processed file whose content changes is ready again; a touch or identical rewrite is not",
        arguments: WatchBackendCase.allCases)
    func changedContent(backend: WatchBackendCase) async throws {
        let folder = try WatchTempFolder("change")
        let target = folder.sub("product.jpg")
        try await withWatch(root: folder.path, backend: backend) { _, recorder in
            try watchWrite(target, watchBytes(4000, seed: 11))
            #expect(await recorder.wait { $0.count >= 1 })

            try watchWrite(target, watchBytes(4000, seed: 12))
            #expect(await recorder.wait { $0.count >= 2 })

            // Same content again, then only a new modification time: neither is a new item.
            try watchWrite(target, watchBytes(4000, seed: 12))
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(5)],
                ofItemAtPath: target
            )
            // The content changes above were seen (the positive control); the barrier proves these two had
            // settled and were dropped when it was handed out.
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            let files = await recorder.filesWithoutBarriers()
            #expect(files.count == 2)
            #expect(files.map(\.path) == [target, target])
            #expect(Set(files.map(\.digest)).count == 2)
        }
    }

    @Test(
        "hidden and temporary names, and anything inside hidden folders, are ignored",
        arguments: WatchBackendCase.allCases)
    func ignoredNames(backend: WatchBackendCase) async throws {
        let folder = try WatchTempFolder("hidden")
        try await withWatch(root: folder.path, backend: backend) { _, recorder in
            for name in [".hidden.jpg", "upload.tmp", "download.jpg.part", "backup.jpg~", "UPPER.TMP"] {
                try watchWrite(folder.sub(name), watchBytes(1000))
            }
            try FileManager.default.createDirectory(
                atPath: folder.sub(".cache/deeper"), withIntermediateDirectories: true)
            try watchWrite(folder.sub(".cache/inside.jpg"), watchBytes(1000))
            try watchWrite(folder.sub(".cache/deeper/inside.jpg"), watchBytes(1000))
            try FileManager.default.createDirectory(atPath: folder.sub("visible"), withIntermediateDirectories: true)
            try watchWrite(folder.sub("visible/.DS_Store"), watchBytes(1000))
            try watchWrite(folder.sub("visible/control.jpg"), watchBytes(1000))

            #expect(await recorder.wait { !$0.isEmpty })
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            #expect(await recorder.pathsWithoutBarriers() == [folder.sub("visible/control.jpg")])
        }
    }

    @Test("files present before the watcher starts are not reported")
    func existingFilesNotReported() async throws {
        let folder = try WatchTempFolder("existing")
        try watchWrite(folder.sub("old.jpg"), watchBytes(1000))
        try await withWatch(root: folder.path, backend: .inotify) { _, recorder in
            try watchWrite(folder.sub("new.jpg"), watchBytes(1000, seed: 2))
            #expect(await recorder.wait { !$0.isEmpty })
            #expect(try await watchBarrier(in: folder.path, recorder: recorder))
            #expect(await recorder.pathsWithoutBarriers() == [folder.sub("new.jpg")])
        }
    }

    @Test("a root that is not a folder is rejected with a coded error")
    func rootMustBeAFolder() throws {
        let folder = try WatchTempFolder("root")
        try watchWrite(folder.sub("file"), [1])
        #expect(throws: WatchError.self) { try DirectoryWatcher(root: folder.sub("missing")) }
        do {
            _ = try DirectoryWatcher(root: folder.sub("file"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .rootNotADirectory)
        }
    }
}
