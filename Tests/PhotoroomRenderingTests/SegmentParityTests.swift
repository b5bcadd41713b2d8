import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomRendering
import Testing

/// Every recipe of the locally rendered set, rendered both ways against the emulator on an ephemeral port:
/// `/v2/edit`, and `/v1/segment` + local finishing. Same size, mean difference at most 2/255 per channel.
@Suite struct SegmentParityTests {
    static let key = "pr_test_key_0123456789"

    /// The input photos: a product in the middle of a white backdrop, and one cut by the bottom of the frame.
    enum Photo: String, Sendable, CaseIterable {
        case centred, croppedAtBottom

        func image() -> RGBAImage {
            var image = RGBAImage(width: 240, height: 180, fill: (250, 250, 250, 255))
            let (x0, y0, x1, y1) = self == .centred ? (70, 40, 190, 130) : (60, 70, 150, 180)
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let o = (y * 240 + x) * 4
                    // A gradient with a darker band, so resampling differences would show.
                    let band = (y - y0) % 20 < 6
                    image.pixels[o] = band ? 30 : UInt8(80 + (x - x0))
                    image.pixels[o + 1] = band ? 50 : UInt8(20 + (y - y0) / 2)
                    image.pixels[o + 2] = band ? 160 : 40
                }
            }
            return image
        }
    }

    struct Recipe: Sendable, CustomTestStringConvertible {
        var parameters: [(name: String, value: String)]
        var photo: Photo = .centred
        var testDescription: String {
            parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&") + " (\(photo.rawValue))"
        }
    }

    static let recipes: [Recipe] = [
        Recipe(parameters: [
            ("removeBackground", "true"), ("background.color", "FFFFFF"), ("padding", "0.1"),
            ("outputSize", "1000x1000"), ("export.format", "jpeg"),
        ]),
        Recipe(parameters: [("outputSize", "300x300"), ("padding", "0.1"), ("export.format", "png")]),
        Recipe(parameters: [("outputSize", "300x200"), ("paddingLeft", "0.3"), ("paddingTop", "20px")]),
        Recipe(parameters: [("outputSize", "256x256"), ("margin", "10%"), ("marginBottom", "0.2"), ("padding", "0.05")]
        ),
        Recipe(parameters: [("outputSize", "200x200"), ("scaling", "fill"), ("background.color", "00FF0080")]),
        Recipe(parameters: [("outputSize", "croppedSubject"), ("padding", "0.15"), ("background.color", "red")]),
        Recipe(parameters: [("outputSize", "croppedSubject"), ("maxWidth", "60")]),
        Recipe(parameters: [("outputSize", "originalImage"), ("maxHeight", "90"), ("export.format", "jpg")]),
        Recipe(parameters: [("outputSize", "originalImage")]),
        Recipe(parameters: [("background.color", "1E90FF")]),
        Recipe(parameters: [("outputSize", "320x240"), ("referenceBox", "originalImage"), ("padding", "0.1")]),
        Recipe(parameters: [("outputSize", "300x300"), ("padding", "0.1")], photo: .croppedAtBottom),
        Recipe(
            parameters: [
                ("outputSize", "300x300"), ("padding", "0.1"), ("ignorePaddingAndSnapOnCroppedSides", "false"),
            ],
            photo: .croppedAtBottom),
        Recipe(
            parameters: [
                ("outputSize", "300x300"), ("padding", "0.1"), ("horizontalAlignment", "left"),
                ("verticalAlignment", "top"),
            ]),
    ]

    @Test(arguments: recipes)
    func editAndSegmentPlusFinishingAgree(_ recipe: Recipe) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prb-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("product.jpg").path
        try Data(try ImageCodec.encodeJPEG(recipe.photo.image(), quality: 92)).write(to: URL(fileURLWithPath: input))

        guard case .local(let finishing) = RenderPlan.plan(recipe.parameters) else {
            Issue.record("the recipe is not planned locally")
            return
        }
        let configuration = EmulatorConfiguration(port: 0, plan: .basic, credits: 100, apiKey: Self.key)
        try await Emulator.withEmulator(configuration) { running in
            let client = PhotoroomClient(
                configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!, editTimeout: .seconds(30)))
            let editPath = folder.appendingPathComponent("edit.out").path
            _ = try await client.edit(
                EditRequest(
                    inputPath: input, fileName: "product.jpg", contentType: "image/jpeg",
                    parameters: recipe.parameters, destinationPath: editPath))
            let cutoutPath = folder.appendingPathComponent("cutout.png").path
            let segment = try await client.segment(
                SegmentRequest(
                    inputPath: input, fileName: "product.jpg", contentType: "image/jpeg", destinationPath: cutoutPath))
            #expect(segment.contentType == "image/png")
            let localPath = folder.appendingPathComponent("local.out").path
            let finished = try Finisher.finish(cutoutAt: cutoutPath, recipe: finishing, writingTo: localPath)

            let state = await running.state()
            #expect(state.successfulEdits == 1 && state.successfulSegments == 1)
            #expect("\(state.chargedTotal)" == "6", "one edit (5) and one segment (1) on Basic")

            let edited = try ImageCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: editPath))))
            let local = try ImageCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: localPath))))
            #expect(edited.width == local.width && edited.height == local.height)
            #expect(finished.width == local.width && finished.height == local.height)
            guard edited.width == local.width, edited.height == local.height else { return }
            var sums = [Int](repeating: 0, count: 4)
            for o in stride(from: 0, to: edited.pixels.count, by: 4) {
                for c in 0..<4 { sums[c] += abs(Int(edited.pixels[o + c]) - Int(local.pixels[o + c])) }
            }
            let pixels = Double(edited.width * edited.height)
            let means = sums.map { Double($0) / pixels }
            #expect(means.allSatisfy { $0 <= 2 }, "mean absolute difference per channel: \(means)")
        }
    }

    /// The catalog recipe's result: a 1000 × 1000 JPEG on white, the subject inside the padding.
    @Test func theCatalogRecipeIsAWhiteSquareWithTheSubjectInsideThePadding() throws {
        guard case .local(let recipe) = RenderPlan.plan(Self.recipes[0].parameters) else {
            Issue.record("not local")
            return
        }
        var cutout = Photo.centred.image()
        // The cutout /v1/segment would return: the backdrop transparent.
        for o in stride(from: 0, to: cutout.pixels.count, by: 4) where cutout.pixels[o] == 250 {
            cutout.pixels.replaceSubrange(o..<(o + 4), with: [0, 0, 0, 0])
        }
        let encoded = try Finisher.finish(cutout: FastPNG.encode(cutout), recipe: recipe)
        #expect(encoded.contentType == "image/jpeg")
        let image = try ImageCodec.decode(encoded.bytes)
        #expect(image.width == 1000 && image.height == 1000)
        // Outside the 10 % padding everything is white (JPEG noise aside); the subject touches the padding box.
        var darkOutside = 0
        var box = (left: 1000, top: 1000, right: -1, bottom: -1)
        for y in 0..<1000 {
            for x in 0..<1000 {
                let o = (y * 1000 + x) * 4
                let dark = image.pixels[o] < 200 || image.pixels[o + 1] < 200 || image.pixels[o + 2] < 200
                guard dark else { continue }
                if x < 100 || x >= 900 || y < 100 || y >= 900 { darkOutside += 1 }
                box = (min(box.left, x), min(box.top, y), max(box.right, x), max(box.bottom, y))
            }
        }
        #expect(darkOutside == 0)
        #expect(abs(box.left - 100) <= 2 && abs(box.right - 899) <= 2, "subject columns \(box.left)...\(box.right)")
        #expect(image.pixels[0] == 255 && image.pixels[1] == 255 && image.pixels[2] == 255)
    }
}
