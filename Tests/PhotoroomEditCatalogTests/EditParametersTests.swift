import PhotoroomEditCatalog
import Testing

@Suite struct EditParametersTests {
    @Test func tableCoversTheOpenAPIDocument() {
        // 86 POST names and the GET-only URL twins, from photoroom-openapi.json.
        #expect(EditParameters.table.count >= 86)
        #expect(EditParameters.spec(named: "background.color") != nil)
        #expect(EditParameters.spec(named: "imageFile")?.kind == .file)
        #expect(EditParameters.spec(named: "imageUrl")?.inPOST == false)
        #expect(EditParameters.spec(named: "shadow.mode")?.isAI == true)
        #expect(EditParameters.spec(named: "padding")?.isAI == false)
        #expect(EditParameters.spec(named: "background.inner") == nil)
    }

    @Test(arguments: [
        ("removeBackground", "maybe", "removeBackground must be boolean"),
        ("export.format", "gif", "export.format must be one of"),
        ("padding", "2", "padding must be a number between 0 and 0.49"),
        ("padding", "60%", "padding must be"),
        ("outputSize", "big", "outputSize must be"),
        ("export.dpi", "10", "export.dpi must be at least 72"),
        ("background.blur.radius", "0", "greater than 0"),
        ("templateId", "not-a-uuid", "must be a UUID"),
        ("shadow.directionOverride", "sideways", "must be a number of degrees or one of"),
        ("virtualModel.model.preset.name", "bob", "virtualModel.model.preset.name must be one of avery"),
        ("virtualModel.scene.preset.name", "moon", "must be one of random"),
        ("layers.logo.image.horizontalAlignment", "middle", "must be one of left"),
        ("shadow.intensityOverride", "1.5", "at most 1"),
        ("outline.width", "0.2", "at most 0.1"),
    ])
    func badValuesAreRefused(name: String, value: String, expected: String) {
        let problem = EditParameters.problem(name: name, value: value)
        #expect(problem?.contains(expected) == true, "\(name)=\(value): \(problem ?? "accepted")")
    }

    @Test(arguments: [
        ("removeBackground", "false"), ("export.format", "jpg"), ("padding", "0.1"), ("padding", "30%"),
        ("margin", "100px"), ("outputSize", "2000x2000"), ("outputSize", "croppedSubject"),
        ("background.color", "FFFFFF"),
        ("shadow.directionOverride", "45"), ("shadow.directionOverride", "frontLeft"),
        ("background.prompt", "on a beach"),
        ("virtualModel.model.preset.name", "avery"), ("virtualModel.scene.preset.name", "studio"),
        ("editWithAI.additionalImages.ref1.imageUrl", "https://example.com/a.png"),
    ])
    func goodValuesAreAccepted(name: String, value: String) {
        #expect(EditParameters.problem(name: name, value: value) == nil)
    }

    @Test func documentedConflicts() {
        // background.color with removeBackground=false is valid: it fills the padding and transparent areas.
        #expect(EditParameters.conflicts(in: ["removeBackground": "false", "background.color": "FF0000"]).isEmpty)
        #expect(
            EditParameters.conflicts(in: ["removeBackground": "false", "background.imageUrl": "https://x/y.png"]).first?
                .contains("background.imageUrl cannot be used when removeBackground is false") == true
        )
        #expect(
            EditParameters.conflicts(in: ["background.prompt": "beach", "background.imageUrl": "http://x/y.png"]).count
                == 1)
        #expect(EditParameters.conflicts(in: ["maxWidth": "200"]).count == 1)
        #expect(EditParameters.conflicts(in: ["maxWidth": "200", "outputSize": "originalImage"]).isEmpty)
        #expect(EditParameters.conflicts(in: ["removeBackground": "true", "background.color": "FF0000"]).isEmpty)
    }

    @Test func suggestionsForNearMisses() {
        #expect(EditParameters.suggestion(for: "background.colour") == "background.color")
        #expect(EditParameters.suggestion(for: "removebackground") == "removeBackground")
        #expect(EditParameters.suggestion(for: "exportFormat") == "export.format")
        #expect(EditParameters.suggestion(for: "completelyUnrelatedThing") == nil)
    }
}
