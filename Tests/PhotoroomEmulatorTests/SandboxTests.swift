import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator

@Suite struct SandboxTests {
    @Test func sandboxCallsAreFreeAndWatermarked() async throws {
        let png = try TestImages.productPNG(width: 200, height: 160)
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let live = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("background.color", "FFFFFF")]))
            let sandbox = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("background.color", "FFFFFF")]), key: "sandbox_" + testKey)
            #expect(sandbox.status == .ok)
            #expect(sandbox.header("x-emulator-sandbox") == "watermarked")
            // Only the live call was charged.
            #expect(await state.snapshot().balance.available == 5)
            #expect(await state.snapshot().sandboxCallsToday == 1)

            // The watermark changes pixels: a band of SANDBOX text across the middle of a white background.
            let plain = try live.image()
            let marked = try sandbox.image()
            #expect(plain.width == marked.width && plain.height == marked.height)
            var differing = 0
            for i in stride(from: 0, to: plain.pixels.count, by: 4) where plain.pixels[i] != marked.pixels[i] {
                differing += 1
            }
            #expect(differing > plain.width * plain.height / 50)
        }
    }

    @Test func sandboxWorksAtZeroBalanceAndOnSegment() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 0)) { client, state in
            let edit = try await client.postForm("/v2/edit", .form(image: png), key: "sandbox_" + testKey)
            #expect(edit.status == .ok)
            let segment = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file"), key: "sandbox_" + testKey)
            #expect(segment.status == .ok)
            #expect(await state.snapshot().successfulSegments == 1)
            #expect(await state.snapshot().balance.available == 0)
        }
    }

    @Test func sandboxQuotaRunsOutWith429UntilMidnight() async throws {
        var configuration = testConfiguration(credits: 0)
        configuration.sandboxCallsPerDay = 2
        let png = try TestImages.productPNG(width: 40, height: 30)
        try await withRouterClient(configuration) { client, _ in
            for _ in 0..<2 {
                let ok = try await client.postForm("/v2/edit", .form(image: png), key: "sandbox_" + testKey)
                #expect(ok.status == .ok)
            }
            let refused = try await client.postForm("/v2/edit", .form(image: png), key: "sandbox_" + testKey)
            #expect(refused.status == .tooManyRequests)
            let retryAfter = try #require(refused.header("retry-after").flatMap(Int.init))
            #expect(retryAfter >= 1 && retryAfter <= 86_400)
            #expect(refused.errorMessage?.contains("Sandbox") == true)
        }
    }

    @Test func sandboxQuotaResetsNextDay() async throws {
        var configuration = testConfiguration(credits: 0)
        configuration.sandboxCallsPerDay = 1
        let clock = TestClock(start: Date(timeIntervalSince1970: 86_400 * 20_000 + 3_600))
        let state = EmulatorState(configuration: configuration, now: { clock.now })
        #expect(await state.admitSandboxCall() == nil)
        let wait = await state.admitSandboxCall()
        #expect(wait == EmulatorState.SandboxRefusal(monthly: false, retryAfter: 86_400 - 3_600))
        clock.advance(by: 86_400)
        #expect(await state.admitSandboxCall() == nil)
    }

    /// The documented 1,000 calls a month apply as well as the 100 a day: once the month's calls are spent, the
    /// next day's fresh daily quota does not help until the first of the next month (UTC).
    @Test func sandboxMonthlyQuotaHoldsAcrossDays() async throws {
        var configuration = testConfiguration(credits: 0)
        configuration.sandboxCallsPerDay = 2
        configuration.sandboxCallsPerMonth = 3
        // 2026-03-30 10:00 UTC.
        let start = Date(timeIntervalSince1970: 1_774_864_800)
        let clock = TestClock(start: start)
        let state = EmulatorState(configuration: configuration, now: { clock.now })
        #expect(await state.admitSandboxCall() == nil)
        #expect(await state.admitSandboxCall() == nil)
        #expect(await state.admitSandboxCall()?.monthly == false)
        clock.advance(by: 86_400)  // 2026-03-31: a new day, one call left this month.
        #expect(await state.admitSandboxCall() == nil)
        let refusal = try #require(await state.admitSandboxCall())
        #expect(refusal.monthly)
        #expect(refusal.retryAfter == 14 * 3_600)  // until 2026-04-01 00:00 UTC
        #expect(await state.snapshot().sandboxCallsThisMonth == 3)
        clock.advance(by: 14 * 3_600)
        #expect(await state.admitSandboxCall() == nil)
    }

    @Test func sandboxMonthlyQuotaIsA429ThatSaysMonth() async throws {
        var configuration = testConfiguration(credits: 0)
        configuration.sandboxCallsPerMonth = 1
        let png = try TestImages.productPNG(width: 40, height: 30)
        try await withRouterClient(configuration) { client, _ in
            #expect(try await client.postForm("/v2/edit", .form(image: png), key: "sandbox_" + testKey).status == .ok)
            let refused = try await client.postForm("/v2/edit", .form(image: png), key: "sandbox_" + testKey)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorMessage?.contains("at most 1 sandbox calls a month") == true)
        }
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
