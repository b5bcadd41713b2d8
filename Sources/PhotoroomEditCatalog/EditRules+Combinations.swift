extension EditRules {
    /// What `colorSpace=original` allows: a pure background removal to PNG (the document: "combining it with any
    /// other operation (background, shadow, geometry changes, non-PNG export, `export.dpi`,
    /// `keepExistingAlphaChannel: "auto"`, EXIF-subset `preserveMetadata` modes, ...) returns a 400").
    static let originalColorSpaceAllows: [String: Set<String>?] = [
        "colorSpace": nil,
        "imageFile": nil,
        "imageUrl": nil,
        "removeBackground": ["true"],
        "export.format": ["png"],
        "outputSize": ["auto", "originalImage"],
        "keepExistingAlphaChannel": ["never"],
        "preserveMetadata": ["never", "xmp"],
        "ignorePaddingAndSnapOnCroppedSides": nil,
        "segmentation.mode": nil,
        "segmentation.prompt": nil,
        "segmentation.negativePrompt": nil,
    ]

    /// The `shadow.*Override` parameters.
    static let shadowOverrides = [
        "shadow.directionOverride", "shadow.intensityOverride", "shadow.softnessOverride", "shadow.spreadOverride",
        "shadow.subjectPoseOverride",
    ]

    /// The combinations the document forbids, one violation per offending parameter.
    static func combinationViolations(
        in parameters: [String: String],
        headers: [String: String]
    ) -> [EditRuleViolation] {
        var violations: [EditRuleViolation] = []
        func refuse(_ key: String, _ reason: String) { violations.append(EditRuleViolation(key: key, reason: reason)) }

        // removeBackground=false: no background image, referenceBox or snapping (background.color is fine: it fills
        // the padding made by outputSize and the transparent areas).
        if parameters["removeBackground"] == "false" {
            let needCutout = [
                "background.imageUrl", "background.imageFile", "background.guidance.imageUrl",
                "background.guidance.imageFile", "referenceBox", "ignorePaddingAndSnapOnCroppedSides",
            ]
            for name in needCutout where parameters[name] != nil {
                refuse(name, "\(name) cannot be used when removeBackground is false")
            }
        }

        let backgroundSources = ["background.prompt", "background.imageUrl", "background.imageFile"]
            .filter { parameters[$0] != nil }
        if backgroundSources.count > 1 {
            refuse(
                backgroundSources[1],
                "\(backgroundSources.joined(separator: " and ")) cannot be combined: choose one background"
            )
        }
        if parameters["background.scaling"] != nil, parameters["background.imageUrl"] == nil,
            parameters["background.imageFile"] == nil
        {
            refuse(
                "background.scaling",
                "background.scaling can only be provided with a background image (background.imageUrl or background.imageFile)"
            )
        }

        for name in ["maxWidth", "maxHeight"] where parameters[name] != nil {
            let outputSize = parameters["outputSize"] ?? "auto"
            if outputSize != "originalImage" && outputSize != "croppedSubject" {
                refuse(name, "\(name) can only be used when outputSize is originalImage or croppedSubject")
            }
            if let number = Double(parameters[name]!), number < 1 {
                refuse(name, "\(name) must be at least 1, got \(parameters[name]!)")
            }
        }
        if let size = parameters["outputSize"], let (width, height) = Self.dimensions(size), width < 1 || height < 1 {
            refuse("outputSize", "outputSize must be at least 1x1 pixels, got \"\(size)\"")
        }

        if parameters["colorSpace"] == "original" {
            for name in parameters.keys.sorted() {
                let value = parameters[name]!
                if let allowed = originalColorSpaceAllows[name] {
                    if let allowed, !allowed.contains(value) {
                        refuse(
                            name,
                            "colorSpace=original only works for a pure background removal to PNG; \(name)=\(value) "
                                + "is not allowed with it"
                        )
                    }
                } else {
                    refuse(
                        name,
                        "colorSpace=original only works for a pure background removal to PNG; \(name) cannot be "
                            + "combined with it"
                    )
                }
            }
        }

        if parameters["beautify.onSubjectMismatch"] != nil, parameters["beautify.mode"] != "ai.food" {
            refuse(
                "beautify.onSubjectMismatch",
                "beautify.onSubjectMismatch only works with beautify.mode=ai.food (the subject check exists only there)"
            )
        }

        violations += shadowViolations(in: parameters, headers: headers)
        return violations
    }

    /// `shadow.*Override` needs `shadow.mode=ai.auto-with-overrides`; that mode and the presets need the
    /// `2026-04-15` model header, which the legacy `ai.soft`, `ai.hard` and `ai.floating` do not take.
    static func shadowViolations(in parameters: [String: String], headers: [String: String]) -> [EditRuleViolation] {
        var violations: [EditRuleViolation] = []
        let mode = parameters["shadow.mode"]
        let model = EditHeaders.value(EditHeaders.aiShadowsModel, in: headers)
        let header = "\(EditHeaders.aiShadowsModel): \(EditHeaders.overridesShadowsModel)"
        for name in shadowOverrides where parameters[name] != nil && mode != "ai.auto-with-overrides" {
            violations.append(
                EditRuleViolation(
                    key: name,
                    reason: "\(name) requires shadow.mode=ai.auto-with-overrides (and the header \(header))"
                )
            )
        }
        let needsNewModel: Set<String> = ["ai.auto-with-overrides", "ai.preset-soft", "ai.preset-hard"]
        if let mode, needsNewModel.contains(mode), model != EditHeaders.overridesShadowsModel {
            violations.append(
                EditRuleViolation(
                    key: "shadow.mode",
                    reason: "shadow.mode=\(mode) requires the request header \(header) (set it in editHeaders)"
                )
            )
        }
        if let mode, ["ai.soft", "ai.hard", "ai.floating"].contains(mode), model == EditHeaders.overridesShadowsModel {
            violations.append(
                EditRuleViolation(
                    key: "shadow.mode",
                    reason:
                        "shadow.mode=\(mode) is not available with the \(EditHeaders.overridesShadowsModel) shadows "
                        + "model; use ai.preset-soft, ai.preset-hard or ai.auto-with-overrides"
                )
            )
        }
        return violations
    }

    /// The width and height of an `outputSize` such as `2000x1500`.
    static func dimensions(_ outputSize: String) -> (Int, Int)? {
        let parts = outputSize.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        return (width, height)
    }
}
