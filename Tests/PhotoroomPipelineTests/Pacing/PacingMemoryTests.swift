import Foundation
import Testing

@testable import PhotoroomPipeline

@Suite struct PacingMemoryTests {
    static func temporaryFiles() throws -> ManifestFiles {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pacing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return ManifestFiles(outputDirectory: folder)
    }

    @Test func theLearnedLimitComesBackForTheSameServer() throws {
        let files = try Self.temporaryFiles()
        defer { try? FileManager.default.removeItem(at: files.outputDirectory) }
        #expect(PacingMemory.load(from: files, apiBase: "https://image-api.photoroom.com") == nil)
        let learned = LearnedRateLimit(limit: 50, windowSeconds: 5)
        let saved = Date(timeIntervalSince1970: 1_800_000_000)
        try PacingMemory.save(
            PacingMemory(
                apiBase: "https://image-api.photoroom.com", learned: learned, learnedAt: saved, throttledCalls: 3),
            to: files
        )
        #expect(FileManager.default.fileExists(atPath: files.stateDirectory.appendingPathComponent("pacing.json").path))
        let day = saved.addingTimeInterval(86_400)
        #expect(PacingMemory.load(from: files, apiBase: "https://image-api.photoroom.com", now: day) == learned)
        // Another server, or too old: nothing.
        #expect(PacingMemory.load(from: files, apiBase: "http://127.0.0.1:8080", now: day) == nil)
        #expect(
            PacingMemory.load(from: files, apiBase: "https://image-api.photoroom.com", now: saved + 31 * 86_400) == nil
        )
    }

    @Test func anUnreadableFileMeansNothingLearned() throws {
        let files = try Self.temporaryFiles()
        defer { try? FileManager.default.removeItem(at: files.outputDirectory) }
        try FileManager.default.createDirectory(at: files.stateDirectory, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: PacingMemory.url(in: files))
        #expect(PacingMemory.load(from: files, apiBase: "x") == nil)
        let nonsense =
            #"{"version":1,"apiBase":"x","learned":{"limit":0,"windowSeconds":5},"#
            + #""learnedAt":"2027-01-01T00:00:00Z","throttledCalls":0}"#
        try Data(nonsense.utf8).write(to: PacingMemory.url(in: files))
        #expect(PacingMemory.load(from: files, apiBase: "x", now: Date(timeIntervalSince1970: 1_800_000_000)) == nil)
    }
}
