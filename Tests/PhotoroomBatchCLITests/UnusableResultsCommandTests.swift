import Foundation
import PhotoroomPipeline
import Testing

/// `--max-unusable-results` through the command line: the built-in emulator answers `webp` with PNG bytes, so
/// every result fails its check, and the run stops paying for them.
@Suite struct UnusableResultsCommandTests {
    func run(_ extra: [String]) async throws -> (CommandResult, RunManifest) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prb-unusable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pipeline.json")
        try Data(#"{"edit": {"export.format": "webp"}}"#.utf8).write(to: config)
        let out = folder.appendingPathComponent("out")
        let result = await runCommand(
            [
                "run", samplesFolder, "--out", out.path, "--config", config.path, "--emulator",
                "--concurrency", "1", "--progress", "none",
            ] + extra)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(
            RunManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        return (result, manifest)
    }

    @Test func theOptionSetsHowManyUnusableResultsInARowStopTheRun() async throws {
        let (stopped, manifest) = try await run(["--max-unusable-results", "2"])
        #expect(stopped.exitCode == 1)
        let text = stopped.standardOutput + stopped.standardError
        #expect(text.contains("asked for WebP, got PNG 2 times: check export.format"), "\(text)")
        #expect(manifest.items.filter { $0.errorCode == "result-invalid" }.count == 2)

        // Positive control: 0 never stops; every valid sample is sent (and fails its check).
        let (unstopped, all) = try await run(["--max-unusable-results", "0"])
        #expect(unstopped.exitCode == 1)
        #expect(all.items.filter { $0.errorCode == "result-invalid" }.count > 2)
        #expect(!(unstopped.standardOutput + unstopped.standardError).contains("times: check export.format"))
    }
}
