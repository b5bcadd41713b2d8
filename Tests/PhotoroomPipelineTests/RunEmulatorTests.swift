import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// The runner with the real client and validator against the built-in emulator.
@Suite struct RunEmulatorTests {
    typealias Support = RunEmulatorSupport

    @Test(arguments: [Plan.basic, Plan.plus])
    func everyInputIsAccountedForAndBillingMatchesTheEstimate(plan: Plan) async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 8, invalid: 2)
            try await Emulator.withEmulator(Support.emulator(plan: plan, credits: 100)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                let state = await running.state()
                let manifest = try readRunManifest(output)
                let cost: Decimal = plan == .basic ? 5 : 1

                #expect(outcome.exitCode == 1, "two inputs are invalid")
                #expect(outcome.preflight?.cost == 8 * cost)
                #expect(manifest.totals.succeeded == 8)
                #expect(manifest.totals.invalid == 2)
                #expect(manifest.totals.succeeded + manifest.totals.invalid == manifest.items.count)
                #expect(manifest.items.count == 10)
                #expect(state.chargedTotal == 8 * cost)
                #expect(state.successfulEdits == 8)
                #expect(manifest.totals.imagesCharged == state.chargedTotal)
                #expect(manifest.totals.balanceBefore == 100)
                #expect(manifest.totals.balanceAfter == 100 - 8 * cost)
                for item in manifest.items {
                    switch item.status {
                    case .succeeded:
                        let path = output.appendingPathComponent(try #require(item.outputPath)).path
                        #expect(FileManager.default.fileExists(atPath: path))
                        #expect(item.width == 24 && item.format == "png")
                    case .invalid:
                        #expect(item.errorMessage?.isEmpty == false)
                        #expect(item.inputPath.hasPrefix("broken/"))
                    default:
                        Issue.record("unexpected row \(item.inputPath) \(item.status)")
                    }
                }
                // a/cat.png-style names in different folders do not collide.
                #expect(Set(manifest.items.compactMap(\.outputPath)).count == 8)
            }
        }
    }

    @Test func serverErrorsAnd429BurstsAreAbsorbedWithoutExtraBilling() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 12)
            let faults = FaultConfiguration(
                serverErrorEvery: 3,
                rateLimitBurstEvery: 5,
                rateLimitBurstLength: 2,
                rateLimitBurstRetryAfterSeconds: 0
            )
            try await Emulator.withEmulator(Support.emulator(credits: 1000, faults: faults)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                let state = await running.state()
                #expect(outcome.exitCode == 0)
                #expect(outcome.totals.succeeded == 12)
                #expect(state.serverErrorResponses > 0)
                #expect(state.rateLimitedResponses > 0)
                #expect(state.chargedTotal == 60, "12 edits × 5 on Basic, failed calls free")
                #expect(outcome.totals.imagesCharged == 60)
            }
        }
    }

    @Test func tooLowBalanceExits3WithoutAnyEditCall() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 10)
            try await Emulator.withEmulator(Support.emulator(credits: 49)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                let state = await running.state()
                #expect(outcome.exitCode == 3)
                #expect(outcome.message == "needs 50 images (10 edits × 5 on Basic); 49 available; short by 1")
                #expect((state.callsPerEndpoint["/v2/edit"] ?? 0) == 0)
                #expect(state.chargedTotal == 0)
            }
        }
    }

    @Test func outOfImagesMidRunThenTopUpCompletesWithoutRebilling() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 12)
            let faults = FaultConfiguration(latencyMs: 20)
            try await Emulator.withEmulator(Support.emulator(credits: 60, faults: faults)) { running in
                // Someone else spends from the same account while the run goes: the balance drops to 15.
                let spender = Task {
                    _ = await watchEventually(pollingEvery: .milliseconds(5)) {
                        await running.state().successfulEdits >= 3
                    }
                    await running.setCredits(15)
                }
                let first = await Support.run(testRunOptions(input: input, output: output, concurrency: 2), running)
                await spender.value
                let afterFirst = await running.state()
                #expect(first.exitCode == 5)
                #expect(first.totals.succeeded >= 3 && first.totals.succeeded < 12)
                #expect(afterFirst.paymentRequiredResponses >= 1)
                #expect(first.totals.imagesCharged == Decimal(afterFirst.successfulEdits * 5))
                let doneFirst = first.totals.succeeded

                await running.addCredits(1000)
                let second = await Support.run(testRunOptions(input: input, output: output, concurrency: 2), running)
                let afterSecond = await running.state()
                #expect(second.exitCode == 0)
                #expect(second.totals.skipped == doneFirst)
                #expect(second.totals.succeeded == 12 - doneFirst)
                #expect(afterSecond.successfulEdits == 12, "no finished item was billed again")
                #expect(second.totals.imagesChargedAllRuns == 60)
            }
        }
    }

    @Test func theEmulatorNeverSeesMoreThanTheConcurrency() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 12)
            try await Emulator.withEmulator(Support.emulator(faults: FaultConfiguration(latencyMs: 40))) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output, concurrency: 3), running)
                let state = await running.state()
                #expect(outcome.exitCode == 0)
                #expect(state.peakConcurrentRequests <= 3)
                #expect(state.peakConcurrentRequests >= 2)
            }
        }
    }

    @Test func theKeyAppearsNowhere() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 4, invalid: 1)
            let out = RunTextSink()
            let err = RunTextSink()
            let reporter = RunReporters.make(
                style: .lines,
                json: true,
                isTerminal: false,
                standardOutput: out.writer,
                standardError: err.writer
            )
            try await Emulator.withEmulator(Support.emulator(faults: FaultConfiguration(serverErrorEvery: 2))) {
                running in
                let outcome = await Support.run(
                    testRunOptions(input: input, output: output),
                    running,
                    reporter: reporter
                )
                #expect(outcome.totals.succeeded == 4)
            }
            #expect(!out.text.isEmpty && !err.text.isEmpty)
            #expect(!out.text.contains(Support.key))
            #expect(!err.text.contains(Support.key))
            let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                #expect(data.range(of: Data(Support.key.utf8)) == nil, "\(url.lastPathComponent) holds the key")
            }
        }
    }

    @Test func unknownOutcomesAreMarkedAndAccountedFor() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 6)
            try await Emulator.withEmulator(Support.emulator(faults: FaultConfiguration(dropAfterBillingEvery: 4))) {
                running in
                let outcome = await Support.run(testRunOptions(input: input, output: output, concurrency: 1), running)
                let state = await running.state()
                let manifest = try readRunManifest(output)
                #expect(outcome.totals.succeeded == 6)
                #expect(manifest.totals.possiblyBilledTwice >= 1)
                // Every charge beyond the manifest's is explained by an attempt of unknown outcome.
                let unknown = manifest.items.reduce(0) { $0 + $1.unknownOutcomes }
                #expect(state.chargedTotal == manifest.totals.imagesCharged + Decimal(unknown * 5))
            }
        }
    }
}
