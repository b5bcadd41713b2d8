import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

@Suite struct AccountCommandTests {
    @Test func showsPlanBalanceAndCostWithoutTheKey() async throws {
        let key = "acct_test_key_0123456789"
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .plus, credits: 83, apiKey: key)) {
            running in
            let environment = ["PHOTOROOM_API_KEY": key, "PHOTOROOM_API_BASE": running.baseURL]
            let text = await runCommand(["account"], environment: environment)
            #expect(text.exitCode == 0)
            #expect(text.standardOutput.contains("Plus"))
            #expect(text.standardOutput.contains("83"))
            #expect(!text.standardOutput.contains(key))

            let json = await runCommand(["account", "--json"], environment: environment)
            let summary = try JSONDecoder().decode(AccountSummary.self, from: Data(json.standardOutput.utf8))
            #expect(summary.plan == "plus")
            #expect(summary.available == 83)
            #expect(summary.editCost == 1)
            #expect(summary.editsAffordable == 83)
            #expect(summary.apiKey == "…6789")

            let refused = await runCommand(
                ["account"],
                environment: ["PHOTOROOM_API_KEY": "not_the_key_000", "PHOTOROOM_API_BASE": running.baseURL])
            #expect(refused.exitCode == 4)
        }
    }

    @Test func sandboxKeysAreFree() async throws {
        let key = "sandbox_acct_key_0123456789"
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .basic, credits: 10)) { running in
            let result = await runCommand(
                ["account", "--json"], environment: ["PHOTOROOM_API_KEY": key, "PHOTOROOM_API_BASE": running.baseURL])
            let summary = try JSONDecoder().decode(AccountSummary.self, from: Data(result.standardOutput.utf8))
            #expect(summary.sandbox)
            #expect(summary.editCost == 0)
            #expect(summary.notes.contains { $0.contains("100 calls a day") })
        }
    }

    @Test func noKeyIsAUsageError() async {
        let result = await runCommand(["account"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("PHOTOROOM_API_KEY"))
    }

    @Test func unreachableServerExits69() async {
        let result = await runCommand(
            ["account"],
            environment: ["PHOTOROOM_API_KEY": "k_0123456789", "PHOTOROOM_API_BASE": "http://127.0.0.1:9"]
        )
        #expect(result.exitCode == 69)
    }
}
