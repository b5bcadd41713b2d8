import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PhotoroomEmulator

/// The emulator answers the OpenAPI document's forbidden combinations with 400 `{"error":{"message":…}}` and bills
/// nothing.
@Suite struct EditRulesEmulatorTests {
    @Test(
        arguments: [
            ([("colorSpace", "original"), ("background.color", "FFFFFF")], "colorSpace=original"),
            ([("colorSpace", "original"), ("export.format", "jpeg")], "export.format=jpeg"),
            ([("colorSpace", "original"), ("export.dpi", "300")], "export.dpi"),
            ([("colorSpace", "original"), ("keepExistingAlphaChannel", "auto")], "keepExistingAlphaChannel"),
            ([("colorSpace", "original"), ("outputSize", "500x500")], "outputSize"),
            ([("background.scaling", "fit")], "background.scaling can only be provided with a background image"),
            ([("beautify.onSubjectMismatch", "error")], "beautify.mode=ai.food"),
            ([("shadow.intensityOverride", "0.4")], "shadow.mode=ai.auto-with-overrides"),
            ([("shadow.mode", "ai.auto-with-overrides")], "pr-ai-shadows-model-version"),
            ([("outputSize", "0x0")], "outputSize must be at least 1x1"),
            ([("virtualModel.mode", "ai.auto"), ("virtualModel.model.preset.name", "bob")], "must be one of avery"),
            ([("virtualModel.model", #"{"preset":{"name":"avery"}}"#)], "must be sent as dotted fields"),
            ([("padding", "0.1"), ("padding", "0.2")], "padding was given 2 times"),
        ] as [([(String, String)], String)])
    func forbiddenCombinationsAre400(fields: [(String, String)], message: String) async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: fields))
            #expect(response.status == .badRequest)
            #expect(response.header("content-type") == "application/json")
            let text = try #require(response.errorMessage)
            #expect(text.contains(message), "\(text)")
            #expect(await state.snapshot().balance.available == 10)
        }
    }

    @Test func shadowOverridesWithTheirHeaderAreAccepted() async throws {
        let png = try TestImages.productPNG()
        let fields = [("shadow.mode", "ai.auto-with-overrides"), ("shadow.directionOverride", "frontLeft")]
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit", .form(image: png, fields: fields), extra: ["pr-ai-shadows-model-version": "2026-04-15"])
            #expect(response.status == .ok, "\(response.errorMessage ?? "")")
            let wrongModel = try await client.postForm(
                "/v2/edit", .form(image: png, fields: fields), extra: ["pr-ai-shadows-model-version": "2025-01-01"])
            #expect(wrongModel.status == .badRequest)
            #expect(wrongModel.errorMessage?.contains("must be one of 2026-04-15") == true)
        }
    }

    @Test func objectParametersAsDottedAndRepeatedFieldsAreAccepted() async throws {
        let png = try TestImages.productPNG()
        let fields = [
            ("virtualModel.mode", "ai.auto"), ("virtualModel.model.preset.name", "avery"),
            ("virtualModel.scene.preset.name", "studio"),
            ("virtualModel.additionalProductImages", "https://example.com/1.jpg"),
            ("virtualModel.additionalProductImages", "https://example.com/2.jpg"),
        ]
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm("/v2/edit", .form(image: png, fields: fields))
            #expect(response.status == .ok, "\(response.errorMessage ?? "")")
            #expect(response.header("pr-unsupported-attributes") == nil)
        }
    }

    /// The upscaler refuses inputs above its pixel limit unless the request lets it downscale first.
    @Test func upscaleLimitsArePerImage() async throws {
        let large = try TestImages.productPNG(width: 600, height: 500)
        try await withRouterClient(testConfiguration(credits: 50)) { client, state in
            let refused = try await client.postForm(
                "/v2/edit", .form(image: large, fields: [("upscale.mode", "ai.slow")]))
            #expect(refused.status == .badRequest)
            #expect(refused.errorMessage?.contains("262,144 pixels") == true, "\(refused.errorMessage ?? "")")
            #expect(await state.snapshot().balance.available == 50)
            let allowed = try await client.postForm(
                "/v2/edit",
                .form(image: large, fields: [("upscale.mode", "ai.slow"), ("upscale.downscaleIfNeeded", "always")]))
            #expect(allowed.status == .ok, "\(allowed.errorMessage ?? "")")
        }
    }

    @Test func colorSpaceOriginalForAPureCutoutToPNGIsAccepted() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, _ in
            let response = try await client.postForm(
                "/v2/edit", .form(image: png, fields: [("colorSpace", "original"), ("export.format", "png")]))
            #expect(response.status == .ok, "\(response.errorMessage ?? "")")
        }
    }
}
