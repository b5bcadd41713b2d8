import Foundation
import PhotoroomImaging
import PhotoroomPipeline
import Testing

/// pipeline.json is refused at load time when it breaks a rule of Photoroom's OpenAPI document, naming the file,
/// the key and the reason.
@Suite struct EditRulesLoadingTests {
    private func loadError(_ json: String) -> ConfigurationError? {
        do {
            _ = try PipelineConfiguration.parse(Data(json.utf8), file: "shop/pipeline.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func backgroundColourWithoutCutoutLoads() throws {
        let json = #"{"edit": {"removeBackground": false, "background.color": "FFFFFF", "outputSize": "2000x2000"}}"#
        let configuration = try PipelineConfiguration.parse(Data(json.utf8), file: "pipeline.json")
        #expect(configuration.edit["background.color"] == "FFFFFF")
    }

    @Test(arguments: [
        (
            #"{"edit": {"colorSpace": "original", "background.color": "FFFFFF"}}"#, "edit.background.color",
            "colorSpace=original"
        ),
        (
            #"{"edit": {"colorSpace": "original", "export.format": "jpeg"}}"#, "edit.export.format",
            "pure background removal"
        ),
        (#"{"edit": {"background.scaling": "fit"}}"#, "edit.background.scaling", "background image"),
        (#"{"edit": {"beautify.onSubjectMismatch": "error"}}"#, "edit.beautify.onSubjectMismatch", "ai.food"),
        (#"{"edit": {"shadow.softnessOverride": 0.2}}"#, "edit.shadow.softnessOverride", "ai.auto-with-overrides"),
        (#"{"edit": {"shadow.mode": "ai.auto-with-overrides"}}"#, "edit.shadow.mode", "pr-ai-shadows-model-version"),
        (#"{"edit": {"outputSize": "0x0"}}"#, "edit.outputSize", "at least 1x1"),
        (
            #"{"edit": {"virtualModel.model": {"preset": {"name": "bob"}}}}"#, "edit.virtualModel.model.preset.name",
            "avery"
        ),
        (
            #"{"editHeaders": {"pr-ai-background-model-version": "9"}}"#, "editHeaders.pr-ai-background-model-version",
            "must be one of"
        ),
        (
            #"{"editHeaders": {"pr-ai-shadow-model-version": "2026-04-15"}}"#, "editHeaders.pr-ai-shadow-model-version",
            "did you mean"
        ),
    ])
    func brokenRulesAreRefusedWithFileKeyAndReason(json: String, key: String, reason: String) throws {
        let failure = try #require(loadError(json))
        #expect(failure.file == "shop/pipeline.json")
        #expect(failure.key == key, "\(failure)")
        #expect(failure.reason.contains(reason), "\(failure)")
        #expect(failure.description.hasPrefix("shop/pipeline.json: \(key): "))
    }

    @Test func shadowOverridesLoadWithTheirModelHeader() throws {
        let json = #"""
            {"edit": {"shadow.mode": "ai.auto-with-overrides", "shadow.directionOverride": "frontLeft"},
             "editHeaders": {"pr-ai-shadows-model-version": "2026-04-15"}}
            """#
        let configuration = try PipelineConfiguration.parse(Data(json.utf8), file: "pipeline.json")
        #expect(configuration.editHeaders["pr-ai-shadows-model-version"] == "2026-04-15")
    }

    /// The upscaler's pixel limits are checked per image by the validator: too large is invalid and costs nothing.
    @Test func upscaleLimitsMakeLargeImagesInvalid() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edges-upscale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.png")
        let large = folder.appendingPathComponent("large.png")
        try Data(ImageCodec.encodePNG(RGBAImage(width: 512, height: 512, fill: (9, 9, 9, 255)))).write(to: small)
        try Data(ImageCodec.encodePNG(RGBAImage(width: 513, height: 512, fill: (9, 9, 9, 255)))).write(to: large)
        let inspector = ImageValidatorInspector(editParameters: ["upscale.mode": "ai.slow"])
        #expect(await inspector.inspect(fileAt: small).isValid)
        let refused = await inspector.inspect(fileAt: large)
        #expect(!refused.isValid)
        #expect(refused.problems.first?.code == "invalid-for-settings")
        #expect(refused.problems.first?.message.contains("262,144 pixels") == true)
        let downscaling = ImageValidatorInspector(
            editParameters: ["upscale.mode": "ai.slow", "upscale.downscaleIfNeeded": "always"])
        #expect(await downscaling.inspect(fileAt: large).isValid)
    }
}
