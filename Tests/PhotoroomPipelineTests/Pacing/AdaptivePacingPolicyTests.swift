import Testing

@testable import PhotoroomPipeline

/// The policy's decisions, one situation per row.
@Suite struct AdaptivePacingPolicyTests {
    /// A policy that granted calls at `times` (all answered unless `pending`).
    static func policy(
        granted times: [Double],
        pending: Int = 0,
        settings: AdaptivePacingPolicy.Settings = .init(),
        learned: LearnedRateLimit? = nil
    ) -> AdaptivePacingPolicy {
        var policy = AdaptivePacingPolicy(settings: settings, learned: learned)
        for (index, time) in times.enumerated() {
            policy.grant(now: time)
            if index < times.count - pending { policy.accepted(now: time) }
        }
        return policy
    }

    @Test func beforeAnyRefusalNothingWaits() {
        var policy = AdaptivePacingPolicy()
        for step in 0..<500 {
            let now = Double(step) * 0.001
            #expect(policy.nextTurn(now: now) == .now)
            policy.grant(now: now)
        }
        #expect(policy.snapshot == PacingSnapshot(learnedRatePerSecond: nil, throttledCalls: 0))
    }

    struct RetryAfterRow: Sendable, CustomTestStringConvertible {
        var granted: Int
        var lastGrant: Double
        var refusedAt: Double
        var retryAfter: Double
        var limit: Int
        var window: Double
        var testDescription: String {
            "\(granted) calls by \(lastGrant) s, 429 at \(refusedAt) s, Retry-After \(retryAfter)"
        }
    }

    @Test(arguments: [
        // 50 calls in 0.6 s, the 51st refused with "5": a 5 s window (a common length within the bound).
        RetryAfterRow(granted: 51, lastGrant: 0.6, refusedAt: 0.61, retryAfter: 5, limit: 50, window: 5),
        // 60 calls in 10 s, then 429 "50": the minute.
        RetryAfterRow(granted: 61, lastGrant: 10, refusedAt: 10.01, retryAfter: 50, limit: 60, window: 60),
        // No common length fits (4.3 s): the bound itself, 0.6 + 4 s.
        RetryAfterRow(granted: 41, lastGrant: 0.6, refusedAt: 0.6, retryAfter: 4, limit: 40, window: 4.6),
    ])
    func theFirstRefusalWithRetryAfterTeachesLimitAndWindow(_ row: RetryAfterRow) {
        let times = (0..<row.granted).map { Double($0) * row.lastGrant / Double(row.granted - 1) }
        var policy = Self.policy(granted: times, pending: 1)
        let hold = policy.throttled(now: row.refusedAt, retryAfter: row.retryAfter)
        #expect(abs(hold - row.retryAfter) < 1e-9)
        #expect(policy.learned?.limit == row.limit)
        #expect(abs((policy.learned?.windowSeconds ?? 0) - row.window) < 1e-9)
        // Not before Retry-After, nor before the first call's slot frees in the copy of the window.
        let firstSlot = row.window + policy.margin(row.window)
        guard case .at(let start) = policy.nextTurn(now: row.refusedAt + 0.5) else {
            Issue.record("expected a wait")
            return
        }
        #expect(abs(start - max(row.refusedAt + row.retryAfter, firstSlot)) < 1e-9)
        #expect(policy.snapshot.throttledCalls == 1)
        #expect(policy.snapshot.learnedRatePerSecond == Double(row.limit) / row.window)
    }

    @Test func withoutRetryAfterProbesTryCommonWindowLengths() {
        // 50 calls in 0.49 s, the 51st refused: probes at 1 s, 2 s, then 5 s after the first call.
        var policy = Self.policy(granted: (0...50).map { Double($0) * 0.0098 }, pending: 1)
        let hold = policy.throttled(now: 0.5, retryAfter: nil)
        let margin1 = policy.margin(1)
        #expect(abs(hold - (1 + margin1 - 0.5)) < 1e-9)
        #expect(policy.nextTurn(now: 0.6) == .at(1 + margin1))
        // The probe goes out alone; the others wait for its answer.
        policy.grant(now: 1 + margin1)
        #expect(policy.nextTurn(now: 1.1) == .afterNextOutcome(orAt: 1 + margin1 + 120))
        policy.throttled(now: 1.1, retryAfter: nil)
        let margin2 = policy.margin(2)
        #expect(policy.nextTurn(now: 1.2) == .at(2 + margin2))
        policy.grant(now: 2 + margin2)
        policy.throttled(now: 2.1, retryAfter: nil)
        let margin5 = policy.margin(5)
        #expect(policy.nextTurn(now: 2.2) == .at(5 + margin5))
        policy.grant(now: 5 + margin5)
        #expect(policy.learned == nil)
        policy.accepted(now: 5.3)
        #expect(policy.learned == LearnedRateLimit(limit: 50, windowSeconds: 5))
        #expect(policy.snapshot.throttledCalls == 3)
        // From here on the copy of the window lets calls out as the first ones' slots free.
        #expect(policy.nextTurn(now: 5.3) == .now)
    }

    @Test func callsSentBeforeTheFirstRefusalAndRefusedLaterLowerTheLimit() {
        // 53 calls out, 50 fit: the 51st, 52nd and 53rd come back 429.
        var policy = Self.policy(granted: (0..<53).map { Double($0) * 0.001 }, pending: 3)
        policy.throttled(now: 0.06, retryAfter: 5)
        #expect(policy.learned?.limit == 52)
        policy.throttled(now: 0.061, retryAfter: 5)
        policy.throttled(now: 0.062, retryAfter: 5)
        #expect(policy.learned?.limit == 50)
        #expect(policy.snapshot.throttledCalls == 3)
    }

    @Test func theCopyOfTheWindowReleasesCallsAsSlotsFree() {
        let learned = LearnedRateLimit(limit: 3, windowSeconds: 10)
        var policy = Self.policy(granted: [0, 1, 2], learned: learned)
        let margin = policy.margin(10)
        #expect(policy.nextTurn(now: 2.5) == .at(10 + margin))
        policy.grant(now: 10 + margin)
        #expect(policy.nextTurn(now: 10 + margin) == .at(11 + margin))
        policy.grant(now: 11 + margin)
        policy.grant(now: 12 + margin)
        #expect(policy.nextTurn(now: 12 + margin) == .at(20 + 2 * margin))
    }

    @Test func anUnpredictedRefusalWidensTheWindowAndHoldsUntilTheNextSlot() {
        let learned = LearnedRateLimit(limit: 2, windowSeconds: 10)
        var policy = Self.policy(granted: [0, 4], pending: 1, learned: learned)
        let hold = policy.throttled(now: 4.01, retryAfter: nil)
        #expect(policy.learned == LearnedRateLimit(limit: 2, windowSeconds: 10.5))
        let margin = policy.margin(10.5)
        #expect(abs(hold - (10.5 + margin - 4.01)) < 1e-9)
        // With Retry-After, it is obeyed as it is.
        var obeying = Self.policy(granted: [0, 4], pending: 1, learned: learned)
        #expect(abs(obeying.throttled(now: 4.01, retryAfter: 7) - 7) < 1e-9)
    }

    @Test func aQuietStretchNarrowsTheWindowALittle() {
        let learned = LearnedRateLimit(limit: 2, windowSeconds: 10)
        var policy = AdaptivePacingPolicy(learned: learned)
        for call in 0..<19 {
            policy.grant(now: Double(call) * 5)
            policy.accepted(now: Double(call) * 5 + 0.1)
        }
        #expect(policy.learned?.windowSeconds == 10)
        policy.grant(now: 95)
        policy.accepted(now: 95.1)
        #expect(policy.learned?.windowSeconds == 9.8)
    }

    @Test(arguments: [30.0, 60.0, 120.0])
    func requestsPerMinuteIsAHardCap(requestsPerMinute: Double) {
        var policy = AdaptivePacingPolicy(
            settings: .init(requestsPerMinute: requestsPerMinute),
            learned: LearnedRateLimit(limit: 1000, windowSeconds: 1)
        )
        let spacing = 60 / requestsPerMinute
        policy.grant(now: 0)
        #expect(policy.nextTurn(now: 0) == .at(spacing))
        policy.grant(now: spacing)
        #expect(policy.nextTurn(now: spacing + spacing / 2) == .at(2 * spacing))
        // The snapshot shows the lower of the learned rate and the cap.
        #expect(policy.snapshot.learnedRatePerSecond == requestsPerMinute / 60)
    }

    @Test func aStoredLimitThatMakesNoSenseIsIgnored() {
        #expect(AdaptivePacingPolicy(learned: LearnedRateLimit(limit: 0, windowSeconds: 5)).learned == nil)
        #expect(AdaptivePacingPolicy(learned: LearnedRateLimit(limit: 5, windowSeconds: -1)).learned == nil)
        #expect(AdaptivePacingPolicy(learned: LearnedRateLimit(limit: 5, windowSeconds: .nan)).learned == nil)
        #expect(AdaptivePacingPolicy(settings: .init(requestsPerMinute: 0)).settings.requestsPerMinute == nil)
    }
}
