import Foundation
import PhotoroomEmulator
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// The preflight's shortfall names the calls of each route by their endpoint and price, not "edits" for
/// `/v1/segment` calls.
@Suite struct ShortfallWordingTests {
    static func preflight(toDo: Int, segmentCalls: Int?, editCalls: Int?, cost: Decimal, balance: Decimal)
        -> RunPreflight
    {
        var preflight = RunPreflight(
            inputs: toDo, invalid: 0, alreadyDone: 0, blocked: 0, toDo: toDo, possiblyBilledBefore: 0, plan: .basic,
            sandbox: false, costPerEdit: 5, cost: cost, alternativePlan: .plus, alternativeCost: cost / 5,
            balance: balance)
        if let segmentCalls {
            preflight.route = "auto"
            preflight.segmentCalls = segmentCalls
            preflight.editCalls = editCalls
            preflight.costPerSegment = 1
        }
        return preflight
    }

    @Test func segmentCallsAreNamedAsSuch() throws {
        let shortfall = try #require(
            Self.preflight(toDo: 8, segmentCalls: 8, editCalls: 0, cost: 8, balance: 3).shortfall)
        #expect(shortfall.description == "needs 8 images (8 × /v1/segment at 1 on Basic); 3 available; short by 5")
        #expect(!shortfall.description.contains("edits"))
        #expect(shortfall.affordableEdits == 3)
        #expect(shortfall.options.contains("run a smaller batch: 3 of the 8 images fit"))
    }

    @Test func mixedRoutesNameBothEndpointsAndFitTheCheaperCallsFirst() throws {
        let shortfall = try #require(
            Self.preflight(toDo: 10, segmentCalls: 8, editCalls: 2, cost: 18, balance: 14).shortfall)
        #expect(
            shortfall.description
                == "needs 18 images (8 × /v1/segment at 1 + 2 × /v2/edit at 5 on Basic); 14 available; short by 4")
        #expect(shortfall.calls == 10)
        #expect(shortfall.affordableEdits == 9, "8 segment calls (8 images) and 1 edit (5 images) fit in 14")
    }

    @Test func withoutARouteTheWordingIsUnchanged() throws {
        let shortfall = try #require(
            Self.preflight(toDo: 50, segmentCalls: nil, editCalls: nil, cost: 250, balance: 120).shortfall)
        #expect(shortfall.description == "needs 250 images (50 edits × 5 on Basic); 120 available; short by 130")
        #expect(shortfall.affordableEdits == 24)
    }

    @Test func thePreflightLineNamesTheCallsOfTheRoute() {
        let routed = Self.preflight(toDo: 10, segmentCalls: 8, editCalls: 2, cost: 18, balance: 100)
        #expect(
            RunSummary.preflightLine(routed)
                == "preflight: 10 inputs, 10 to do: 18 images on Basic (8 × /v1/segment at 1 + 2 × /v2/edit at 5); "
                + "balance 100")
        let plain = Self.preflight(toDo: 2, segmentCalls: nil, editCalls: nil, cost: 10, balance: 100)
        #expect(
            RunSummary.preflightLine(plain)
                == "preflight: 2 inputs, 2 to do: 10 images on Basic (5 per edit); balance 100")
    }

    @Test func aRunOnAutoThatTheBalanceCannotCoverSaysSegment() async throws {
        try await withRunDirectories { input, output in
            for seed in 1...3 {
                try RunEmulatorSupport.png(seed: seed).write(to: input.appendingPathComponent("p\(seed).png"))
            }
            try await Emulator.withEmulator(RunEmulatorSupport.emulator(plan: .basic, credits: 1)) { running in
                let options = RouteEmulatorTests.options(input, output, route: .auto)
                let outcome = await RouteEmulatorTests.runner(options, running).run()
                #expect(outcome.exitCode == 3)
                #expect(outcome.message == "needs 3 images (3 × /v1/segment at 1 on Basic); 1 available; short by 2")
                #expect(RouteEmulatorTests.postCalls(await running.state()).isEmpty, "nothing sent")
            }
        }
    }
}
