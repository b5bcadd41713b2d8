import ArgumentParser
import Foundation
import PhotoroomBatchCLI
import PhotoroomPipeline
import Testing

/// `--version` and the manifest's `toolVersion`: one string naming the version, the commit and the build date.
@Suite struct ToolVersionTests {
    /// What `--version` prints (ArgumentParser answers it while parsing, with a clean exit).
    func printedVersion() throws -> String {
        do {
            _ = try RootCommand.parseAsRoot(["--version"])
        } catch {
            #expect(RootCommand.exitCode(for: error) == .success)
            return RootCommand.fullMessage(for: error)
        }
        throw CancellationError()
    }

    @Test func versionNamesTheCommitAndTheBuildOrSaysTheyAreUnknown() throws {
        let version = try printedVersion()
        #expect(version == ToolVersion.current)
        // A test build is a development build: scripts/release.sh is what links the commit and date in.
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+-dev \(commit unknown\)/) != nil, "got \(version)")
        // The shape a release build has (scripts/test-release.sh checks the real binary says it).
        let release = "0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-08T01:30Z)"
        #expect(release.wholeMatch(of: /\d+\.\d+\.\d+ \(commit [0-9a-f]{7,40}(-dirty)?, built [0-9TZ:-]+\)/) != nil)
    }

    @Test func theManifestAndTheJournalRecordTheVersionThatVersionPrints() async throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("prb-version-in-\(UUID().uuidString)")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("prb-version-out-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: out)
        }
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: samplesFolder + "/mug-green.png", toPath: input.appendingPathComponent("mug-green.png").path)

        let result = await runCommand(["run", input.path, "--out", out.path, "--emulator", "--progress", "none"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let run = try #require(manifest?["run"] as? [String: Any])
        let printed = try printedVersion()
        #expect(run["toolVersion"] as? String == printed)
        let journal = try String(
            contentsOf: out.appendingPathComponent(".photoroom-batch/journal.jsonl"), encoding: .utf8)
        let started = try #require(journal.split(separator: "\n").first { $0.contains("\"run-started\"") })
        let entry = try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any]
        #expect(entry?["toolVersion"] as? String == printed)
    }
}
