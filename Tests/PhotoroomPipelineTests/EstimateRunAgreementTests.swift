import Foundation
import PhotoroomImaging
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// `estimate` and the preflight of `run` price through the same computation: on the same folder they agree on the
/// counts, the duplicates, the routed cost and the shortfall.
@Suite struct EstimateRunAgreementTests {
    /// A 24×24 PNG, different per `seed`.
    static func png(_ seed: UInt8, width: Int = 24, height: Int = 24) throws -> Data {
        Data(try ImageCodec.encodePNG(RGBAImage(width: width, height: height, fill: (seed, 200, 255 &- seed, 255))))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var edit: [String: String]
        var route: Route
        var maxCredits: Decimal
        /// What both must find: invalid files, sends, copies, `/v1/segment` calls, images, short by.
        var expected: (invalid: Int, toDo: Int, duplicates: Int, segments: Int, images: Decimal, short: Decimal)
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Local recipe on auto: a.png and b.png go to /v1/segment (1 image each on Basic), wide.png is too wide for
        // it and goes to /v2/edit (5), copy.png is a.png's duplicate, broken.png is invalid: 7 images, budget 3.
        Case(
            name: "route auto",
            edit: [
                "removeBackground": "true", "background.color": "FFFFFF", "padding": "0.1", "outputSize": "1000x1000",
                "export.format": "jpeg",
            ],
            route: .auto, maxCredits: 3,
            expected: (invalid: 1, toDo: 3, duplicates: 1, segments: 2, images: 7, short: 4)),
        // The fast upscaler takes at most 1,000,000 pixels: big.png is invalid for these settings and costs
        // nothing; auto falls back to /v2/edit for this recipe: a, b, wide at 5 each = 15, budget 10.
        Case(
            name: "invalid for settings",
            edit: ["upscale.mode": "ai.fast"],
            route: .auto, maxCredits: 10,
            expected: (invalid: 2, toDo: 3, duplicates: 1, segments: 0, images: 15, short: 5)),
    ]

    @Test(arguments: cases)
    func estimateAndDryRunAgree(_ testCase: Case) async throws {
        try await withRunDirectories { input, output in
            try Self.png(1).write(to: input.appendingPathComponent("a.png"))
            try Self.png(1).write(to: input.appendingPathComponent("copy.png"))
            try Self.png(2).write(to: input.appendingPathComponent("b.png"))
            try Self.png(3, width: 6001, height: 8).write(to: input.appendingPathComponent("wide.png"))
            try Data(try Self.png(4).prefix(40)).write(to: input.appendingPathComponent("broken.png"))
            if testCase.edit["upscale.mode"] != nil {
                try Self.png(5, width: 1001, height: 1000).write(to: input.appendingPathComponent("big.png"))
            }
            var configuration = PipelineConfiguration()
            configuration.plan = .fixed(.basic)
            configuration.edit = testCase.edit
            configuration.route = testCase.route
            configuration.maxCredits = testCase.maxCredits

            var request = Estimator.Request(
                roots: [input.path], configuration: configuration, planSource: "option", client: nil)
            let estimate = try await Estimator().estimate(request)
            // Prepared in parts of 2 files (a duplicate in another part than its original): the same figures.
            request.partSize = 2
            let inParts = try await Estimator().estimate(request)
            #expect(inParts.totals == estimate.totals)
            #expect(inParts.plan == estimate.plan)
            #expect(inParts.invalid == estimate.invalid)

            // The run scans INPUT_DIR itself (no inputs given).
            var options = RunOptions(
                configuration: configuration, inputDirectory: input, outputDirectory: output, inputs: [],
                sandbox: false, dryRun: true, toolVersion: "test", redact: { $0 })
            options.selection = InputSelection(roots: [input.path], input: configuration.input)
            let runner = BatchRunner(
                options: options, submitter: FakePhotoroom(balance: 0), account: nil,
                inspector: ImageValidatorInspector(configuration: configuration))
            let outcome = await runner.run()
            #expect(outcome.ending == .insufficientImages)
            let preflight = try #require(outcome.preflight)
            let shortfall = try #require(preflight.shortfall)

            let expected = testCase.expected
            #expect(preflight.inputs == estimate.totals.files)
            #expect(preflight.invalid == expected.invalid)
            #expect(estimate.totals.invalid == expected.invalid)
            #expect(preflight.toDo == expected.toDo)
            #expect(estimate.totals.billable == expected.toDo)
            #expect(preflight.reused == expected.duplicates)
            #expect(estimate.totals.duplicates == expected.duplicates)
            #expect((preflight.segmentCalls ?? 0) == expected.segments)
            #expect((estimate.plan?.segments ?? 0) == expected.segments)
            #expect(preflight.cost == expected.images)
            #expect(estimate.plan?.images == expected.images)
            #expect(shortfall.short == expected.short)
            #expect(estimate.verdict == .short)
            #expect(estimate.shortBy == expected.short)
            #expect(estimate.alternatives.first?.images == preflight.alternativeCost)
            if expected.segments > 0 {
                #expect(estimate.routes.last?.images == preflight.cost)
            }
        }
    }

    @Test func withOutDirTheEstimateCountsTheLedgerAsTheRunDoes() async throws {
        try await withRunDirectories { input, output in
            try Self.png(1).write(to: input.appendingPathComponent("a.png"))
            try Self.png(2).write(to: input.appendingPathComponent("b.png"))
            var configuration = PipelineConfiguration()
            configuration.plan = .fixed(.basic)
            func runner(dryRun: Bool) -> BatchRunner {
                var options = RunOptions(
                    configuration: configuration, inputDirectory: input, outputDirectory: output, inputs: [],
                    sandbox: false, dryRun: dryRun, toolVersion: "test", redact: { $0 })
                options.selection = InputSelection(roots: [input.path], input: configuration.input)
                return BatchRunner(
                    options: options, submitter: FakePhotoroom(balance: 100), account: nil,
                    inspector: ImageValidatorInspector(configuration: configuration))
            }
            #expect(await runner(dryRun: false).run().totals.succeeded == 2)
            // A new file, and a copy of a paid one under another name.
            try Self.png(3).write(to: input.appendingPathComponent("c.png"))
            try Self.png(1).write(to: input.appendingPathComponent("a-copy.png"))

            var request = Estimator.Request(
                roots: [input.path], configuration: configuration, planSource: "option", client: nil)
            request.outputDirectory = output
            let estimate = try await Estimator().estimate(request)
            let preflight = try #require(await runner(dryRun: true).run().preflight)
            #expect(preflight.toDo == 1)
            #expect(estimate.totals.billable == 1)
            #expect(preflight.alreadyDone == 2)
            #expect(estimate.notes.contains("2 files are done already in OUT_DIR: not sent"))
            #expect(preflight.reused == 1)
            #expect(estimate.notes.contains("1 files reuse a result paid for earlier: copied, not sent"))
            #expect(preflight.cost == 5)
            #expect(estimate.plan?.images == 5)

            // Without OUT_DIR every distinct content is new.
            request.outputDirectory = nil
            #expect(try await Estimator().estimate(request).totals.billable == 3)
        }
    }
}
