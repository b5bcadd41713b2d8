import Foundation
import Testing

@testable import PhotoroomPipeline

/// A small input is read while its item waits for a place at the call gate, so its call starts without file I/O;
/// anything the bounded read cannot vouch for is left to the call, which streams the file.
@Suite struct StagedUploadTests {
    static func staged(_ path: String, limit: Int) async -> [UInt8]? {
        await ItemSource.file(URL(fileURLWithPath: path)).stagedContents(limit: limit)
    }

    @Test func aSmallFileIsReadWhole() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        let bytes = (0..<1000).map { UInt8($0 % 251) }
        try Data(bytes).write(to: file)
        #expect(await Self.staged(file.path, limit: 1000) == bytes)
        #expect(await Self.staged(file.path, limit: 4096) == bytes)
        let empty = folder.appendingPathComponent("empty.bin")
        try Data().write(to: empty)
        #expect(await Self.staged(empty.path, limit: 10) == [])
    }

    @Test func aLargeMissingOrOddFileIsLeftToTheStream() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        try Data(count: 1001).write(to: file)
        #expect(await Self.staged(file.path, limit: 1000) == nil)
        #expect(await Self.staged(folder.appendingPathComponent("gone").path, limit: 1000) == nil)
        #expect(await Self.staged(folder.path, limit: 1 << 20) == nil, "a folder")
        #expect(await Self.staged("/dev/zero", limit: 1000) == nil, "not a regular file")
    }

    @Test func everyCallOfARunCarriesItsInputsBytes() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a/one.jpg", "first image")
            try writeRunInput(input, "b/two.jpg", "second image")
            let fake = FakePhotoroom(balance: 100)
            let outcome = await BatchRunner(
                options: testRunOptions(input: input, output: output), submitter: fake, account: fake,
                inspector: ContentInspector(), reporter: RunEventRecorder()
            ).run()
            #expect(outcome.totals.succeeded == 2)
            let held = await fake.heldInputs
            #expect(held.count == 2)
            for (path, bytes) in held {
                #expect(bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
    }
}

private func makeTemporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prb-staged-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
