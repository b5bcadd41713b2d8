import PhotoroomEditCatalog
import Testing

/// Rule 2: object parameters travel as dotted and repeated fields, and preset names are checked.
@Suite struct ObjectParametersTests {
    private func wire(_ name: String, _ value: String) throws -> [String] {
        try ObjectParameters.fields(name: name, value: value).map { "\($0.name)=\($0.value)" }
    }

    @Test func objectsBecomeDottedFields() throws {
        #expect(
            try wire("virtualModel.model", #"{"preset":{"name":"avery"}}"#) == ["virtualModel.model.preset.name=avery"])
        #expect(
            try wire("layers", #"{"logo":{"image":{"imageUrl":"https://x/l.png","padding":0.1}}}"#)
                == ["layers.logo.image.imageUrl=https://x/l.png", "layers.logo.image.padding=0.1"]
        )
        #expect(try wire("padding", "0.1") == ["padding=0.1"])
    }

    @Test func arraysBecomeRepeatedFields() throws {
        #expect(
            try wire("virtualModel.additionalProductImages", #"["https://x/1.png","https://x/2.png"]"#)
                == [
                    "virtualModel.additionalProductImages=https://x/1.png",
                    "virtualModel.additionalProductImages=https://x/2.png",
                ]
        )
        #expect(try wire("virtualModel.additionalProductImages", "https://x/1.png").count == 1)
    }

    @Test(arguments: [
        ("virtualModel.model", "avery", "must be an object"),
        ("virtualModel.additionalProductImages", #"["a","b","c","d","e"]"#, "takes 1 to 4 items, got 5"),
        ("virtualModel.additionalProductImages", #"[{"url":"x"}]"#, "must be an array"),
    ])
    func badShapesAreRefused(name: String, value: String, reason: String) {
        #expect(throws: EditRuleViolation.self) { try ObjectParameters.fields(name: name, value: value) }
        #expect(EditRules.violations(in: [name: value]).first?.reason.contains(reason) == true)
    }

    @Test(arguments: [
        (
            ["virtualModel.model": #"{"preset":{"name":"bob"}}"#], "virtualModel.model.preset.name",
            "must be one of avery"
        ),
        (["virtualModel.scene": #"{"preset":{"name":"moon"}}"#], "virtualModel.scene.preset.name", "must be one of"),
        (["virtualModel.model": #"{"preset":{"nom":"avery"}}"#], "virtualModel.model.preset.nom", "not a member"),
        (["virtualModel.model": #"{"preset":"avery"}"#], "virtualModel.model.preset", "not a member"),
        (
            ["virtualModel.model": #"{"preset":{"name":"avery"},"custom":{"imageUrl":"https://x/m.png"}}"#],
            "virtualModel.model", "either custom or preset"
        ),
        (
            ["virtualModel.model.preset.name": "avery", "virtualModel.model.custom.imageUrl": "https://x"],
            "virtualModel.model", "not both"
        ),
        (
            ["virtualModel.additionalProductImages": #"["not a url"]"#], "virtualModel.additionalProductImages",
            "http(s) URLs"
        ),
    ])
    func membersAreChecked(parameters: [String: String], key: String, reason: String) {
        let violations = EditRules.violations(in: parameters)
        let match = violations.first { $0.key == key }
        #expect(match?.reason.contains(reason) == true, "\(violations)")
    }

    @Test func validObjectsPass() {
        let parameters = [
            "virtualModel.mode": "ai.auto", "virtualModel.model": #"{"preset":{"name":"jordan"}}"#,
            "virtualModel.scene": #"{"custom":{"imageUrl":"https://example.com/s.jpg"}}"#,
            "virtualModel.additionalProductImages": #"["https://example.com/1.jpg"]"#,
            "layers": #"{"title":{"text":{"content":"Sale","font":"Inter"}}}"#,
        ]
        #expect(EditRules.violations(in: parameters).isEmpty, "\(EditRules.violations(in: parameters))")
    }
}
