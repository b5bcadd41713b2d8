import Foundation
import Hummingbird
import HummingbirdTesting
import PhotoroomImaging
import PhotoroomRendering
import Testing

@testable import PhotoroomEmulator

/// HEIC uploads: `/v1/segment` takes them (the API accepts HEIC there) and, having no HEVC decoder, cuts out a
/// stand-in subject of the file's size; `/v2/edit` refuses them with a 400 naming the format, and bills nothing.
@Suite struct HEICUploadTests {
    /// `Tests/Fixtures/heic/mug-orange.heic` (480×360, made by `scripts/make-heic-sample.sh`).
    static func heic() throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/heic/mug-orange.heic")
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func segmentCutsOutAStandInOfTheHEICsSize() async throws {
        let heic = try Self.heic()
        try await withRouterClient(testConfiguration(credits: 10)) { client, emulator in
            var form = MultipartBody()
            form.addFile("image_file", filename: "mug.heic", contentType: "image/heic", heic)
            let response = try await client.postForm("/v1/segment", form)
            #expect(response.status == .ok)
            #expect(response.header("content-type") == "image/png")
            let image = try response.image()
            #expect((image.width, image.height) == (480, 360))
            #expect(TestImages.pixel(image, 0, 0)[3] == 0, "the background is cut away")
            #expect(TestImages.pixel(image, 240, 180) == [128, 128, 128, 255], "the stand-in subject stays")
            let box = try #require(PixelBox.subject(of: image))
            #expect(abs(box.x - 96) <= 1 && abs(box.width - 288) <= 2)
            #expect(abs(box.y - 72) <= 1 && abs(box.height - 216) <= 2)
            let state = await emulator.snapshot()
            #expect(state.successfulSegments == 1)
        }
    }

    @Test func segmentRefusesACorruptHEICWithTheFlatError() async throws {
        let cut = Array(try Self.heic().prefix(300))
        try await withRouterClient(testConfiguration(credits: 10)) { client, emulator in
            var form = MultipartBody()
            form.addFile("image_file", filename: "cut.heic", contentType: "image/heic", cut)
            let response = try await client.postForm("/v1/segment", form)
            #expect(response.status == .badRequest)
            #expect((response.json["detail"] as? String)?.contains("corrupt HEIF") == true)
            #expect(await emulator.snapshot().chargedTotal == 0)
        }
    }

    @Test func editRefusesHEICAsAnUnsupportedFormat() async throws {
        let heic = try Self.heic()
        try await withRouterClient(testConfiguration(credits: 10)) { client, emulator in
            var form = MultipartBody()
            form.add("removeBackground", "true")
            form.addFile("imageFile", filename: "mug.heic", contentType: "image/heic", heic)
            let response = try await client.postForm("/v2/edit", form)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "imageFile: unsupported image format HEIC/HEIF; use PNG, JPEG or WebP")
            let state = await emulator.snapshot()
            #expect(state.chargedTotal == 0)
            #expect(state.successfulEdits == 0)
        }
    }
}
