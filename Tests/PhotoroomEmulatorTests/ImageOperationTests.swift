import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import PhotoroomRendering
import Testing

@testable import PhotoroomEmulator

/// Pixel-level checks of the image operations, first on ``RGBAImage`` directly, then through the server.
@Suite struct ImageOperationTests {
    // MARK: Pure pixels

    @Test func cutoutMakesThePlainBackgroundTransparent() {
        var image = TestImages.product(width: 120, height: 90)
        let result = Cutout.removeBackground(&image)
        #expect(TestImages.pixel(image, 0, 0)[3] == 0)
        #expect(TestImages.pixel(image, 119, 89)[3] == 0)
        #expect(TestImages.pixel(image, 60, 45) == [150, 20, 30, 255])
        #expect(result.subjectBox == PixelBox(x: 30, y: 22, width: 60, height: 46))
        #expect(result.uncertainty == 0)
    }

    @Test func cutoutOfAPlainImageIsUncertain() {
        var image = RGBAImage(width: 20, height: 20, fill: (255, 255, 255, 255))
        let result = Cutout.removeBackground(&image)
        #expect(result.subjectBox == nil)
        #expect(result.uncertainty == 1)
    }

    @Test func cutoutDoesNotLeakIntoAnEnclosedHole() {
        // A dark ring on white: the white inside the ring is not reachable from the edges and stays.
        var image = RGBAImage(width: 30, height: 30, fill: (255, 255, 255, 255))
        for y in 5..<25 {
            for x in 5..<25 where x < 8 || x >= 22 || y < 8 || y >= 22 {
                let o = (y * 30 + x) * 4
                image.pixels[o] = 0
                image.pixels[o + 1] = 0
                image.pixels[o + 2] = 0
            }
        }
        _ = Cutout.removeBackground(&image)
        #expect(TestImages.pixel(image, 1, 1)[3] == 0)
        #expect(TestImages.pixel(image, 15, 15) == [255, 255, 255, 255])
    }

    @Test func cutoutReachesIntoConcaveAndSpiralShapes() {
        // A dark "U" open at the top, and a serpentine wall: background inside both is reachable from the edge.
        var image = RGBAImage(width: 40, height: 40, fill: (250, 250, 250, 255))
        func dark(_ x: Int, _ y: Int) {
            let o = (y * 40 + x) * 4
            image.pixels.replaceSubrange(o..<(o + 3), with: [10, 10, 10])
        }
        for y in 5..<20 {
            dark(5, y)
            dark(15, y)
        }
        for x in 5...15 { dark(x, 19) }
        for x in 20..<38 { dark(x, 24) }
        for y in 24..<36 { dark(37, y) }
        for x in 22...37 { dark(x, 36) }
        for y in 28..<37 { dark(22, y) }
        _ = Cutout.removeBackground(&image)
        #expect(TestImages.pixel(image, 10, 10)[3] == 0)  // inside the U
        #expect(TestImages.pixel(image, 30, 30)[3] == 0)  // inside the hook, reached around its opening
        #expect(TestImages.pixel(image, 5, 10)[3] == 255)
        #expect(TestImages.pixel(image, 37, 30)[3] == 255)
    }

    @Test func outputSizeGivesExactDimensionsWithTheSubjectCentred() throws {
        let options = try EditOptions.parse(["outputSize": "200x100"])
        let rendered = EditRenderer.render(TestImages.product(width: 80, height: 80, inset: 0.25), options: options)
        #expect(rendered.image.width == 200)
        #expect(rendered.image.height == 100)
        // A square subject fitted into 200x100 is 100x100, centred: columns 50..<150 hold it.
        #expect(TestImages.pixel(rendered.image, 100, 50)[3] == 255)
        #expect(TestImages.pixel(rendered.image, 20, 50)[3] == 0)
        #expect(TestImages.pixel(rendered.image, 180, 50)[3] == 0)
    }

    @Test func paddingWithBackgroundColourLeavesARedBorder() throws {
        let options = try EditOptions.parse([
            "padding": "0.1", "background.color": "FF0000", "outputSize": "100x100",
        ])
        let rendered = EditRenderer.render(TestImages.product(width: 90, height: 90, inset: 0.2), options: options)
        let image = rendered.image
        // The outer 10% on every side is pure red; the subject starts inside it.
        for (x, y) in [(0, 0), (5, 50), (50, 5), (95, 50), (50, 95), (99, 99), (9, 9)] {
            #expect(TestImages.pixel(image, x, y) == [255, 0, 0, 255], "pixel (\(x), \(y))")
        }
        #expect(TestImages.pixel(image, 50, 50) == [150, 20, 30, 255])
        #expect(TestImages.pixel(image, 12, 12)[0...2] != [255, 0, 0])
    }

    @Test func pixelPaddingAndMarginsAreHonoured() throws {
        let options = try EditOptions.parse([
            "paddingLeft": "20px", "margin": "10%", "background.color": "blue", "outputSize": "100x100",
        ])
        let image = EditRenderer.render(TestImages.product(width: 50, height: 50, inset: 0.2), options: options).image
        // Margin 10 px each side, then 20 px of padding on the left: x < 30 is background.
        #expect(TestImages.pixel(image, 29, 50) == [0, 0, 255, 255])
        #expect(TestImages.pixel(image, 5, 5) == [0, 0, 255, 255])
    }

    @Test func croppedSubjectAndMaxWidth() throws {
        let cropped = try EditOptions.parse(["outputSize": "croppedSubject"])
        let image = EditRenderer.render(TestImages.product(width: 100, height: 80, inset: 0.25), options: cropped).image
        #expect(image.width == 50)
        #expect(image.height == 40)
        #expect(TestImages.pixel(image, 0, 0)[3] == 255)

        let limited = try EditOptions.parse(["outputSize": "originalImage", "maxWidth": "50"])
        let small = EditRenderer.render(TestImages.product(width: 100, height: 80), options: limited).image
        #expect(small.width == 50)
        #expect(small.height == 40)
    }

    @Test func keepingTheBackgroundKeepsEveryPixel() throws {
        let options = try EditOptions.parse(["removeBackground": "false"])
        let input = TestImages.product()
        #expect(EditRenderer.render(input, options: options).image == input)
    }

    @Test func resizeKeepsFlatColoursAndAlpha() {
        let red = RGBAImage(width: 10, height: 10, fill: (255, 0, 0, 255))
        let up = Resample.resize(red, width: 23, height: 17)
        let down = Resample.resize(red, width: 3, height: 4)
        for image in [up, down] {
            #expect(image.pixels.count == image.width * image.height * 4)
            #expect(TestImages.pixel(image, image.width - 1, image.height - 1) == [255, 0, 0, 255])
        }
        // Half transparent, half opaque: colours never bleed black from transparent pixels.
        var half = RGBAImage(width: 4, height: 2, fill: (0, 0, 0, 0))
        for x in 0..<2 {
            for y in 0..<2 {
                half.pixels.replaceSubrange(((y * 4 + x) * 4)..<((y * 4 + x) * 4 + 4), with: [0, 200, 0, 255])
            }
        }
        let merged = Resample.resize(half, width: 1, height: 1)
        #expect(TestImages.pixel(merged, 0, 0) == [0, 200, 0, 128])
    }

    @Test func colourParsing() {
        #expect(Colour(parsing: "FF0000") == Colour(r: 255, g: 0, b: 0, a: 255))
        #expect(Colour(parsing: "#00ff0080") == Colour(r: 0, g: 255, b: 0, a: 128))
        #expect(Colour(parsing: "White") == .white)
        #expect(Colour(parsing: "F0F") == Colour(r: 255, g: 0, b: 255, a: 255))
        #expect(Colour(parsing: "nope") == nil)
        #expect(Colour(parsing: "12345") == nil)
    }

    @Test func lengthParsing() {
        #expect(EditOptions.parseLength("0.1") == .ratio(0.1))
        #expect(EditOptions.parseLength("30%") == .ratio(0.3))
        #expect(EditOptions.parseLength("100px") == .pixels(100))
        #expect(EditOptions.parseLength("2") == nil)
        #expect(EditOptions.parseLength("60%") == nil)
    }

    @Test func watermarkDrawsInk() {
        var image = RGBAImage(width: 200, height: 100, fill: (255, 255, 255, 255))
        Watermark.apply(to: &image)
        var dark = 0
        for i in stride(from: 0, to: image.pixels.count, by: 4) where image.pixels[i] < 128 { dark += 1 }
        #expect(dark > 200)
    }

    // MARK: Through the server

    @Test func productOnWhiteComesBackTransparent() async throws {
        let png = try TestImages.productPNG(width: 160, height: 120)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: png))
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "image/png")
            #expect(response.header("x-uncertainty-score") == "0.00")
            let image = try response.image()
            #expect(image.width == 160 && image.height == 120)
            #expect(TestImages.pixel(image, 0, 0)[3] == 0)
            #expect(TestImages.pixel(image, 159, 119)[3] == 0)
            #expect(TestImages.pixel(image, 80, 60)[3] == 255)
        }
    }

    @Test func jpegInputWorksToo() async throws {
        let jpeg = try TestImages.productJPEG(width: 160, height: 120)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: jpeg))
            #expect(response.status == .ok)
            let image = try response.image()
            #expect(TestImages.pixel(image, 0, 0)[3] == 0)
            #expect(TestImages.pixel(image, 80, 60)[3] == 255)
        }
    }

    @Test func outputSize1000x1000IsExact() async throws {
        let png = try TestImages.productPNG(width: 120, height: 90)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("outputSize", "1000x1000")]))
            #expect(response.status == .ok)
            let image = try response.image()
            #expect(image.width == 1000)
            #expect(image.height == 1000)
        }
    }

    @Test func paddingAndRedBackgroundThroughTheServer() async throws {
        let png = try TestImages.productPNG(width: 100, height: 100)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit",
                .form(
                    image: png, fields: [("padding", "0.1"), ("background.color", "FF0000"), ("outputSize", "200x200")])
            )
            #expect(response.status == .ok)
            let image = try response.image()
            #expect(TestImages.pixel(image, 0, 0) == [255, 0, 0, 255])
            #expect(TestImages.pixel(image, 100, 10) == [255, 0, 0, 255])
            #expect(TestImages.pixel(image, 10, 100) == [255, 0, 0, 255])
            #expect(TestImages.pixel(image, 100, 100) == [150, 20, 30, 255])
        }
    }

    @Test(arguments: ["jpeg", "jpg"])
    func jpegExport(format: String) async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: [("export.format", format)]))
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "image/jpeg")
            #expect(TestImages.isJPEG(response.bytes))
            // Composited on white.
            let image = try response.image()
            let corner = TestImages.pixel(image, 0, 0)
            #expect(corner[0] > 240 && corner[1] > 240 && corner[2] > 240 && corner[3] == 255)
        }
    }

    @Test(arguments: ["webp", "avif"])
    func webpAndAvifFallBackToPNGWithANote(format: String) async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: [("export.format", format)]))
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "image/png")
            #expect(TestImages.isPNG(response.bytes))
            #expect(response.header("x-emulator-note")?.contains(format) == true)
        }
    }

    @Test func aiParametersAreBilledButNotRun() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let response = try await client.postForm(
                "/v2/edit",
                .form(image: png, fields: [("background.prompt", "a marble table"), ("shadow.mode", "ai.soft")])
            )
            #expect(response.status == .ok)
            #expect(response.header("x-emulator-ai") == "not-run")
            #expect(response.header("pr-ai-background-seed") != nil)
            // The stand-in background is opaque.
            #expect(try TestImages.pixel(response.image(), 0, 0)[3] == 255)
            #expect(await state.snapshot().balance.available == 5)
        }
    }
}
