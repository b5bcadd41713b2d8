import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

@Suite struct EstimateCommandTests {
    @Test func samplesOnBasicCostFivePerValidImage() async throws {
        let result = await runCommand([
            "estimate", samplesFolder, "--plan", "basic", "--config", "/dev/null/none", "--json",
        ])
        // A missing --config file is a usage error naming the file.
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("/dev/null/none"))

        let ok = await runCommand(["estimate", samplesFolder, "--plan", "basic", "--json"])
        #expect(ok.exitCode == 0)
        let report = try JSONDecoder().decode(EstimateReport.self, from: Data(ok.standardOutput.utf8))
        #expect(report.totals.files == report.totals.valid + report.totals.validWithWarnings + report.totals.invalid)
        #expect(report.totals.invalid == 5)
        #expect(report.plan?.plan == "basic")
        #expect(report.plan?.images == Decimal(report.totals.billable * 5))
        #expect(report.alternatives.first?.images == Decimal(report.totals.billable))
        for name in [
            "invalid/truncated.jpg", "invalid/broken-crc.png", "invalid/animation.gif", "invalid/empty.png",
            "invalid/notes.jpg",
        ] {
            #expect(
                report.invalid.contains { $0.path == name && !$0.issues.isEmpty },
                "\(name) should be invalid with a reason")
        }
    }

    @Test func plusCostsOnePerImageAndTextListsReasons() async throws {
        let result = await runCommand(["estimate", samplesFolder, "--plan", "plus"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Plus"))
        #expect(result.standardOutput.contains("invalid/truncated.jpg"))
        #expect(result.standardOutput.contains("Invalid (not sent)"))
    }

    @Test func budgetTooSmallExitsThree() async {
        let result = await runCommand(["estimate", samplesFolder, "--plan", "basic", "--max-credits", "10"])
        #expect(result.exitCode == 3)
        #expect(result.standardOutput.contains("short by"))
    }

    @Test func failOnInvalidExitsOne() async {
        let result = await runCommand(["estimate", samplesFolder, "--plan", "basic", "--fail-on-invalid"])
        #expect(result.exitCode == 1)
    }

    @Test func usageErrorsExit64() async {
        #expect(await runCommand(["estimate", "/nonexistent/folder", "--plan", "basic"]).exitCode == 64)
        #expect(await runCommand(["estimate", samplesFolder, "--plan", "gold"]).exitCode == 64)
        #expect(await runCommand(["estimate", samplesFolder, "--validate", "deep"]).exitCode == 64)
        #expect(await runCommand(["estimate"]).exitCode == 64)
    }

    @Test func autoPlanAndShortBalanceFromAServerExitThree() async throws {
        let key = "cli_test_key_0123456789"
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .basic, credits: 20, apiKey: key)) {
            running in
            let environment = ["PHOTOROOM_API_KEY": key, "PHOTOROOM_API_BASE": running.baseURL]
            let result = await runCommand(
                ["estimate", samplesFolder, "--plan", "auto", "--json"], environment: environment)
            #expect(result.exitCode == 3)
            let report = try JSONDecoder().decode(EstimateReport.self, from: Data(result.standardOutput.utf8))
            #expect(report.plan?.source == "account")
            #expect(report.balance?.available == 20)
            #expect(report.verdict == .short)
            #expect(report.shortBy == (report.plan?.images ?? 0) - 20)
            #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key))

            await running.setCredits(1000)
            let covered = await runCommand(["estimate", samplesFolder, "--plan", "auto"], environment: environment)
            #expect(covered.exitCode == 0)
            #expect(covered.standardOutput.contains("Verdict: covered"))
        }
    }
}
