import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PhotoroomEmulator

@Suite struct AccountTests {
    @Test func v1AccountReportsCredits() async throws {
        try await withRouterClient(testConfiguration(credits: 50)) { client, _ in
            let response = try await client.get("/v1/account")
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "application/json")
            let credits = try #require(response.json["credits"] as? [String: Any])
            #expect(credits["available"] as? Double == 50)
            #expect(credits["subscription"] as? Double == 50)
            #expect(response.json["plan"] == nil)
        }
    }

    @Test func v2AccountReportsImagesAndPlan() async throws {
        var configuration = testConfiguration(plan: "plus", credits: 12)
        configuration.subscription = 100
        try await withRouterClient(configuration) { client, _ in
            let response = try await client.get("/v2/account")
            #expect(response.status == .ok)
            let images = try #require(response.json["images"] as? [String: Any])
            #expect(images["available"] as? Double == 12)
            #expect(images["subscription"] as? Double == 100)
            #expect(response.json["plan"] as? String == "plus")
        }
    }

    @Test(arguments: ["/v1/account", "/v2/account"])
    func missingKeyIs400ApiKeyRequired(path: String) async throws {
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.get(path, key: nil)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "apiKey: Required")
        }
    }

    @Test(arguments: ["/v1/account", "/v2/account"])
    func wrongKeyIs403(path: String) async throws {
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.get(path, key: "not-the-key")
            #expect(response.status == .forbidden)
        }
    }

    @Test func anyKeyIsAcceptedWhenNoneIsConfigured() async throws {
        var configuration = testConfiguration()
        configuration.apiKey = nil
        try await withRouterClient(configuration) { client, _ in
            let anyKey = try await client.get("/v1/account", key: "whatever")
            let emptyKey = try await client.get("/v1/account", key: "")
            #expect(anyKey.status == .ok)
            #expect(emptyKey.status == .badRequest)
        }
    }

    @Test func fractionalBalancesAreExact() async throws {
        try await withRouterClient(testConfiguration(plan: "plus", credits: Decimal(string: "0.6")!)) { client, _ in
            let response = try await client.get("/v2/account")
            #expect(String(buffer: response.body).contains("\"available\":0.6"))
        }
    }

    @Test func stateEndpointReportsCountersAndTopUpWorks() async throws {
        try await withRouterClient(testConfiguration(credits: 3)) { client, state in
            _ = try await client.get("/v1/account")
            _ = try await client.get("/v1/account", key: nil)
            let response = try await client.execute(uri: "/_emulator/state", method: .get)
            #expect(response.status == .ok)
            let snapshot = try JSONDecoder().decode(EmulatorSnapshot.self, from: Data(response.bytes))
            #expect(snapshot.plan == "basic")
            #expect(snapshot.balance.available == 3)
            #expect(snapshot.callsPerEndpoint["GET /v1/account"] == 2)
            #expect(snapshot.inFlightRequests == 1)

            let topUp = try await client.execute(
                uri: "/_emulator/credits", method: .post, body: ByteBuffer(string: "{\"add\": 7}"))
            #expect(topUp.status == .ok)
            #expect(await state.snapshot().balance.available == 10)

            let set = try await client.execute(
                uri: "/_emulator/credits", method: .post, body: ByteBuffer(string: "{\"set\": 0.4}"))
            #expect(set.status == .ok)
            #expect(await state.snapshot().balance.available == Decimal(string: "0.4"))

            let bad = try await client.execute(
                uri: "/_emulator/credits", method: .post, body: ByteBuffer(string: "{\"oops\": 1}"))
            #expect(bad.status == .badRequest)
        }
    }

    @Test func unknownPlanIsRefusedAtStart() throws {
        var configuration = testConfiguration()
        configuration.plan = .init("enterprise-special")
        #expect(throws: EmulatorStartError.self) { try Emulator.validate(configuration) }
    }
}
