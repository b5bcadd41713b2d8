import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import Testing

@testable import PhotoroomEmulator

@Suite struct SegmentTests {
    @Test func segmentCutsOutAndDefaultsToPNG() async throws {
        let png = try TestImages.productPNG(width: 100, height: 80)
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v1/segment", .form(image: png, fileField: "image_file"))
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "image/png")
            #expect(response.header("x-uncertainty-score") == "0.00")
            let image = try response.image()
            #expect(TestImages.pixel(image, 0, 0)[3] == 0)
            #expect(TestImages.pixel(image, 50, 40)[3] == 255)
        }
    }

    @Test func segmentOptions() async throws {
        let png = try TestImages.productPNG(width: 100, height: 80)
        try await withRouterClient(testConfiguration(credits: 10)) { client, _ in
            let cropped = try await client.postForm(
                "/v1/segment",
                .form(image: png, fileField: "image_file", fields: [("crop", "true"), ("bg_color", "#00FF00")]))
            let croppedImage = try cropped.image()
            #expect(croppedImage.width == 50 && croppedImage.height == 40)

            let coloured = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file", fields: [("bg_color", "#00FF00")]))
            #expect(TestImages.pixel(try coloured.image(), 0, 0) == [0, 255, 0, 255])

            let mask = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file", fields: [("channels", "alpha")]))
            let maskImage = try mask.image()
            #expect(TestImages.pixel(maskImage, 0, 0) == [0, 0, 0, 255])
            #expect(TestImages.pixel(maskImage, 50, 40) == [255, 255, 255, 255])

            let jpeg = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file", fields: [("format", "jpg")]))
            #expect(jpeg.header("content-type") == "image/jpeg")
            #expect(TestImages.isJPEG(jpeg.bytes))

            let preview = try await client.postForm(
                "/v1/segment",
                .form(
                    image: try TestImages.productPNG(width: 1000, height: 500), fileField: "image_file",
                    fields: [("size", "preview")]))
            let previewImage = try preview.image()
            #expect(previewImage.width * previewImage.height <= 250_000)
            #expect(previewImage.width == 707)
        }
    }

    @Test func segmentAnswersBase64JSONWhenAsked() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file"), extra: ["accept": "application/json"])
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "application/json")
            let encoded = try #require(response.json["base64img"] as? String)
            let bytes = try #require(Data(base64Encoded: encoded))
            #expect(TestImages.isPNG([UInt8](bytes)))
        }
    }

    @Test func segmentErrorsUseTheFlatShape() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 5)) { client, state in
            let missing = try await client.postForm("/v1/segment", .form(image: nil, fields: [("format", "png")]))
            #expect(missing.status == .badRequest)
            #expect(missing.json["detail"] as? String == "Please provide an image.")
            #expect(missing.json["status_code"] as? Int == 400)
            #expect(missing.json["type"] as? String == "missing_image")

            let badFormat = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file", fields: [("format", "gif")]))
            #expect(badFormat.status == .badRequest)
            #expect((badFormat.json["detail"] as? String)?.contains("format") == true)

            let wrongKey = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file"), key: "x")
            #expect(wrongKey.status == .forbidden)
            #expect(wrongKey.json["status_code"] as? Int == 403)
            #expect(await state.snapshot().balance.available == 5)
        }
    }
}
