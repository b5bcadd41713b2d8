import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PhotoroomEmulator

@Suite struct BillingTests {
    /// (plan, edit cost, segment cost) as documented.
    static let plans: [(String, Decimal, Decimal)] = [
        ("basic", 5, 1),
        ("plus", 1, Decimal(string: "0.2")!),
    ]

    @Test(arguments: plans)
    func callsAreChargedByPlan(plan: String, editCost: Decimal, segmentCost: Decimal) async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(plan: plan, credits: 20)) { client, state in
            let edit = try await client.postForm("/v2/edit", .form(image: png))
            #expect(edit.status == .ok)
            #expect(await state.snapshot().balance.available == 20 - editCost)

            let segment = try await client.postForm("/v1/segment", .form(image: png, fileField: "image_file"))
            #expect(segment.status == .ok)
            let snapshot = await state.snapshot()
            #expect(snapshot.balance.available == 20 - editCost - segmentCost)
            #expect(snapshot.chargedTotal == editCost + segmentCost)
            #expect(snapshot.successfulEdits == 1)
            #expect(snapshot.successfulSegments == 1)

            let account = try await client.get("/v2/account")
            let images = try #require(account.json["images"] as? [String: Any])
            let expected = NSDecimalNumber(decimal: 20 - editCost - segmentCost).doubleValue
            #expect(abs((images["available"] as? Double ?? -1) - expected) < 1e-9)
        }
    }

    @Test func failedCallsAreFree() async throws {
        try await withRouterClient(testConfiguration(credits: 10)) { client, state in
            let noImage = try await client.postForm("/v2/edit", .form(image: nil, fields: [("padding", "0.1")]))
            #expect(noImage.status == .badRequest)
            #expect(noImage.errorMessage == "imageFile: Required")
            let garbage = try await client.postForm("/v2/edit", .form(image: Array("not an image".utf8)))
            #expect(garbage.status == .badRequest)
            let badValue = try await client.postForm(
                "/v2/edit", .form(image: try TestImages.productPNG(), fields: [("removeBackground", "maybe")]))
            #expect(badValue.status == .badRequest)
            #expect(await state.snapshot().balance.available == 10)
            #expect(await state.snapshot().chargedTotal == 0)
        }
    }

    @Test func editAtZeroBalanceIs402WithTheDocumentedBody() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 7)) { client, state in
            let first = try await client.postForm("/v2/edit", .form(image: png))
            #expect(first.status == .ok)
            // 2 left, an edit costs 5 on Basic.
            let second = try await client.postForm("/v2/edit", .form(image: png))
            #expect(second.status.code == 402)
            let error = try #require(second.json["error"] as? [String: Any])
            #expect((error["detail"] as? String)?.hasPrefix("API credits exhausted.") == true)
            #expect(error["message"] == nil)
            #expect(await state.snapshot().balance.available == 2)
            #expect(await state.snapshot().paymentRequiredResponses == 1)
        }
    }

    @Test func segmentAtZeroBalanceIs402InTheFlatShape() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 0)) { client, _ in
            let response = try await client.postForm("/v1/segment", .form(image: png, fileField: "image_file"))
            #expect(response.status.code == 402)
            #expect((response.json["detail"] as? String)?.hasPrefix("API credits exhausted.") == true)
            #expect(response.json["status_code"] as? Int == 402)
            #expect(response.json["type"] as? String == "unknown_error")
        }
    }

    @Test func topUpAfter402LetsTheNextCallThrough() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration(credits: 0)) { client, state in
            let refused = try await client.postForm("/v2/edit", .form(image: png))
            #expect(refused.status.code == 402)
            await state.addCredits(5)
            let accepted = try await client.postForm("/v2/edit", .form(image: png))
            #expect(accepted.status == .ok)
            #expect(await state.snapshot().balance.available == 0)
        }
    }

    @Test func editAuthErrors() async throws {
        let png = try TestImages.productPNG()
        try await withRouterClient(testConfiguration()) { client, state in
            let missing = try await client.postForm("/v2/edit", .form(image: png), key: nil)
            #expect(missing.status == .badRequest)
            #expect(missing.errorMessage == "apiKey: Required")
            let wrong = try await client.postForm("/v2/edit", .form(image: png), key: "nope")
            #expect(wrong.status == .forbidden)
            let segmentMissing = try await client.postForm(
                "/v1/segment", .form(image: png, fileField: "image_file"), key: nil)
            #expect(segmentMissing.status == .badRequest)
            #expect(segmentMissing.json["status_code"] as? Int == 400)
            #expect(await state.snapshot().chargedTotal == 0)
        }
    }
}
