import Foundation
import Logging
import PhotoroomAPI
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// The watch's balance guard reads the balance again once `balanceRefreshInterval` passed on its injected clock:
/// not a moment before (with a positive control that it does read once the time is up), whatever the wall clock.
@Suite struct WatchBalanceGuardClockTests {
    static let key = "pr_guard_clock_key_0123456789"

    @Test func theRefreshIntervalIsMeasuredOnTheInjectedClock() async throws {
        let configuration = EmulatorConfiguration(port: 0, credits: 100, apiKey: Self.key)
        try await Emulator.withEmulator(configuration) { running in
            let client = PhotoroomClient(configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!))
            let clock = ManualClock()
            let balanceGuard = WatchBalanceGuard(
                account: client, maxCredits: nil, balance: 100, refreshInterval: .seconds(180), refreshItems: 1000,
                logger: Logger(label: "test"), clock: clock)
            func accountReads() async -> Int { await running.state().callsPerEndpoint["GET /v2/account"] ?? 0 }
            func reserved() async -> Bool {
                if case .success = await balanceGuard.reserve(5) { return true }
                return false
            }

            #expect(await reserved())
            #expect(await accountReads() == 0)
            clock.advance(by: .seconds(179))
            #expect(await reserved())
            #expect(await accountReads() == 0, "179 s on the watch's clock: no refresh yet")
            clock.advance(by: .seconds(1))
            #expect(await reserved())
            #expect(await accountReads() == 1, "180 s: the balance is read again")
            #expect(await balanceGuard.balance == 100)
        }
    }
}
