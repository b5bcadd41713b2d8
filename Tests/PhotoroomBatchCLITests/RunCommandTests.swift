import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

/// `run` end to end through the command line, in-process, against the built-in emulator.
@Suite struct RunCommandTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prb-run-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func manifest(in folder: URL) throws -> RunManifest {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RunManifest.self, from: data)
    }

    @Test func samplesWithTheEmulatorThenAResumeThatSendsNothing() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = await runCommand(["run", samplesFolder, "--out", out.path, "--emulator", "--progress", "lines"])
        // Samples/invalid holds five broken files on purpose: exit 1, every valid file processed.
        #expect(first.exitCode == 1)
        let firstManifest = try manifest(in: out)
        #expect(firstManifest.totals.succeeded == 9)
        #expect(firstManifest.totals.invalid == 5)
        #expect(firstManifest.totals.inputs == 14)
        #expect(firstManifest.totals.imagesCharged == 45)
        for item in firstManifest.items where item.status == .succeeded {
            let output = try #require(item.outputPath)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(output).path))
            #expect(output.hasSuffix(".jpg"))
        }
        #expect(first.standardError.contains("[9/9]") || first.standardError.contains("/9]"))
        // The emulator's default balance: fixed and generous, not sized by counting the inputs.
        #expect(first.standardError.contains("(Basic plan, 10000000 images; nothing is billed for real)"))
        #expect(firstManifest.totals.balanceBefore == 10_000_000)
        #expect(!first.standardError.contains("emulator_"), "the emulator's generated key must not be printed")

        let second = await runCommand(["run", samplesFolder, "--out", out.path, "--emulator", "--progress", "none"])
        #expect(second.exitCode == 1)
        let again = try manifest(in: out)
        #expect(again.totals.skipped == 9)
        #expect(again.totals.imagesCharged == 0)
    }

    @Test func jsonEventsOnStandardOutput() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand([
            "run", samplesFolder, "--out", out.path, "--emulator", "--json", "--progress", "none",
        ])
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count >= 9)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
    }

    /// Without `--emulator-credits` the emulator's balance does not depend on the folder: the CLI does not scan the
    /// inputs before preflight does.
    @Test func theEmulatorsDefaultBalanceIsSetWithoutCountingTheInputs() async throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let out = root.appendingPathComponent("out")
        let result = await runCommand(["run", input.path, "--out", out.path, "--emulator", "--progress", "none"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.contains("(Basic plan, 10000000 images; nothing is billed for real)"))
    }

    @Test func shortBalanceExitsThreeAndSendsNothing() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand([
            "run", samplesFolder, "--out", out.path, "--emulator", "--emulator-credits", "12",
        ])
        #expect(result.exitCode == 3)
        #expect(result.standardError.contains("short by 33"))
    }

    @Test func budgetAndUsageErrors() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(
            await runCommand(["run", samplesFolder, "--out", out.path, "--emulator", "--max-credits", "10"]).exitCode
                == 3)
        #expect(await runCommand(["run", samplesFolder, "--out", samplesFolder + "/out", "--emulator"]).exitCode == 64)
        #expect(await runCommand(["run", "/nonexistent/in", "--out", out.path, "--emulator"]).exitCode == 64)
        #expect(await runCommand(["run", samplesFolder, "--out", out.path]).exitCode == 64)
        #expect(await runCommand(["run", samplesFolder, "--out", out.path, "--concurrency", "0"]).exitCode == 64)
    }

    @Test func aMissingInputFolderIsAUsageErrorNamingIt() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand(["run", "/nonexistent/catalog-in", "--out", out.path, "--emulator"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("/nonexistent/catalog-in"))
    }

    @Test func offlineDryRunOnAFixedPlan() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand(["run", samplesFolder, "--out", out.path, "--dry-run", "--plan", "plus"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("9 images") || result.standardError.contains("9 to do"))
    }

    @Test func againstAServerWithAKeyTheKeyIsNeverWritten() async throws {
        let out = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let key = "run_cli_secret_key_9876543210"
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .plus, credits: 100, apiKey: key)) {
            running in
            let environment = ["PHOTOROOM_API_KEY": key, "PHOTOROOM_API_BASE": running.baseURL]
            let result = await runCommand(
                ["run", samplesFolder, "--out", out.path, "--json"], environment: environment)
            #expect(result.exitCode == 1)
            #expect(await running.state().chargedTotal == 9)
            #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key))
            for name in ["manifest.json", ".photoroom-batch/journal.jsonl"] {
                let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                #expect(!text.contains(key), "\(name) contains the key")
            }
        }
    }
}
