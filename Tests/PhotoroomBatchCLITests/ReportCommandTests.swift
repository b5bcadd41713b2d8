import Foundation
import PhotoroomPipeline
import Testing

/// `report OUT_DIR` end to end: after a real run of Samples/ against the built-in emulator.
@Suite struct ReportCommandTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prb-report-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func thumbnails(in out: URL) -> [String] {
        let folder = out.appendingPathComponent(".photoroom-batch/thumbs")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".jpg") }.sorted()
    }

    @Test func writesTheReportBesideTheManifestAndAgainWithThumbnails() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = await runCommand(["run", samplesFolder, "--out", out.path, "--emulator", "--progress", "none"])
        #expect(run.exitCode == 1)  // Samples/invalid/ holds broken files on purpose
        let page = out.appendingPathComponent("report.html")
        #expect(FileManager.default.fileExists(atPath: page.path), "run writes report.html with the manifest")

        let report = await runCommand(["report", out.path, "--input", samplesFolder])
        #expect(report.exitCode == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains("14 items, 18 thumbnails"))
        // 9 inputs and 9 results (5 invalid inputs have none); stored by content hash.
        let thumbs = Self.thumbnails(in: out)
        #expect(thumbs.count == 18)
        let html = try String(contentsOf: page, encoding: .utf8)
        for thumb in thumbs { #expect(html.contains(".photoroom-batch/thumbs/\(thumb)")) }
        #expect(html.contains("\"inputBaseHref\":\""))

        // Again: every thumbnail is reused (files untouched).
        let before = try thumbs.map {
            try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(".photoroom-batch/thumbs/\($0)").path)[.modificationDate] as? Date
        }
        let again = await runCommand(["report", out.path, "--input", samplesFolder])
        #expect(again.exitCode == 0)
        let after = try thumbs.map {
            try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(".photoroom-batch/thumbs/\($0)").path)[.modificationDate] as? Date
        }
        #expect(before == after)
    }

    @Test func aMissingManifestIsAUsageErrorNamingTheFile() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand(["report", out.path])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains(out.appendingPathComponent("manifest.json").path))
        try Data("{not json".utf8).write(to: out.appendingPathComponent("manifest.json"))
        let corrupt = await runCommand(["report", out.path])
        #expect(corrupt.exitCode == 64)
        #expect(corrupt.standardError.contains("manifest.json"))
        #expect(await runCommand(["report", out.path, "--input", "/nonexistent/in"]).exitCode == 64)
    }
}
