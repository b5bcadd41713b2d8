import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPricing
import Synchronization
import Testing

@testable import PhotoroomPipeline

/// `--route segment|auto` on the engine, against the built-in emulator: `/v1/segment` calls, the paid cutout
/// stored before it is finished, local finishing, per-route prices and ledger keys.
@Suite struct RouteEmulatorTests {
    typealias Support = RunEmulatorSupport

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's sample recipe: the committed pipeline.json.
    static func sampleConfiguration() throws -> PipelineConfiguration {
        try PipelineConfiguration.load(from: repository.appendingPathComponent("pipeline.json").path)
    }

    static let sampleRecipe: [String: String] = [
        "removeBackground": "true", "background.color": "FFFFFF", "padding": "0.1", "outputSize": "1000x1000",
        "export.format": "jpeg",
    ]

    static func runner(
        _ options: RunOptions,
        _ running: RunningEmulator,
        inspector: any InputInspecting = ImageValidatorInspector(),
        saver: (any ResultSaving)? = nil,
        segmenter: (any SegmentSubmitting)? = nil
    ) -> BatchRunner {
        var runner = BatchRunner(options: options, client: Support.client(running), inspector: inspector)
        if let saver { runner.resultSaver = saver }
        if let segmenter { runner.segmenter = segmenter }
        return runner
    }

    static func options(_ input: URL, _ output: URL, route: Route, edit: [String: String] = sampleRecipe) -> RunOptions
    {
        var options = testRunOptions(input: input, output: output, edit: edit)
        options.route = route
        return options
    }

    static func postCalls(_ state: EmulatorSnapshot) -> [String: Int] {
        state.callsPerEndpoint.filter { $0.key.hasPrefix("POST") }
    }

    @Test func sampleRecipeOnAutoSendsOnlySegmentCallsAndRendersLocally() async throws {
        try await withRunDirectories { _, output in
            let configuration = try Self.sampleConfiguration()
            #expect(configuration.edit == Self.sampleRecipe, "the README's recipe is the committed pipeline.json")
            let samples = Self.repository.appendingPathComponent("Samples")
            let scan = try InputScanner(input: configuration.input).scan([samples.path])
            var options = RunOptions(
                configuration: configuration, inputDirectory: samples, outputDirectory: output, inputs: scan.files,
                sandbox: false, toolVersion: "test", redact: { $0 })
            options.route = .auto
            let runOptions = options
            try await Emulator.withEmulator(Support.emulator(plan: .basic, credits: 1000)) { running in
                let runner = Self.runner(
                    runOptions, running, inspector: ImageValidatorInspector(configuration: configuration))
                let outcome = await runner.run()
                let state = await running.state()
                let manifest = try readRunManifest(output)
                let made = manifest.items.filter { $0.status == .succeeded }
                #expect(made.count >= 6, "the valid samples and those with warnings")
                #expect(Self.postCalls(state) == ["POST /v1/segment": made.count], "only /v1/segment calls")
                #expect(state.successfulEdits == 0)
                #expect(state.chargedTotal == Decimal(made.count), "1 image each on Basic")
                #expect(outcome.preflight?.cost == Decimal(made.count))
                #expect(outcome.preflight?.routeSummary?.hasPrefix("route auto: \(made.count) × /v1/segment") == true)
                #expect(manifest.totals.segmentItems == made.count)
                #expect(manifest.totals.imagesSavedByRoute == Decimal(made.count * 4))
                for item in made {
                    #expect(item.route == "segment")
                    #expect(item.imagesCharged == 1)
                    let path = try #require(item.outputPath)
                    #expect(path.hasSuffix(".jpg"))
                    let bytes = [UInt8](try Data(contentsOf: output.appendingPathComponent(path)))
                    #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]), "a JPEG")
                    let image = try ImageCodec.decode(bytes)
                    #expect(image.width == 1000 && image.height == 1000)
                    Self.expectSubjectInsidePadding(image, padding: 100, name: item.inputPath)
                }
                // The paid cutouts are kept and journaled.
                let cutouts = try FileManager.default.contentsOfDirectory(
                    atPath: output.appendingPathComponent(CutoutStore.folder).path)
                #expect(cutouts.count == Set(made.compactMap(\.sha256)).count)
                let index = try ResumeIndex.replay(journalAt: ManifestFiles(outputDirectory: output).journal)
                #expect(index.cutouts.count == cutouts.count)

                // A re-run sends nothing.
                let again = await runner.run()
                #expect(again.exitCode == outcome.exitCode)
                #expect(Self.postCalls(await running.state()) == ["POST /v1/segment": made.count])
                #expect(again.totals.skipped == made.count)
                #expect(again.totals.imagesCharged == 0)
            }
        }
    }

    /// White corners, and every pixel that is not white inside the padding (a pixel of slack for the filter).
    static func expectSubjectInsidePadding(_ image: RGBAImage, padding: Int, name: String) {
        var minX = image.width
        var minY = image.height
        var maxX = -1
        var maxY = -1
        for y in 0..<image.height {
            for x in 0..<image.width {
                let o = (y * image.width + x) * 4
                let p = image.pixels
                if min(p[o], p[o + 1], p[o + 2]) < 240 {
                    minX = min(minX, x)
                    maxX = max(maxX, x)
                    minY = min(minY, y)
                    maxY = max(maxY, y)
                }
            }
        }
        #expect(image.pixels[0] >= 250 && image.pixels[1] >= 250 && image.pixels[2] >= 250, "white at \(name)")
        #expect(maxX >= 0, "a subject in \(name)")
        let low = padding - 2
        let high = image.width - padding + 1
        #expect(minX >= low && minY >= low && maxX <= high && maxY <= high, "\(name): \(minX),\(minY)-\(maxX),\(maxY)")
    }

    @Test func aFailedSaveOfTheFinishedResultIsRedoneFromTheStoredCutoutWithoutACall() async throws {
        try await withRunDirectories { input, output in
            try Support.png(seed: 3).write(to: input.appendingPathComponent("a.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                let options = Self.options(input, output, route: .segment)
                let first = await Self.runner(options, running, saver: OutputRefusingSaver()).run()
                let row = try #require(try readRunManifest(output).items.first)
                #expect(row.status == .failed)
                #expect(row.errorCode == "result-not-saved")
                #expect(row.imagesCharged == 1)
                #expect(first.totals.imagesCharged == 1)
                #expect(Self.postCalls(await running.state()) == ["POST /v1/segment": 1])

                let second = await Self.runner(options, running).run()
                #expect(second.exitCode == 0)
                let redone = try #require(try readRunManifest(output).items.first)
                #expect(redone.status == .succeeded, "\(redone.errorCode ?? "") \(redone.errorMessage ?? "")")
                #expect(redone.imagesCharged == 0)
                #expect(redone.note?.contains("cutout paid in an earlier run") == true)
                #expect(second.preflight?.cost == 0, "nothing to pay")
                #expect(Self.postCalls(await running.state()) == ["POST /v1/segment": 1], "no second paid call")
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("a.jpg").path))
            }
        }
    }

    @Test func anUndecodableCutoutFailsTheItemButIsNeverPaidTwice() async throws {
        try await withRunDirectories { input, output in
            try Support.png(seed: 4).write(to: input.appendingPathComponent("a.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                let segmenter = GarbageSegmenter()
                let options = Self.options(input, output, route: .auto)
                _ = await Self.runner(options, running, segmenter: segmenter).run()
                let row = try #require(try readRunManifest(output).items.first)
                #expect(row.status == .failed)
                // The cutout is checked before it is stored (issue 9, rule 6): billed, kept aside, not finished.
                #expect(row.errorCode == "result-invalid")
                #expect(row.imagesCharged == 1)
                #expect(row.errorMessage?.contains("not sent again") == true)
                #expect(segmenter.calls == 1)

                let second = await Self.runner(options, running, segmenter: segmenter).run()
                #expect(segmenter.calls == 1, "a billed cutout that did not count is not sent again")
                #expect(second.totals.imagesCharged == 0)
                #expect(try readRunManifest(output).items.first?.errorCode == "result-invalid")
            }
        }
    }

    @Test func theRouteIsPartOfTheLedgerKey() async throws {
        try await withRunDirectories { input, output in
            for seed in 0..<3 { try Support.png(seed: seed).write(to: input.appendingPathComponent("i\(seed).png")) }
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let edit = await Self.runner(Self.options(input, output, route: .edit), running).run()
                #expect(edit.exitCode == 0)
                #expect(Self.postCalls(await running.state()) == ["POST /v2/edit": 3])
                let editHashes = Set(try readRunManifest(output).items.map(\.settingsHash))

                let auto = await Self.runner(Self.options(input, output, route: .auto), running).run()
                #expect(auto.exitCode == 0)
                #expect(auto.totals.succeeded == 3, "an edit result does not satisfy a segment-route run")
                #expect(Self.postCalls(await running.state()) == ["POST /v2/edit": 3, "POST /v1/segment": 3])
                let segmentHashes = Set(try readRunManifest(output).items.map(\.settingsHash))
                #expect(editHashes.isDisjoint(with: segmentHashes))

                // A new local recipe reuses the stored cutouts: finished again, nothing paid.
                var recipe = Self.sampleRecipe
                recipe["padding"] = "0.2"
                let repadded = await Self.runner(Self.options(input, output, route: .auto, edit: recipe), running).run()
                #expect(repadded.exitCode == 0)
                #expect(repadded.totals.imagesCharged == 0)
                #expect(Self.postCalls(await running.state()) == ["POST /v2/edit": 3, "POST /v1/segment": 3])
            }
        }
    }

    @Test func inputsSegmentDoesNotTakeGoToEditUnderAutoAndAreInvalidUnderSegment() async throws {
        try await withRunDirectories { input, output in
            let wide = RGBAImage(width: 6001, height: 64, fill: (20, 40, 200, 255))
            try Data(try ImageCodec.encodePNG(wide)).write(to: input.appendingPathComponent("wide.png"))
            try Support.png(seed: 1).write(to: input.appendingPathComponent("small.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let strict = await Self.runner(Self.options(input, output, route: .segment), running).run()
                let rows = try readRunManifest(output).items
                let refused = try #require(rows.first { $0.inputPath == "wide.png" })
                #expect(refused.status == .invalid)
                #expect(refused.errorCode == "invalid-for-route")
                #expect(refused.errorMessage?.contains("6000 px") == true)
                #expect(strict.totals.imagesCharged == 1)
                #expect(Self.postCalls(await running.state()) == ["POST /v1/segment": 1])

                let auto = await Self.runner(Self.options(input, output, route: .auto), running).run()
                let wideRow = try #require(try readRunManifest(output).items.first { $0.inputPath == "wide.png" })
                #expect(wideRow.status == .succeeded)
                #expect(wideRow.route == "edit")
                #expect(wideRow.imagesCharged == 5)
                #expect(wideRow.note?.contains("sent to /v2/edit") == true)
                #expect(auto.preflight?.cost == 5)
                #expect(Self.postCalls(await running.state()) == ["POST /v1/segment": 1, "POST /v2/edit": 1])
            }
        }
    }

    @Test func preflightChecksTheBalanceAgainstTheRoutedCost() async throws {
        try await withRunDirectories { input, output in
            for seed in 0..<3 { try Support.png(seed: seed).write(to: input.appendingPathComponent("i\(seed).png")) }
            try await Emulator.withEmulator(Support.emulator(credits: 2)) { running in
                let short = await Self.runner(Self.options(input, output, route: .auto), running).run()
                #expect(short.ending == .insufficientImages)
                #expect(short.preflight?.cost == 3)
                #expect(
                    short.preflight?.routeSummary
                        == "route auto: 3 × /v1/segment = 3 images on Basic instead of 15, 12 saved")
                #expect(Self.postCalls(await running.state()).isEmpty)
                await running.setCredits(3)
                let covered = await Self.runner(Self.options(input, output, route: .auto), running).run()
                #expect(covered.exitCode == 0)
                #expect(covered.totals.imagesCharged == 3)
            }
        }
    }

    @Test func segmentWithASettingOnlyEditRendersIsRefusedNamingIt() async throws {
        var recipe = Self.sampleRecipe
        recipe["shadow.mode"] = "ai.soft"
        var options = Self.options(
            URL(fileURLWithPath: "/tmp"), URL(fileURLWithPath: "/tmp/x"), route: .segment, edit: recipe)
        #expect(throws: RunError.self) { try options.validate() }
        do {
            try options.validate()
        } catch {
            #expect(error.message.contains("edit.shadow.mode"))
        }
        options.route = .auto
        #expect(throws: Never.self) { try options.validate() }
        #expect(options.routing.plan.isLocal == false)
    }
}

/// Refuses to put finished results in place (cutouts are stored normally).
struct OutputRefusingSaver: ResultSaving {
    func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String {
        guard destination.path.contains("/cutouts/") else {
            throw ResultSaveError(errorNumber: EACCES, message: "permission denied (test)")
        }
        return try FileResultSaver().moveIntoPlace(temporary, to: destination)
    }

    func copyIfIntact(
        _ source: URL, expectedSHA256: String, to destination: URL, via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool {
        try FileResultSaver().copyIfIntact(
            source, expectedSHA256: expectedSHA256, to: destination, via: temporaryDirectory)
    }
}

/// A `/v1/segment` stand-in that answers 200 with bytes that are no image.
final class GarbageSegmenter: SegmentSubmitting {
    private let count = Mutex(0)
    var calls: Int { count.withLock { $0 } }

    func segment(_ request: SegmentRequest) async throws(PhotoroomAPIError) -> EditResponse {
        count.withLock { $0 += 1 }
        _ = FileManager.default.createFile(atPath: request.destinationPath, contents: Data("not a png".utf8))
        return EditResponse(status: 200, contentType: "image/png", bytesWritten: 9, duration: .zero)
    }
}
