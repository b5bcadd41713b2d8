import Testing

@testable import PhotoroomRendering

/// The positioning rules (POSITIONING.md), one row per rule, on a 200 × 100 input.
@Suite struct FinishingLayoutTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var parameters: [(name: String, value: String)]
        var subject: PixelBox
        var size: (Int, Int)
        var placement: (Double, Double, Double, Double)
        var source: PixelBox? = nil
        var testDescription: String { name }
    }

    static let centred = PixelBox(x: 75, y: 25, width: 50, height: 50)
    static let wide = PixelBox(x: 50, y: 25, width: 100, height: 50)
    static let onBottom = PixelBox(x: 75, y: 50, width: 50, height: 50)

    static let cases: [Case] = [
        Case(
            name: "padding is a ratio of the output", parameters: [("outputSize", "100x100"), ("padding", "0.1")],
            subject: centred, size: (100, 100), placement: (10, 10, 80, 80)),
        Case(
            name: "fit takes the smaller scale and centres",
            parameters: [("outputSize", "100x100"), ("padding", "0.1")],
            subject: wide, size: (100, 100), placement: (10, 30, 80, 40)),
        Case(
            name: "fill takes the larger scale",
            parameters: [("outputSize", "100x100"), ("padding", "0.1"), ("scaling", "fill")],
            subject: wide, size: (100, 100), placement: (-30, 10, 160, 80)),
        Case(
            name: "padding is a ratio of the size inside the margins",
            parameters: [("outputSize", "100x100"), ("margin", "0.1"), ("padding", "0.1")],
            subject: centred, size: (100, 100), placement: (18, 18, 64, 64)),
        Case(
            name: "a per-side value overrides the general one, in any order",
            parameters: [("paddingLeft", "20%"), ("outputSize", "100x100"), ("padding", "0.1")],
            subject: centred, size: (100, 100), placement: (20, 15, 70, 70)),
        Case(
            name: "pixel padding", parameters: [("outputSize", "100x100"), ("padding", "10px")],
            subject: centred, size: (100, 100), placement: (10, 10, 80, 80)),
        Case(
            name: "pixel margin then ratio padding",
            parameters: [("outputSize", "100x100"), ("marginTop", "20px"), ("paddingTop", "0.25")],
            subject: centred, size: (100, 100), placement: (20, 40, 60, 60)),
        Case(
            name: "croppedSubject is the subject's size", parameters: [("outputSize", "croppedSubject")],
            subject: PixelBox(x: 75, y: 30, width: 50, height: 40), size: (50, 40), placement: (0, 0, 50, 40)),
        Case(
            name: "croppedSubject grows by the padding",
            parameters: [("outputSize", "croppedSubject"), ("padding", "0.2")],
            subject: PixelBox(x: 75, y: 30, width: 60, height: 30), size: (100, 50), placement: (20, 10, 60, 30)),
        Case(
            name: "croppedSubject grows by padding then margin",
            parameters: [("outputSize", "croppedSubject"), ("padding", "0.2"), ("margin", "0.2")],
            subject: PixelBox(x: 75, y: 30, width: 60, height: 30), size: (167, 83),
            placement: (53.62, 26.56, 59.76, 29.88)),
        Case(
            name: "originalImage without positioning keeps the frame", parameters: [("outputSize", "originalImage")],
            subject: centred, size: (200, 100), placement: (0, 0, 200, 100),
            source: PixelBox(x: 0, y: 0, width: 200, height: 100)),
        Case(
            name: "maxWidth shrinks keeping the aspect ratio",
            parameters: [("outputSize", "originalImage"), ("maxWidth", "100")],
            subject: centred, size: (100, 50), placement: (0, 0, 100, 50),
            source: PixelBox(x: 0, y: 0, width: 200, height: 100)),
        Case(
            name: "maxHeight on croppedSubject", parameters: [("outputSize", "croppedSubject"), ("maxHeight", "20")],
            subject: PixelBox(x: 75, y: 30, width: 50, height: 40), size: (25, 20), placement: (0, 0, 25, 20)),
        Case(
            name: "maxWidth never enlarges", parameters: [("outputSize", "croppedSubject"), ("maxWidth", "500")],
            subject: centred, size: (50, 50), placement: (0, 0, 50, 50)),
        Case(
            name: "WxH is final: maxWidth does not apply", parameters: [("outputSize", "100x100"), ("maxWidth", "50")],
            subject: centred, size: (100, 100), placement: (0, 0, 100, 100)),
        Case(
            name: "referenceBox=originalImage lays out the whole frame",
            parameters: [("outputSize", "100x100"), ("padding", "0.1"), ("referenceBox", "originalImage")],
            subject: centred, size: (100, 100), placement: (10, 30, 80, 40),
            source: PixelBox(x: 0, y: 0, width: 200, height: 100)),
        Case(
            name: "a side cut by the frame ignores its padding and snaps",
            parameters: [("outputSize", "100x100"), ("padding", "0.1")],
            subject: onBottom, size: (100, 100), placement: (10, 20, 80, 80)),
        Case(
            name: "snapping can be turned off",
            parameters: [
                ("outputSize", "100x100"), ("padding", "0.1"), ("ignorePaddingAndSnapOnCroppedSides", "false"),
            ],
            subject: onBottom, size: (100, 100), placement: (10, 10, 80, 80)),
        Case(
            name: "an alignment turns snapping off on its axis",
            parameters: [("outputSize", "100x100"), ("padding", "0.1"), ("verticalAlignment", "top")],
            subject: onBottom, size: (100, 100), placement: (10, 10, 80, 80)),
        Case(
            name: "horizontal alignment right",
            parameters: [("outputSize", "100x100"), ("padding", "0.1"), ("horizontalAlignment", "right")],
            subject: PixelBox(x: 50, y: 10, width: 50, height: 80), size: (100, 100), placement: (40, 10, 50, 80)),
    ]

    @Test(arguments: cases)
    func layout(_ row: Case) throws {
        let recipe = try FinishingRecipe.parse(row.parameters)
        let layout = FinishingLayout.make(inputWidth: 200, inputHeight: 100, subject: row.subject, recipe: recipe)
        #expect(layout.width == row.size.0 && layout.height == row.size.1, "size \(layout.width)×\(layout.height)")
        let p = layout.placement
        let expected = row.placement
        let close = [p.x - expected.0, p.y - expected.1, p.width - expected.2, p.height - expected.3].allSatisfy {
            abs($0) < 0.01
        }
        #expect(close, "placement \(p)")
        #expect(layout.source == (row.source ?? row.subject))
    }

    @Test func anEmptyCutoutLaysOutTheFrame() throws {
        let recipe = try FinishingRecipe.parse([("outputSize", "50x50")])
        let layout = FinishingLayout.make(inputWidth: 200, inputHeight: 100, subject: nil, recipe: recipe)
        #expect(layout.source == PixelBox(x: 0, y: 0, width: 200, height: 100))
        #expect(layout.placement == .init(x: 0, y: 12.5, width: 50, height: 25))
    }

    @Test func valueFormsAndRefusals() throws {
        #expect(FinishingRecipe.parseLength("0.1") == .ratio(0.1))
        #expect(FinishingRecipe.parseLength("30%") == .ratio(0.3))
        #expect(FinishingRecipe.parseLength("100px") == .pixels(100))
        #expect(FinishingRecipe.parseLength("0.5") == nil)
        #expect(FinishingRecipe.parseLength("50%") == nil)
        #expect(FinishingRecipe.parseLength("-1px") == nil)
        #expect(FinishingRecipe.parseOutputSize("1000x1000") == .exact(width: 1000, height: 1000))
        #expect(FinishingRecipe.parseOutputSize("1000x") == nil)
        #expect(FinishingRecipe.parseOutputSize("croppedSubject") == .croppedSubject)
        #expect(throws: FinishingRecipeError.self) { try FinishingRecipe.parse([("scaling", "stretch")]) }
        let recipe = try FinishingRecipe.parse([("export.format", "JPG"), ("background.color", "FF000080")])
        #expect(recipe.exportFormat == .jpeg)
        #expect(recipe.backgroundColour == RGBAColour(r: 255, g: 0, b: 0, a: 128))
    }
}
