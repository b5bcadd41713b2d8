import Foundation
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// A deterministic generator for jitter tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RunPiecesTests {
    @Test func backoffIsExponentialCappedAndJittered() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(500), maxDelay: .seconds(4))
        #expect(policy.ceiling(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.ceiling(afterAttempt: 2) == .seconds(1))
        #expect(policy.ceiling(afterAttempt: 4) == .seconds(4))
        #expect(policy.ceiling(afterAttempt: 40) == .seconds(4))
        var generator = SplitMix(state: 7)
        var seen = Set<Duration>()
        for attempt in 1...8 {
            for _ in 0..<50 {
                let delay = policy.delay(afterAttempt: attempt, using: &generator)
                let ceiling = policy.ceiling(afterAttempt: attempt)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
                seen.insert(delay)
            }
        }
        #expect(seen.count > 100, "jitter spreads the delays")
    }

    @Test func ledgerNeverLetsReservationsCrossTheLimit() async {
        let ledger = CreditLedger(maxCredits: 12, balance: 100)
        #expect(ledger.limit == 12)
        #expect(await ledger.reserve(5))
        #expect(await ledger.reserve(5))
        #expect(await !ledger.reserve(5))
        await ledger.release(5)
        #expect(await ledger.reserve(5))
        await ledger.commit(5)
        await ledger.markPossiblySpent(5)
        #expect(await ledger.spent == 5)
        #expect(await ledger.possiblySpent == 5)
        #expect(await ledger.remaining == 2)
        #expect(await !ledger.reserve(5))
        let unlimited = CreditLedger(maxCredits: nil, balance: nil)
        #expect(await unlimited.reserve(1_000_000))
        #expect(CreditLedger(maxCredits: nil, balance: 7).limit == 7)
        #expect(CreditLedger(maxCredits: 9, balance: 7).limit == 7)
    }

    @Test(arguments: [
        (RunOutcome.Ending.completed, 0, 0, Int32(0)),
        (.completed, 1, 0, 1),
        (.completed, 0, 2, 1),
        (.dryRun, 0, 0, 0),
        (.dryRun, 0, 1, 1),
        (.insufficientImages, 0, 0, 3),
        (.authenticationFailed, 0, 0, 4),
        (.outOfImages, 1, 0, 5),
        (.interrupted, 0, 0, 130),
        (.maxErrorsReached, 3, 0, 1),
        (.budgetReached, 0, 0, 1),
    ])
    func exitCodes(ending: RunOutcome.Ending, failed: Int, invalid: Int, expected: Int32) {
        var totals = RunManifest.Totals()
        totals.failed = failed
        totals.invalid = invalid
        #expect(RunOutcome(ending: ending, totals: totals).exitCode == expected)
    }

    @Test func setupFailuresMapToUsageOrFailure() {
        #expect(RunOutcome(ending: .setupFailed, errorCode: RunError.Code.usage.description).exitCode == 64)
        #expect(RunOutcome(ending: .setupFailed, errorCode: RunError.Code.outputInsideInput.description).exitCode == 64)
        #expect(RunOutcome(ending: .setupFailed, errorCode: RunError.Code.io.description).exitCode == 1)
    }

    @Test func shortfallExplainsTheNumbersAndTheOptions() throws {
        let preflight = RunPreflight(
            inputs: 52,
            invalid: 2,
            alreadyDone: 0,
            blocked: 0,
            toDo: 50,
            possiblyBilledBefore: 0,
            plan: .basic,
            sandbox: false,
            costPerEdit: 5,
            cost: 250,
            alternativePlan: .plus,
            alternativeCost: 50,
            balance: 120
        )
        let shortfall = try #require(preflight.shortfall)
        #expect(shortfall.description == "needs 250 images (50 edits × 5 on Basic); 120 available; short by 130")
        #expect(shortfall.affordableEdits == 24)
        #expect(shortfall.options.contains { $0.contains("top up at least 130") })
        #expect(shortfall.options.contains { $0.contains("24 of the 50") })
        #expect(shortfall.options.contains { $0.contains("on Plus the same work costs 50 images") })

        var budgeted = preflight
        budgeted.balance = 1000
        budgeted.maxCredits = 100
        let budget = try #require(budgeted.shortfall)
        #expect(budget.limit == .budget)
        #expect(budget.options.first == "raise the budget: --max-credits 250")
        budgeted.maxCredits = 250
        #expect(budgeted.shortfall == nil)
    }

    @Test func runControlEscalatesAndNotifiesWaiters() async {
        let control = RunControl()
        #expect(await control.level == .none)
        async let waited: Void = control.wait(until: .immediate)
        #expect(await control.requestStop() == .graceful)
        #expect(await control.requestStop() == .immediate)
        await waited
        #expect(await control.level == .immediate)
        await control.requestGracefulStop()
        #expect(await control.level == .immediate, "a stop never de-escalates")
    }

    @Test func optionsRejectNonsense() throws {
        let url = URL(fileURLWithPath: "/tmp")
        #expect(throws: RunError.self) {
            try RunOptions(inputDirectory: url, outputDirectory: url, inputs: [], concurrency: 0).validate()
        }
        #expect(throws: RunError.self) {
            try RunOptions(inputDirectory: url, outputDirectory: url, inputs: [], maxErrors: 0).validate()
        }
        #expect(throws: RunError.self) {
            try RunOptions(inputDirectory: url, outputDirectory: url, inputs: [], maxCredits: -1).validate()
        }
        try RunOptions(inputDirectory: url, outputDirectory: url, inputs: []).validate()
    }
}
