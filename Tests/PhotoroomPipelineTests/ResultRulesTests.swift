import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPipeline
import Testing

/// Issue 9, rules 5 and 6 against the emulator: `pr-unsupported-attributes` is a warning (a failure under
/// `--strict`), and a billed result counts only once it is checked; a billed result that did not count is never
/// sent again unless asked for.
@Suite struct ResultRulesTests {
    typealias Support = RunEmulatorSupport

    /// The emulator answers an unknown parameter with `pr-unsupported-attributes` and bills the call.
    static let ignoredParameter = ["background.color": "FFFFFF", "notAPhotoroomParameter": "1"]

    /// Options with settings the API partly ignores, under `--strict`: each result is paid for and kept aside.
    static func strictOptions(input: URL, output: URL) -> RunOptions {
        var options = testRunOptions(input: input, output: output, edit: ignoredParameter)
        options.strict = true
        return options
    }

    @Test func ignoredParametersAreAWarningListedInTheManifestAndSummary() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 4)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                let outcome = await Support.run(
                    testRunOptions(input: input, output: output, edit: Self.ignoredParameter), running)
                #expect(outcome.exitCode == 0)
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.succeeded == 4)
                #expect(manifest.totals.unsupportedAttributes == 4)
                for item in manifest.items {
                    #expect(item.issues?.contains { $0.code == "unsupported-attributes" } == true)
                    #expect(
                        item.issues?.first { $0.code == "unsupported-attributes" }?.message
                            .contains("notAPhotoroomParameter") == true)
                    #expect(item.imagesCharged == 5)
                }
                #expect(outcome.warnings.count == 4)
                let text = RunSummary.text(outcome)
                #expect(text.contains("4 results came with pr-unsupported-attributes"))
                #expect(text.contains("Warnings:"))
                #expect(text.contains("notAPhotoroomParameter"))
            }
        }
    }

    @Test func strictMakesIgnoredParametersABilledFailureKeptAsideAndNotSentAgain() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                let options = Self.strictOptions(input: input, output: output)
                let outcome = await Support.run(options, running)
                #expect(outcome.exitCode == 1)
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.failed == 3)
                #expect(manifest.totals.imagesCharged == 15)
                let files = ManifestFiles(outputDirectory: output)
                for item in manifest.items {
                    #expect(item.errorCode == "unsupported-attributes")
                    #expect(item.imagesCharged == 5)
                    let delivered = output.appendingPathComponent(item.outputPath ?? "-")
                    #expect(!FileManager.default.fileExists(atPath: delivered.path))
                    let aside = files.rejectedResult(forOutput: item.outputPath ?? "-")
                    #expect(FileManager.default.fileExists(atPath: aside.path))
                }
                #expect(await running.state().successfulEdits == 3)

                // A re-run with the same settings pays nothing more.
                let again = await Support.run(options, running)
                #expect(await running.state().successfulEdits == 3)
                #expect(again.exitCode == 1)
                let second = try readRunManifest(output)
                #expect(second.totals.imagesCharged == 0)
                #expect(second.items.allSatisfy { $0.errorMessage?.contains("not sent again") == true })

                // Other settings are another call.
                var changed = options
                changed.edit = EditSettings(parameters: ["background.color": "FFFFFF"])
                let fixed = await Support.run(changed, running)
                #expect(fixed.exitCode == 0)
                #expect(await running.state().successfulEdits == 6)
            }
        }
    }

    @Test func aResultKeptAsideUnderStrictIsDeliveredWithoutPayingOnceStrictIsOff() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                var options = Self.strictOptions(input: input, output: output)
                #expect(await Support.run(options, running).exitCode == 1)
                #expect(await running.state().successfulEdits == 3)

                // The same settings without --strict: the kept results count now; nothing is paid again.
                options.strict = false
                let relaxed = await Support.run(options, running)
                #expect(relaxed.exitCode == 0)
                #expect(await running.state().successfulEdits == 3, "nothing sent again")
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.imagesCharged == 0)
                #expect(manifest.items.count == 3)
                let files = ManifestFiles(outputDirectory: output)
                for item in manifest.items {
                    #expect(item.status == .reused)
                    #expect(item.note?.contains("kept aside under --strict") == true, "\(item.note ?? "-")")
                    #expect(item.hasUnsupportedAttributes, "the warning stays with the result")
                    let delivered = output.appendingPathComponent(item.outputPath ?? "-")
                    let aside = files.rejectedResult(forOutput: item.outputPath ?? "-")
                    #expect(try Data(contentsOf: delivered) == Data(contentsOf: aside))
                }

                // A third run finds them done.
                let third = await Support.run(options, running)
                #expect(third.exitCode == 0)
                #expect(await running.state().successfulEdits == 3)
                #expect(try readRunManifest(output).items.allSatisfy { $0.status == .skipped })
            }
        }
    }

    /// Changes every kept-aside result as soon as preflight has hashed them, before they are copied.
    actor KeptAsideSpoiler: RunEventSink {
        let files: ManifestFiles
        let outputs: [String]
        init(files: ManifestFiles, outputs: [String]) {
            self.files = files
            self.outputs = outputs
        }
        func handle(_ event: RunEvent) async {
            guard case .preflightFinished = event else { return }
            for output in outputs {
                try? Data("changed".utf8).write(to: files.rejectedResult(forOutput: output))
            }
        }
    }

    @Test func aKeptAsideResultThatChangedBeforeItsCopyIsNotSentAgain() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 2)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                var options = Self.strictOptions(input: input, output: output)
                #expect(await Support.run(options, running).exitCode == 1)
                let outputs = try readRunManifest(output).items.compactMap(\.outputPath)
                #expect(outputs.count == 2)

                options.strict = false
                let spoiler = KeptAsideSpoiler(files: ManifestFiles(outputDirectory: output), outputs: outputs)
                let relaxed = await Support.run(options, running, reporter: spoiler)
                #expect(relaxed.exitCode == 1)
                #expect(await running.state().successfulEdits == 2, "nothing paid again")
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.imagesCharged == 0)
                for item in manifest.items {
                    #expect(item.status == .failed)
                    #expect(item.errorMessage?.contains("not sent again") == true)
                    #expect(
                        !FileManager.default.fileExists(
                            atPath: output.appendingPathComponent(item.outputPath ?? "-").path))
                }
            }
        }
    }

    @Test(arguments: [FaultConfiguration.DamagedResult.truncated, .wrongFormat])
    func aDamagedResultIsInvalidBilledFlaggedAndNotSentAgain(kind: FaultConfiguration.DamagedResult) async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 4)
            var faults = FaultConfiguration()
            faults.damagedResultEvery = 2
            faults.damagedResultKind = kind
            try await Emulator.withEmulator(Support.emulator(credits: 100, faults: faults)) { running in
                let options = testRunOptions(input: input, output: output, concurrency: 1)
                let outcome = await Support.run(options, running)
                #expect(outcome.exitCode == 1)
                let manifest = try readRunManifest(output)
                let invalid = manifest.items.filter { $0.errorCode == "result-invalid" }
                #expect(invalid.count == 2)
                #expect(manifest.totals.resultInvalid == 2)
                #expect(manifest.totals.succeeded == 2)
                #expect(manifest.totals.imagesCharged == 20, "every call was billed, the damaged ones too")
                let expected = kind == .truncated ? "does not decode" : "asked for PNG (export.format), got JPEG"
                #expect(invalid.allSatisfy { $0.errorMessage?.contains(expected) == true })
                for item in invalid {
                    let delivered = output.appendingPathComponent(item.outputPath ?? "-")
                    #expect(!FileManager.default.fileExists(atPath: delivered.path))
                }
                #expect(RunSummary.text(outcome).contains("failed their check (result-invalid)"))

                let again = await Support.run(options, running)
                #expect(await running.state().successfulEdits == 4, "a re-run never pays for them again")
                #expect(again.exitCode == 1)

                var redo = options
                redo.resendUndelivered = true
                _ = await Support.run(redo, running)
                #expect(await running.state().successfulEdits == 6, "--resend-undelivered pays for them again")
            }
        }
    }

    @Test func aResultOfTheWrongSizeForAFixedOutputSizeIsInvalid() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 2)
            var faults = FaultConfiguration()
            faults.damagedResultEvery = 2
            faults.damagedResultKind = .wrongSize
            try await Emulator.withEmulator(Support.emulator(credits: 100, faults: faults)) { running in
                let options = testRunOptions(
                    input: input, output: output, edit: ["background.color": "FFFFFF", "outputSize": "40x30"],
                    concurrency: 1)
                _ = await Support.run(options, running)
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.succeeded == 1)
                let invalid = manifest.items.filter { $0.errorCode == "result-invalid" }
                #expect(invalid.count == 1)
                #expect(invalid.first?.errorMessage?.contains("20x15, outputSize asked for 40x30") == true)

                // Without a fixed outputSize the size is not checked: a half-size result counts.
                let other = output.appendingPathComponent("other", isDirectory: true)
                _ = await Support.run(testRunOptions(input: input, output: other, concurrency: 1), running)
                #expect(try readRunManifest(other).totals.succeeded == 2)
            }
        }
    }

    @Test func aSegmentCutoutOfTheWrongSizeIsInvalidAndNotSentAgain() async throws {
        try await withRunDirectories { input, output in
            try Support.png(seed: 5).write(to: input.appendingPathComponent("a.png"))
            var faults = FaultConfiguration()
            faults.damagedResultEvery = 1
            faults.damagedResultKind = .wrongSize
            try await Emulator.withEmulator(Support.emulator(credits: 100, faults: faults)) { running in
                var options = testRunOptions(input: input, output: output, edit: RouteEmulatorTests.sampleRecipe)
                options.route = .segment
                _ = await Support.run(options, running)
                let row = try #require(try readRunManifest(output).items.first)
                #expect(row.errorCode == "result-invalid")
                #expect(row.errorMessage?.contains("the result is 12x12, the input is 24x24") == true)
                #expect(row.imagesCharged == 1)
                _ = await Support.run(options, running)
                #expect(await running.state().callsPerEndpoint["POST /v1/segment"] == 1, "not sent again")
            }
        }
    }

    @Test func strictInPipelineJSONReachesTheRunOptions() throws {
        let strict = try PipelineConfiguration.parse(Data(#"{"strict": true}"#.utf8), file: "pipeline.json")
        #expect(strict.strict)
        #expect(try !PipelineConfiguration.parse(Data("{}".utf8), file: "pipeline.json").strict)
        #expect(throws: ConfigurationError.self) {
            try PipelineConfiguration.parse(Data(#"{"strict": "yes"}"#.utf8), file: "pipeline.json")
        }
        let options = RunOptions(
            configuration: strict, inputDirectory: URL(fileURLWithPath: "/in"),
            outputDirectory: URL(fileURLWithPath: "/out"),
            inputs: [], sandbox: false, toolVersion: "test", redact: { $0 })
        #expect(options.strict)
    }

    @Test func webpAskedForAndPNGAnsweredIsFlaggedAndNamesTheEmulator() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 1)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                let options = testRunOptions(input: input, output: output, edit: ["export.format": "webp"])
                _ = await Support.run(options, running)
                let item = try #require(try readRunManifest(output).items.first)
                #expect(item.errorCode == "result-invalid")
                #expect(item.errorMessage?.contains("asked for WebP") == true)
                #expect(item.errorMessage?.contains("emulator answers webp and avif with PNG") == true)
            }
        }
    }

    @Test func theCheckReadsTheMagicBytesOfWebPAndDecodesJPEG() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let webp = folder.appendingPathComponent("a.webp")
        try Data(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8) + [UInt8](repeating: 0, count: 20)).write(to: webp)
        #expect(ResultCheck.problem(withResultAt: webp, expecting: ResultExpectation(format: .webp)) == nil)
        #expect(ResultCheck.problem(withResultAt: webp, expecting: ResultExpectation(format: .avif)) != nil)
        let jpeg = folder.appendingPathComponent("a.jpg")
        try Data(try ImageCodec.encodeJPEG(RGBAImage(width: 8, height: 6, fill: (1, 2, 3, 255)))).write(to: jpeg)
        let asked = ResultExpectation(edit: EditSettings(parameters: ["export.format": "jpg", "outputSize": "8x6"]))
        #expect(asked == ResultExpectation(format: .jpeg, width: 8, height: 6))
        #expect(ResultCheck.problem(withResultAt: jpeg, expecting: asked) == nil)
        #expect(ResultCheck.problem(withResultAt: jpeg, expecting: ResultExpectation(format: .png)) != nil)
        #expect(ResultExpectation(edit: EditSettings(parameters: ["outputSize": "originalImage"])).width == nil)
        let png = folder.appendingPathComponent("opaque.png")
        try Data(try ImageCodec.encodePNG(RGBAImage(width: 4, height: 4, fill: (1, 2, 3, 255)), includeAlpha: false))
            .write(to: png)
        let cutout = ResultExpectation(format: .png, width: 4, height: 4, requiresAlpha: true)
        #expect(ResultCheck.problem(withResultAt: png, expecting: cutout)?.contains("no alpha") == true)
    }

    @Test func estimateAppliesTheUpscalersPerImageLimitLikeRun() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "estimate-upscale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let small = RGBAImage(width: 300, height: 200, fill: (10, 20, 30, 255))  // 60,000 px
        let large = RGBAImage(width: 600, height: 500, fill: (10, 20, 30, 255))  // 300,000 px > 262,144
        try Data(try ImageCodec.encodePNG(small)).write(to: root.appendingPathComponent("small.png"))
        try Data(try ImageCodec.encodePNG(large)).write(to: root.appendingPathComponent("large.png"))
        var configuration = PipelineConfiguration()
        configuration.plan = .fixed(.basic)
        configuration.edit = ["upscale.mode": "ai.slow"]
        let report = try await Estimator().estimate(
            .init(roots: [root.path], configuration: configuration, planSource: "option", client: nil))
        #expect(report.totals.billable == 1)
        #expect(report.invalid.map(\.path) == ["large.png"])
        #expect(report.invalid.first?.issues.first?.code == .invalidForSettings)
        #expect(report.invalid.first?.issues.first?.message.contains("262,144") == true)
        configuration.edit["upscale.downscaleIfNeeded"] = "always"
        let shrunk = try await Estimator().estimate(
            .init(roots: [root.path], configuration: configuration, planSource: "option", client: nil))
        #expect(shrunk.totals.billable == 2)

        // run's preflight refuses the same image, for nothing.
        try await withRunDirectories { input, output in
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("large.png"), to: input.appendingPathComponent("large.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                var options = testRunOptions(input: input, output: output, edit: ["upscale.mode": "ai.slow"])
                let apiKey = APIKey(Support.key)!
                options.redact = { apiKey.redact($0) }
                let outcome = await BatchRunner(
                    options: options,
                    client: Support.client(running),
                    inspector: ImageValidatorInspector(editParameters: options.edit.parameters)
                ).run()
                #expect(outcome.totals.invalid == 1)
                #expect(await running.state().successfulEdits == 0)
            }
        }
    }
}
