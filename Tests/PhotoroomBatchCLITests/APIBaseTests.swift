import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

/// `http://` to a host that is not loopback is refused before anything is sent (the key would travel in clear).
@Suite struct APIBaseTests {
    static let key = "base_test_key_0123456789"

    @Test(arguments: [
        (["account"], ["PHOTOROOM_API_BASE": "http://example.com"], "PHOTOROOM_API_BASE"),
        (["account", "--api-base", "http://203.0.113.5:8080"], [:], "--api-base"),
    ])
    func cleartextRemoteBaseExits64(arguments: [String], environment: [String: String], origin: String) async {
        let result = await runCommand(
            arguments, environment: environment.merging(["PHOTOROOM_API_KEY": Self.key]) { a, _ in a })
        #expect(result.exitCode == 64, "\(result.standardError)")
        #expect(result.standardError.contains(origin))
        #expect(result.standardError.contains("unencrypted"))
        #expect(!result.standardError.contains(Self.key))
    }

    @Test func loopbackBaseIsAllowedAndSandboxLimitsAreShown() async throws {
        let key = "sandbox_" + Self.key
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .basic, credits: 10)) { running in
            let localhost = running.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            let result = await runCommand(
                ["account", "--json", "--api-base", localhost], environment: ["PHOTOROOM_API_KEY": key])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let summary = try JSONDecoder().decode(AccountSummary.self, from: Data(result.standardOutput.utf8))
            #expect(summary.notes.contains { $0.contains("100 calls a day and 1000 a month") })
        }
    }
}
