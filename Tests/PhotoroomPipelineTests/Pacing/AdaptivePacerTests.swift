import Foundation
import Testing

@testable import PhotoroomPipeline

/// The actor around the policy, on a clock the tests move by hand (no real sleeps).
@Suite struct AdaptivePacerTests {
    @Test func withoutALimitTurnsAreImmediate() async throws {
        let clock = ManualPacingClock()
        let pacer = AdaptivePacer(clock: clock)
        for _ in 0..<20 {
            try await pacer.waitForTurn()
            await pacer.accepted()
        }
        #expect(await pacer.snapshot() == PacingSnapshot(learnedRatePerSecond: nil, throttledCalls: 0))
    }

    @Test func retryAfterHoldsEveryWorkerUntilItEnds() async throws {
        let clock = ManualPacingClock()
        let pacer = AdaptivePacer(clock: clock)
        for _ in 0..<3 { try await pacer.waitForTurn() }
        await pacer.accepted()
        await pacer.accepted()
        let hold = await pacer.throttled(retryAfter: .seconds(2))
        #expect(hold == .seconds(2))
        // The window learned is 2 s (Retry-After 2 after calls at 0): the copy of the window adds its margin.
        let slot = 2 + AdaptivePacingPolicy().margin(2)
        let waiter = Task { try await pacer.waitForTurn() }
        #expect(await eventually { clock.deadlines == [slot] })
        clock.advance(to: 1.9)
        #expect(clock.deadlines == [slot])
        clock.advance(to: slot)
        try await waiter.value
        let snapshot = await pacer.snapshot()
        #expect(snapshot.throttledCalls == 1)
        #expect(snapshot.learnedRatePerSecond != nil)
    }

    @Test func aWaiterThatIsCancelledThrows() async throws {
        let clock = ManualPacingClock()
        let pacer = AdaptivePacer(clock: clock)
        try await pacer.waitForTurn()
        await pacer.throttled(retryAfter: .seconds(30))
        let waiter = Task { try await pacer.waitForTurn() }
        #expect(await eventually { clock.deadlines.count == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(clock.deadlines.isEmpty)
    }

    @Test func withoutRetryAfterOneProbeGoesAndTheOthersWaitForItsAnswer() async throws {
        let clock = ManualPacingClock()
        let pacer = AdaptivePacer(clock: clock)
        for _ in 0..<3 { try await pacer.waitForTurn() }
        await pacer.accepted()
        await pacer.accepted()
        clock.advance(to: 0.1)
        await pacer.throttled(retryAfter: nil)
        let probeTime = 1 + AdaptivePacingPolicy().margin(1)
        let first = Task { try await pacer.waitForTurn() }
        let second = Task { try await pacer.waitForTurn() }
        #expect(await eventually { clock.deadlines == [probeTime, probeTime] })
        clock.advance(to: probeTime)
        // One of them has the probe; the other waits for its answer (or the probe's time-out).
        #expect(await eventually { clock.deadlines == [probeTime + 120] })
        await pacer.accepted()
        try await first.value
        try await second.value
        #expect(await pacer.learned == LearnedRateLimit(limit: 2, windowSeconds: 1))
        #expect(
            await pacer.snapshot()
                == PacingSnapshot(
                    learnedRatePerSecond: 2, throttledCalls: 1, learnedLimit: .init(limit: 2, windowSeconds: 1))
        )
    }

    @Test func aLearnedLimitPacesFromTheStart() async throws {
        let clock = ManualPacingClock()
        let pacer = AdaptivePacer(learned: LearnedRateLimit(limit: 2, windowSeconds: 10), clock: clock)
        try await pacer.waitForTurn()
        try await pacer.waitForTurn()
        let third = Task { try await pacer.waitForTurn() }
        let slot = 10 + AdaptivePacingPolicy().margin(10)
        #expect(await eventually { clock.deadlines == [slot] })
        clock.advance(to: slot)
        try await third.value
        #expect(await pacer.snapshot().learnedRatePerSecond == 0.2)
    }
}
