import PhotoroomEditCatalog
import Testing

@Suite struct EditRulesTests {
    private static let shadowsHeader = ["pr-ai-shadows-model-version": "2026-04-15"]

    /// Rule 1: the colour fills the padding made by outputSize and transparent areas.
    @Test func backgroundColourWithoutCutoutIsValid() {
        let parameters = ["removeBackground": "false", "background.color": "FFFFFF", "outputSize": "2000x2000"]
        #expect(EditRules.violations(in: parameters).isEmpty)
    }

    /// Rule 3: each forbidden combination names the offending key.
    @Test(arguments: [
        (["colorSpace": "original", "background.color": "FFFFFF"], "background.color", "pure background removal"),
        (["colorSpace": "original", "shadow.mode": "ai.soft"], "shadow.mode", "colorSpace=original"),
        (["colorSpace": "original", "outputSize": "1000x1000"], "outputSize", "colorSpace=original"),
        (["colorSpace": "original", "padding": "0.1"], "padding", "colorSpace=original"),
        (["colorSpace": "original", "export.format": "jpeg"], "export.format", "export.format=jpeg"),
        (["colorSpace": "original", "export.dpi": "300"], "export.dpi", "colorSpace=original"),
        (["colorSpace": "original", "keepExistingAlphaChannel": "auto"], "keepExistingAlphaChannel", "=auto"),
        (["colorSpace": "original", "preserveMetadata": "exifSubset"], "preserveMetadata", "exifSubset"),
        (["colorSpace": "original", "removeBackground": "false"], "removeBackground", "colorSpace=original"),
        (["background.scaling": "fit"], "background.scaling", "background image"),
        (["background.scaling": "fit", "background.prompt": "a beach"], "background.scaling", "background image"),
        (["beautify.onSubjectMismatch": "error"], "beautify.onSubjectMismatch", "ai.food"),
        (["beautify.onSubjectMismatch": "error", "beautify.mode": "ai.car"], "beautify.onSubjectMismatch", "ai.food"),
        (["shadow.intensityOverride": "0.5"], "shadow.intensityOverride", "ai.auto-with-overrides"),
        (
            ["shadow.spreadOverride": "long", "shadow.mode": "ai.soft"], "shadow.spreadOverride",
            "ai.auto-with-overrides"
        ),
        (["shadow.mode": "ai.auto-with-overrides"], "shadow.mode", "pr-ai-shadows-model-version: 2026-04-15"),
        (["outputSize": "0x0"], "outputSize", "at least 1x1"),
        (["outputSize": "1000x0"], "outputSize", "at least 1x1"),
        (["maxWidth": "0", "outputSize": "originalImage"], "maxWidth", "at least 1"),
        (["removeBackground": "false", "referenceBox": "originalImage"], "referenceBox", "removeBackground is false"),
        (
            ["background.prompt": "beach", "background.imageUrl": "https://x/y.png"], "background.imageUrl",
            "choose one"
        ),
    ])
    func forbiddenCombinationsAreRefused(parameters: [String: String], key: String, reason: String) {
        let violations = EditRules.violations(in: parameters)
        let match = violations.first { $0.key == key }
        #expect(match != nil, "\(parameters): \(violations)")
        #expect(match?.reason.contains(reason) == true, "\(match?.reason ?? "none")")
        #expect(match?.place == .parameter)
    }

    @Test(arguments: [
        ["colorSpace": "original"],
        ["colorSpace": "original", "export.format": "png", "outputSize": "originalImage", "preserveMetadata": "xmp"],
        ["background.scaling": "fit", "background.imageUrl": "https://x/bg.png"],
        ["beautify.mode": "ai.food", "beautify.onSubjectMismatch": "error"],
        ["outputSize": "1x1"],
    ])
    func allowedCombinationsPass(parameters: [String: String]) {
        #expect(EditRules.violations(in: parameters).isEmpty, "\(EditRules.violations(in: parameters))")
    }

    @Test func shadowOverridesNeedTheModeAndTheHeader() {
        let overrides = [
            "shadow.mode": "ai.auto-with-overrides", "shadow.directionOverride": "frontLeft",
            "shadow.softnessOverride": "0.3",
        ]
        #expect(EditRules.violations(in: overrides, headers: Self.shadowsHeader).isEmpty)
        #expect(EditRules.violations(in: overrides).map(\.key) == ["shadow.mode"])
        // The legacy soft shadow does not exist in the new model.
        let legacy = EditRules.violations(in: ["shadow.mode": "ai.soft"], headers: Self.shadowsHeader)
        #expect(legacy.first?.reason.contains("not available with the 2026-04-15") == true)
    }

    /// Rule 4: documented pr-* headers and values only.
    @Test func editHeadersAreChecked() {
        let good = [
            "pr-background-removal-model-version": "2024-09-26", "pr-ai-background-model-version": "3",
            "pr-ai-shadows-model-version": "2026-04-15", "pr-ai-upscale-model-version": "ai-upscale-2025-07-29",
        ]
        #expect(EditHeaders.violations(in: good).isEmpty)
        let wrongValue = EditHeaders.violations(in: ["pr-ai-background-model-version": "4"])
        #expect(wrongValue.first?.key == "pr-ai-background-model-version")
        #expect(wrongValue.first?.place == .header)
        #expect(wrongValue.first?.reason.contains("must be one of 2, 3, background-studio-beta-2025-03-17") == true)
        let typo = EditHeaders.violations(in: ["pr-ai-shadow-model-version": "2026-04-15"])
        #expect(typo.first?.reason.contains("did you mean \"pr-ai-shadows-model-version\"") == true)
        #expect(EditRules.violations(in: [:], headers: ["pr-made-up": "1"]).first?.place == .header)
    }

    /// The per-image upscale limits (1,000,000 px fast, 262,144 px slow) unless downscaling is allowed.
    @Test(
        arguments: [
            ("ai.fast", nil, 1000, 1000, false), ("ai.fast", nil, 1001, 1000, true), ("ai.slow", nil, 512, 512, false),
            ("ai.slow", nil, 513, 512, true), ("ai.slow", "never", 4000, 3000, true),
            ("ai.slow", "always", 4000, 3000, false),
            ("ai.fast", "skipUpscaleIfNotNeeded", 4000, 3000, false), ("ai.fast", nil, Int.max, 2, true),
        ] as [(String, String?, Int, Int, Bool)])
    func upscaleLimitsPerImage(mode: String, downscale: String?, width: Int, height: Int, refused: Bool) {
        var parameters = ["upscale.mode": mode]
        parameters["upscale.downscaleIfNeeded"] = downscale
        let violations = EditRules.imageViolations(parameters, width: width, height: height)
        #expect(violations.isEmpty == !refused, "\(violations)")
        if refused { #expect(violations.first?.key == "upscale.mode") }
        #expect(EditRules.imageViolations([:], width: width, height: height).isEmpty)
    }
}
