import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PhotoroomEmulator

@Suite struct RateLimitTests {
    @Test func requestsBeyondTheLimitGet429WithRetryAfter() async throws {
        try await withRouterClient(testConfiguration(rateLimit: 3)) { client, state in
            for _ in 0..<3 {
                let ok = try await client.get("/v2/account")
                #expect(ok.status == .ok)
            }
            let limited = try await client.get("/v2/account")
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.header("retry-after").flatMap(Int.init))
            #expect(retryAfter >= 1 && retryAfter <= 60)
            #expect(limited.errorMessage?.contains("rate limit") == true)
            // Control endpoints are not limited.
            let control = try await client.execute(uri: "/_emulator/state", method: .get)
            #expect(control.status == .ok)
            #expect(await state.snapshot().rateLimitedResponses == 1)
        }
    }

    @Test func segmentRateLimitUsesTheFlatShape() async throws {
        try await withRouterClient(testConfiguration(rateLimit: 1)) { client, _ in
            _ = try await client.get("/v1/account")
            let limited = try await client.postForm("/v1/segment", .form(image: nil))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.json["status_code"] as? Int == 429)
        }
    }

    @Test func theWindowSlides() async {
        let clock = TestClock(start: Date(timeIntervalSince1970: 1_000_000))
        let state = EmulatorState(configuration: testConfiguration(rateLimit: 2), now: { clock.now })
        #expect(await state.admitUnderRateLimit() == nil)
        clock.advance(by: 30)
        #expect(await state.admitUnderRateLimit() == nil)
        // Two in the window: wait until the first one is 60 s old.
        #expect(await state.admitUnderRateLimit() == 30)
        clock.advance(by: 30.5)
        #expect(await state.admitUnderRateLimit() == nil)
        #expect(await state.admitUnderRateLimit() == 30)
    }

    @Test func zeroTurnsTheLimitOff() async {
        let state = EmulatorState(configuration: testConfiguration(rateLimit: 0))
        for _ in 0..<1000 {
            #expect(await state.admitUnderRateLimit() == nil)
        }
    }
}
