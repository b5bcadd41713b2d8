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
        func modificationDates() throws -> [Date?] {
            try thumbs.map { thumb in
                let path = out.appendingPathComponent(".photoroom-batch/thumbs/\(thumb)").path
                return try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            }
        }
        let before = try modificationDates()
        let again = await runCommand(["report", out.path, "--input", samplesFolder])
        #expect(again.exitCode == 0)
        #expect(try modificationDates() == before)
    }

    @Test func theRunMakesTheThumbnailsItselfAndTheReportCommandNeedsNoInputFolder() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = await runCommand(["run", samplesFolder, "--out", out.path, "--emulator", "--progress", "none"])
        #expect(run.exitCode == 1)
        let made = Self.thumbnails(in: out)
        #expect(made.count >= 18, "every item's input and result, made by the run")
        let page = out.appendingPathComponent("report.html")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("\"inputBaseHref\":\""))
        let manifest = try ManifestWriter.read(from: out.appendingPathComponent("manifest.json"))
        #expect(manifest.run.emulator == true)
        #expect(manifest.run.inputDirectory == URL(fileURLWithPath: samplesFolder).standardizedFileURL.path)

        let report = await runCommand(["report", out.path])
        #expect(report.exitCode == 0, "\(report.standardError)")
        #expect(Self.thumbnails(in: out) == made, "nothing was left to make")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("\"inputBaseHref\":\""))
    }

    @Test func noReportLeavesNoPageAndNoThumbnails() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = await runCommand([
            "run", samplesFolder, "--out", out.path, "--emulator", "--progress", "none", "--no-report",
        ])
        #expect(run.exitCode == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.html").path))
        #expect(Self.thumbnails(in: out).isEmpty)
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
