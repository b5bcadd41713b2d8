import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// HEIC inputs and routes: only `/v1/segment` takes HEIC, so a HEIC file is sent there under `--route segment`,
/// and under `--route auto` when the recipe is finished locally; otherwise it is invalid for `/v2/edit` and costs
/// nothing. Runs against the built-in emulator with the committed sample (`Tests/Fixtures/heic/mug-orange.heic`,
/// 480×360).
@Suite struct HEICRouteTests {
    typealias Support = RunEmulatorSupport

    static let heicFixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/heic/mug-orange.heic")

    static let localRecipe = RouteEmulatorTests.sampleRecipe
    static let remoteRecipe = ["removeBackground": "true", "shadow.mode": "ai.soft"]

    static func decide(_ route: Route, _ recipe: [String: String], format: String = "heic", side: Int = 480)
        -> RunRouting.Decision
    {
        RunRouting(route: route, parameters: recipe).decide(format: format, bytes: 1562, width: side, height: side)
    }

    // MARK: Routing

    @Test func autoSendsHEICToSegmentWhenTheRecipeIsLocal() {
        #expect(Self.decide(.auto, Self.localRecipe) == .route(.segment, note: nil))
        #expect(Self.decide(.segment, Self.localRecipe) == .route(.segment, note: nil))
    }

    @Test func editRefusesHEICAndSaysWhichRouteTakesIt() {
        #expect(
            Self.decide(.edit, Self.localRecipe)
                == .invalid(
                    "HEIC/HEIF is not accepted by /v2/edit; /v1/segment accepts it: use --route segment or auto"))
        #expect(Self.decide(.edit, Self.localRecipe, format: "jpeg") == .route(.edit, note: nil))
    }

    @Test func autoWithARecipeOnlyEditRendersLeavesHEICInvalid() {
        #expect(
            Self.decide(.auto, Self.remoteRecipe)
                == .invalid(
                    "HEIC/HEIF is not accepted by /v2/edit; /v1/segment accepts it, but edit.shadow.mode needs /v2/edit "
                        + "(it cannot be finished locally)"))
        #expect(Self.decide(.auto, Self.remoteRecipe, format: "png") == .route(.edit, note: nil))
    }

    @Test func aHEICTooWideForSegmentHasNoRouteLeft() {
        let wide = Self.decide(.auto, Self.localRecipe, side: 8000)
        #expect(
            wide
                == .invalid(
                    "8000 × 8000 px is over /v1/segment's 6000 px limit on the widest side, and /v2/edit does not "
                        + "accept HEIC/HEIF"))
        // A JPEG that wide still has /v2/edit.
        #expect(Self.decide(.auto, Self.localRecipe, format: "jpeg", side: 8000).isEditWithNote)
    }

    @Test func aFileOverEditsSizeLimitGoesToSegmentOrIsInvalidForEdit() {
        let routing = { (route: Route) in RunRouting(route: route, parameters: Self.localRecipe) }
        let big: Int64 = 40_000_000
        #expect(
            routing(.auto).decide(format: "jpeg", bytes: big, width: 4000, height: 3000) == .route(.segment, note: nil))
        #expect(
            routing(.edit).decide(format: "jpeg", bytes: big, width: 4000, height: 3000)
                == .invalid(
                    "40000000 bytes is over /v2/edit's 30 MB limit; /v1/segment accepts it: use --route segment or auto"
                ))
        #expect(
            routing(.auto).decide(format: "jpeg", bytes: big, width: 8000, height: 3000)
                == .invalid(
                    "8000 × 3000 px is over /v1/segment's 6000 px limit on the widest side, and 40000000 bytes is over "
                        + "/v2/edit's 30 MB limit"))
        // Validation lets files up to /v1/segment's 50 MB through when the run may use it; a limit set is kept.
        #expect(RunRouting.validationLimits(.default, route: .auto).maxFileBytes == 50_000_000)
        #expect(RunRouting.validationLimits(.default, route: .segment).maxFileBytes == 50_000_000)
        #expect(RunRouting.validationLimits(.default, route: .edit).maxFileBytes == 30_000_000)
        #expect(RunRouting.validationLimits(ValidationLimits(maxFileBytes: 1000), route: .auto).maxFileBytes == 1000)
    }

    @Test func theInspectorLeavesHEICToTheRoute() {
        let verdict = ImageValidator().validate(fileAt: Self.heicFixture)
        let inspection = ImageValidatorInspector.inspection(from: verdict)
        #expect(inspection.isValid)
        #expect(inspection.format == "heic")
        #expect(inspection.contentType == "image/heic")
        #expect((inspection.width, inspection.height) == (480, 360))
        let gif = ImageValidatorInspector.inspection(
            from: ImageValidator().validate(Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x3B]))
        #expect(gif.problems.map(\.code) == ["unsupported-format"])
    }

    // MARK: Runs against the emulator

    /// `in/` with the HEIC sample and a PNG product shot.
    static func makeInputs(_ input: URL) throws {
        try FileManager.default.copyItem(at: heicFixture, to: input.appendingPathComponent("mug-orange.heic"))
        var shot = RGBAImage(width: 300, height: 200, fill: (255, 255, 255, 255))
        for y in 50..<150 {
            for x in 100..<200 {
                let o = (y * 300 + x) * 4
                shot.pixels[o] = 30
                shot.pixels[o + 1] = 90
                shot.pixels[o + 2] = 200
            }
        }
        try Data(try ImageCodec.encodePNG(shot)).write(to: input.appendingPathComponent("bottle.png"))
    }

    @Test func autoRunFinishesAHEICThroughSegmentOnly() async throws {
        try await withRunDirectories { input, output in
            try Self.makeInputs(input)
            try await Emulator.withEmulator(Support.emulator(plan: .basic, credits: 100)) { running in
                let options = RouteEmulatorTests.options(input, output, route: .auto)
                let outcome = await RouteEmulatorTests.runner(options, running).run()
                #expect(outcome.exitCode == 0, "\(outcome.message ?? "")")
                let state = await running.state()
                #expect(RouteEmulatorTests.postCalls(state) == ["POST /v1/segment": 2])
                #expect(state.chargedTotal == 2, "1 image each on Basic")
                #expect(outcome.preflight?.segmentCalls == 2)
                #expect(outcome.preflight?.editOnlyCost == 5, "the HEIC has no /v2/edit price")
                #expect(outcome.preflight?.routeSummary == Self.autoComparison)
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.segmentItems == 2)
                #expect(manifest.totals.imagesSavedByRoute == 4, "saved on the PNG only: the HEIC had no other way")
                let heic = try #require(manifest.items.first { $0.inputPath == "mug-orange.heic" })
                #expect(heic.status == .succeeded)
                #expect(heic.route == "segment")
                #expect(heic.format == "heic")
                #expect(heic.note?.contains("no HEVC decoder") == true)
                #expect(heic.outputPath == "mug-orange.jpg")
                let bytes = [UInt8](try Data(contentsOf: output.appendingPathComponent("mug-orange.jpg")))
                #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]))
                let image = try ImageCodec.decode(bytes)
                #expect((image.width, image.height) == (1000, 1000))
                RouteEmulatorTests.expectSubjectInsidePadding(image, padding: 100, name: "mug-orange.heic")
            }
        }
    }

    @Test func editRunLeavesTheHEICInvalidAndSendsTheRest() async throws {
        try await withRunDirectories { input, output in
            try Self.makeInputs(input)
            try await Emulator.withEmulator(Support.emulator(plan: .basic, credits: 100)) { running in
                let options = RouteEmulatorTests.options(input, output, route: .edit)
                let outcome = await RouteEmulatorTests.runner(options, running).run()
                #expect(outcome.exitCode == 1, "an invalid input")
                #expect(RouteEmulatorTests.postCalls(await running.state()) == ["POST /v2/edit": 1])
                #expect(outcome.preflight?.invalid == 1)
                #expect(outcome.preflight?.cost == 5)
                let heic = try #require(try readRunManifest(output).items.first { $0.inputPath == "mug-orange.heic" })
                #expect(heic.status == .invalid)
                #expect(heic.errorCode == "invalid-for-route")
                #expect(heic.errorMessage?.hasPrefix("--route edit: HEIC/HEIF is not accepted by /v2/edit") == true)
                #expect(heic.imagesCharged == 0)
            }
        }
    }

    // MARK: Estimate

    /// `--route auto` on the HEIC and the PNG, compared with `/v2/edit` alone on the PNG only.
    static let autoComparison =
        "route auto: 2 × /v1/segment = 2 images on Basic; for the 1 file /v2/edit also takes, 1 instead of 5, "
        + "4 saved; 1 file only /v1/segment takes (HEIC, or too large for /v2/edit)"

    @Test func estimateCountsHEICOnTheRouteThatTakesIt() async throws {
        try await withRunDirectories { input, _ in
            try Self.makeInputs(input)
            var configuration = PipelineConfiguration()
            configuration.plan = .fixed(.basic)
            configuration.edit = Self.localRecipe
            func estimate(_ route: Route) async throws -> EstimateReport {
                configuration.route = route
                return try await Estimator().estimate(
                    .init(roots: [input.path], configuration: configuration, planSource: "option", client: nil))
            }

            let auto = try await estimate(.auto)
            #expect(auto.formats == ["heic": 1, "png": 1])
            #expect(auto.plan?.segments == 2)
            #expect(auto.plan?.edits == 0)
            #expect(auto.plan?.images == 2)
            // /v2/edit alone could send only the PNG.
            #expect(auto.routes.map(\.route) == [.edit, .auto])
            #expect(auto.routes.map { [$0.editCalls, $0.segmentCalls] } == [[1, 0], [0, 2]])
            // The comparison with /v2/edit alone prices only the PNG: the HEIC could not go through /v2/edit at all.
            #expect(auto.plan?.editOnlyImages == 5)
            #expect(auto.routes.last?.editOnlyImages == 5)
            #expect(auto.routes.last?.saved == 4)
            #expect(auto.routes.last?.summary == Self.autoComparison)
            #expect(auto.text.contains("  \(Self.autoComparison)  <- this run"), "\(auto.text)")

            let edit = try await estimate(.edit)
            #expect(edit.totals.billable == 1)
            #expect(edit.plan?.images == 5)
            #expect(
                edit.notes.contains {
                    $0.hasPrefix("1 file is not accepted on --route edit, not sent: mug-orange.heic")
                })
            #expect(edit.routes.map { [$0.editCalls, $0.segmentCalls] } == [[1, 0], [0, 2]], "auto would take both")
            #expect(edit.routes.last?.summary == Self.autoComparison)

            configuration.edit = Self.remoteRecipe
            let remote = try await estimate(.auto)
            #expect(remote.totals.billable == 1)
            #expect(remote.plan?.segments == nil)
            #expect(remote.notes.contains { $0.contains("edit.shadow.mode needs /v2/edit") })
        }
    }
}

extension RunRouting.Decision {
    /// `/v2/edit` with a note saying why (a file `/v1/segment` does not take under `auto`).
    var isEditWithNote: Bool {
        if case .route(.edit, let note?) = self { return note.hasPrefix("sent to /v2/edit: ") }
        return false
    }
}
