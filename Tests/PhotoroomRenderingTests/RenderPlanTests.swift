import Testing

@testable import PhotoroomRendering

/// Which recipes can be finished locally.
@Suite struct RenderPlanTests {
    static let sample: [(name: String, value: String)] = [
        ("removeBackground", "true"), ("background.color", "FFFFFF"), ("padding", "0.1"),
        ("outputSize", "1000x1000"), ("export.format", "jpeg"),
    ]

    @Test func theCatalogRecipeIsLocal() throws {
        let plan = RenderPlan.plan(Self.sample)
        guard case .local(let recipe) = plan else {
            Issue.record("not local: \(plan)")
            return
        }
        #expect(recipe.outputSize == .exact(width: 1000, height: 1000))
        #expect(recipe.exportFormat == .jpeg)
        #expect(recipe.backgroundColour == .white)
        #expect(RenderPlan.plan(["imageFile": "x.jpg", "padding": "10%", "margin": "5px"]).isLocal)
        #expect(RenderPlan.plan([(name: String, value: String)]()).isLocal)
    }

    struct Remote: Sendable, CustomTestStringConvertible {
        var parameters: [(name: String, value: String)]
        var first: String
        var testDescription: String { first }
    }

    @Test(arguments: [
        Remote(parameters: sample + [("shadow.mode", "ai.soft"), ("lighting.mode", "ai.auto")], first: "shadow.mode"),
        Remote(parameters: [("background.prompt", "a marble table")] + sample, first: "background.prompt"),
        Remote(parameters: sample + [("upscale.mode", "ai.fast")], first: "upscale.mode"),
        Remote(parameters: sample + [("templateId", "00000000-0000-0000-0000-000000000000")], first: "templateId"),
        Remote(parameters: [("export.format", "webp")], first: "export.format"),
        Remote(parameters: [("removeBackground", "false"), ("background.color", "FFFFFF")], first: "removeBackground"),
        Remote(parameters: [("padding", "0.9")], first: "padding"),
        Remote(parameters: [("export.dpi", "300")], first: "export.dpi"),
    ])
    func anythingElseNeedsEdit(_ row: Remote) {
        guard case .remote(let parameter, let reason) = RenderPlan.plan(row.parameters) else {
            Issue.record("planned locally")
            return
        }
        #expect(parameter == row.first)
        #expect(reason.contains(row.first))
    }
}
