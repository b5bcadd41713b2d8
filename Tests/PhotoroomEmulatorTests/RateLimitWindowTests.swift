import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator

/// The limiter shapes: a sliding window of any length, `Retry-After` on or off, and what counts.
@Suite struct RateLimitWindowTests {
    @Test func theLimiterAdmitsLimitCallsInAnyWindowAndNoMore() {
        var limiter = SlidingWindowRateLimiter(limit: 3, windowSeconds: 5)
        #expect(limiter.admit(at: 0) == .admitted)
        #expect(limiter.admit(at: 1) == .admitted)
        #expect(limiter.admit(at: 1.5) == .admitted)
        // Full: the call at 0 frees its slot at 5 exactly.
        #expect(limiter.admit(at: 2.25) == .limited(secondsUntilSlotFrees: 2.75))
        #expect(limiter.admit(at: 4.999).retryAfterSeconds == 1)
        // A refused call does not count: at 5 the slot of the call at 0 is free.
        #expect(limiter.admit(at: 5) == .admitted)
        #expect(limiter.count(at: 5) == 3)
        // Next to free: the call at 1.
        #expect(limiter.admit(at: 5.5) == .limited(secondsUntilSlotFrees: 0.5))
        #expect(limiter.admit(at: 6) == .admitted)
    }

    @Test(arguments: [
        (window: 5.0, at: 2.0, retryAfter: 3),  // 3 s exactly
        (window: 5.0, at: 0.2, retryAfter: 5),  // 4.8 s rounds up to 5
        (window: 0.5, at: 0.1, retryAfter: 1),  // a sub-second wait is still 1
        (window: 3600.0, at: 1.0, retryAfter: 3599),
    ])
    func retryAfterIsTheWaitRoundedUp(window: Double, at time: Double, retryAfter: Int) {
        var limiter = SlidingWindowRateLimiter(limit: 1, windowSeconds: window)
        #expect(limiter.admit(at: 0) == .admitted)
        #expect(limiter.admit(at: time).retryAfterSeconds == retryAfter)
    }

    @Test func zeroIsNoLimit() {
        var limiter = SlidingWindowRateLimiter(limit: 0, windowSeconds: 1)
        for step in 0..<1000 {
            #expect(limiter.admit(at: Double(step) * 1e-6) == .admitted)
        }
    }

    @Test func theStateUsesTheConfiguredWindowAndClock() async {
        let clock = TestClock(start: Date(timeIntervalSince1970: 2_000_000))
        var configuration = testConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 2, windowSeconds: 5)
        let state = EmulatorState(configuration: configuration, now: { clock.now })
        #expect(await state.admitUnderRateLimit() == nil)
        clock.advance(by: 1.2)
        #expect(await state.admitUnderRateLimit() == nil)
        clock.advance(by: 0.3)
        // The first call frees its slot in 3.5 s: Retry-After 4.
        #expect(await state.admitUnderRateLimit() == 4)
        clock.advance(by: 3.6)
        #expect(await state.admitUnderRateLimit() == nil)
        #expect(await state.admitUnderRateLimit() == 2)  // the call at 1.2 frees at 6.2, 1.1 s from now
    }

    @Test func withRetryAfterTheHeaderIsSent() async throws {
        var configuration = testConfiguration()
        // A window far longer than three requests can take on a loaded machine (5 s did not always hold them).
        configuration.rateLimit = RateLimitRule(limit: 2, windowSeconds: 600, sendsRetryAfter: true)
        try await withRouterClient(configuration) { client, state in
            let response1 = try await client.get("/v2/account")
            #expect(response1.status == .ok)
            let response2 = try await client.get("/v2/account")
            #expect(response2.status == .ok)
            let limited = try await client.get("/v2/account")
            #expect(limited.status == .tooManyRequests)
            let retryAfter = try #require(limited.header("retry-after").flatMap(Int.init))
            #expect((1...600).contains(retryAfter))
            #expect(limited.errorMessage?.contains("Retry after \(retryAfter) seconds") == true)
            #expect(await state.snapshot().rateLimitedResponses == 1)
        }
    }

    @Test func withoutRetryAfterNoHeaderIsSent() async throws {
        var configuration = testConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 1, windowSeconds: 30, sendsRetryAfter: false)
        try await withRouterClient(configuration) { client, state in
            let response3 = try await client.get("/v2/account")
            #expect(response3.status == .ok)
            let limited = try await client.get("/v2/account")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.header("retry-after") == nil)
            #expect(limited.errorMessage == "Too many requests: rate limit exceeded.")
            let segment = try await client.postForm("/v1/segment", .form(image: nil))
            #expect(segment.status == .tooManyRequests)
            #expect(segment.header("retry-after") == nil)
            #expect(await state.snapshot().rateLimitedResponses == 2)
        }
    }

    @Test func theImageScopeCountsImageCallsOnly() async throws {
        let png = try TestImages.productPNG(width: 40, height: 30)
        var configuration = testConfiguration(credits: 100)
        configuration.rateLimit = RateLimitRule(limit: 1, windowSeconds: 60, sendsRetryAfter: false, scope: .imageCalls)
        try await withRouterClient(configuration) { client, _ in
            for _ in 0..<3 {
                let response4 = try await client.get("/v2/account")
                #expect(response4.status == .ok)
            }
            let response5 = try await client.postForm("/v2/edit", .form(image: png))
            #expect(response5.status == .ok)
            let response6 = try await client.postForm("/v2/edit", .form(image: png))
            #expect(response6.status == .tooManyRequests)
            let response7 = try await client.postForm("/v1/segment", .form(image: png))
            #expect(response7.status == .tooManyRequests)
            let response8 = try await client.get("/v2/account")
            #expect(response8.status == .ok)
        }
    }

    @Test func aWindowThatIsNotPositiveIsRefusedAtStart() {
        var configuration = testConfiguration()
        configuration.rateLimit = RateLimitRule(limit: 5, windowSeconds: 0)
        #expect(throws: EmulatorStartError.self) { try Emulator.validate(configuration) }
    }

    @Test func thePerMinuteSetterKeepsTheOldMeaning() {
        var configuration = testConfiguration()
        configuration.rateLimitPerMinute = 60
        #expect(configuration.rateLimit == RateLimitRule(limit: 60, windowSeconds: 60, sendsRetryAfter: true))
        configuration.rateLimit = RateLimitRule(limit: 50, windowSeconds: 5)
        #expect(configuration.rateLimitPerMinute == 600)
    }
}
