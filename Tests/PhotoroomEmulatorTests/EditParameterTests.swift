import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator

@Suite struct EditParameterTests {
    @Test func unknownNamesAreReportedAndIgnored() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let response = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("background.inner", "x"), ("bogus", "1"), ("padding", "0.1")]))
            #expect(response.status == .ok)
            #expect(response.header("pr-unsupported-attributes") == "Unsupported attributes: background.inner, bogus")
            #expect(await state.snapshot().balance.available == 5)
        }
    }

    @Test func knownNamesGiveNoUnsupportedHeader() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: [("padding", "0.1")]))
            #expect(response.status == .ok)
            #expect(response.header("pr-unsupported-attributes") == nil)
        }
    }

    @Test(arguments: [
        ("removeBackground", "maybe", "removeBackground must be boolean"),
        ("export.format", "gif", "export.format must be one of"),
        ("padding", "2", "padding must be"),
        ("outputSize", "big", "outputSize must be"),
        ("background.color", "not-a-colour", "background.color must be"),
    ])
    func badValuesAre400(name: String, value: String, message: String) async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: [(name, value)]))
            #expect(response.status == .badRequest)
            #expect(response.header("content-type") == "application/json")
            let text = try #require(response.errorMessage)
            #expect(text.hasPrefix(message), "\(text)")
            #expect(await state.snapshot().balance.available == 10)
        }
    }

    /// The document: with removeBackground=false the colour fills the padding made by outputSize and any transparent
    /// areas, so the combination is valid.
    @Test func colourWithoutCutoutFillsThePadding() async throws {
        let png = try TestImages.productPNG(width: 40, height: 40)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit",
                .form(
                    image: png,
                    fields: [
                        ("removeBackground", "false"), ("background.color", "FF0000"), ("outputSize", "80x40"),
                        ("padding", "0.25"),
                    ]
                )
            )
            #expect(response.status == .ok, "\(response.errorMessage ?? "")")
            let image = try response.image()
            #expect(image.width == 80 && image.height == 40)
            #expect(Array(image.pixels[0..<4]) == [255, 0, 0, 255])
        }
    }

    @Test func promptWithBackgroundImageIsAConflict() async throws {
        let png = try TestImages.productPNG()
        var building = MultipartBody.form(image: png, fields: [("background.prompt", "a beach")])
        building.addFile("background.imageFile", filename: "bg.png", contentType: "image/png", png)
        let form = building
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", form)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains("background.prompt") == true)
        }
    }

    @Test func backgroundImageIsCompositedUnderTheCutout() async throws {
        let product = try TestImages.productPNG(width: 60, height: 60)
        let green = try ImageCodec.encodePNG(RGBAImage(width: 10, height: 10, fill: (0, 200, 0, 255)))
        var building = MultipartBody.form(image: product)
        building.addFile("background.imageFile", filename: "bg.png", contentType: "image/png", green)
        let form = building
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", form)
            #expect(response.status == .ok)
            let image = try response.image()
            #expect(TestImages.pixel(image, 0, 0) == [0, 200, 0, 255])
            #expect(TestImages.pixel(image, 30, 30)[3] == 255)
        }
    }

    @Test func imageUrlIsNotAcceptedByPost() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("imageUrl", "http://127.0.0.1/x.png")]))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains("imageUrl") == true)
        }
    }

    @Test func postWithoutMultipartIs400() async throws {
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.execute(
                uri: "/v2/edit", method: .post, headers: headers(), body: ByteBuffer(string: "{}"))
            #expect(response.status == .badRequest)
            #expect(response.errorMessage != nil)
        }
    }

    @Test func getRefusesNonLoopbackURLs() async throws {
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let remote = try await client.get("/v2/edit?imageUrl=https%3A%2F%2Fexample.com%2Fshoe.jpg")
            #expect(remote.status == .badRequest)
            #expect(remote.errorMessage?.contains("loopback") == true)
            let missing = try await client.get("/v2/edit?padding=0.1")
            #expect(missing.status == .badRequest)
            #expect(missing.errorMessage == "imageUrl: Required")
            #expect(await state.snapshot().balance.available == 10)
        }
    }

    @Test func loopbackHostsAreRecognised() {
        for good in ["http://127.0.0.1:8080/a.png", "http://localhost/a.png", "http://127.1.2.3/x", "http://[::1]:9/x"]
        {
            #expect(LoopbackFetcher.isLoopback(URL(string: good)!), "\(good)")
        }
        for bad in [
            "https://example.com/a.png", "http://10.0.0.1/a.png", "file:///etc/passwd", "http://127.0.0.1.example.com/",
        ] {
            #expect(!LoopbackFetcher.isLoopback(URL(string: bad)!), "\(bad)")
        }
    }

    @Test func checkSortsNamesAndKeepsAIFlags() throws {
        let checked = try EditController.check(
            ["padding": "0.1", "shadow.mode": "ai.soft", "zzz": "1", "aaa": "2"], method: "POST")
        #expect(checked.unsupported == ["aaa", "zzz"])
        #expect(checked.accepted["padding"] == "0.1")
        #expect(checked.aiNames == ["shadow.mode"])
    }
}
