import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PhotoroomEmulator

/// The emulator's answers checked against Photoroom's official OpenAPI document, for every emulated
/// operation and every status the emulator produces for it.
@Suite struct ContractTests {
    /// One request and the operation of the document it exercises.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var method: String
        var expectedStatus: Int
        var configuration: EmulatorConfiguration
        var send: @Sendable (any TestClientProtocol) async throws -> TestResponse

        var testDescription: String { "\(method) \(path) → \(expectedStatus) (\(name))" }
    }

    static let png: [UInt8] = (try? TestImages.productPNG(width: 48, height: 36)) ?? []

    static let cases: [Case] = {
        let basic = testConfiguration(credits: 50)
        let broke = testConfiguration(credits: 0)
        let failing = testConfiguration(faults: FaultConfiguration(serverErrorEvery: 1))
        var limited = testConfiguration(rateLimit: 1)
        limited.rateLimitPerMinute = 1
        var cases: [Case] = []
        for path in ["/v1/account", "/v2/account"] {
            cases.append(
                Case(name: "ok", path: path, method: "GET", expectedStatus: 200, configuration: basic) {
                    try await $0.get(path)
                })
            cases.append(
                Case(name: "no key", path: path, method: "GET", expectedStatus: 400, configuration: basic) {
                    try await $0.get(path, key: nil)
                })
            cases.append(
                Case(name: "wrong key", path: path, method: "GET", expectedStatus: 403, configuration: basic) {
                    try await $0.get(path, key: "wrong")
                })
            cases.append(
                Case(name: "rate limited", path: path, method: "GET", expectedStatus: 429, configuration: limited) {
                    _ = try await $0.get(path)
                    return try await $0.get(path)
                })
        }
        let edit = "/v2/edit"
        cases += [
            Case(name: "png", path: edit, method: "POST", expectedStatus: 200, configuration: basic) {
                try await $0.postForm(edit, .form(image: png))
            },
            Case(name: "jpeg", path: edit, method: "POST", expectedStatus: 200, configuration: basic) {
                try await $0.postForm(edit, .form(image: png, fields: [("export.format", "jpeg")]))
            },
            Case(name: "bad value", path: edit, method: "POST", expectedStatus: 400, configuration: basic) {
                try await $0.postForm(edit, .form(image: png, fields: [("removeBackground", "maybe")]))
            },
            Case(name: "no key", path: edit, method: "POST", expectedStatus: 400, configuration: basic) {
                try await $0.postForm(edit, .form(image: png), key: nil)
            },
            Case(name: "no credits", path: edit, method: "POST", expectedStatus: 402, configuration: broke) {
                try await $0.postForm(edit, .form(image: png))
            },
            Case(name: "wrong key", path: edit, method: "POST", expectedStatus: 403, configuration: basic) {
                try await $0.postForm(edit, .form(image: png), key: "wrong")
            },
            Case(name: "rate limited", path: edit, method: "POST", expectedStatus: 429, configuration: limited) {
                _ = try await $0.postForm(edit, .form(image: png))
                return try await $0.postForm(edit, .form(image: png))
            },
            Case(name: "fault", path: edit, method: "POST", expectedStatus: 500, configuration: failing) {
                try await $0.postForm(edit, .form(image: png))
            },
            Case(name: "remote URL", path: edit, method: "GET", expectedStatus: 400, configuration: basic) {
                try await $0.get(edit + "?imageUrl=https%3A%2F%2Fexample.com%2Fa.png")
            },
            Case(name: "no credits", path: edit, method: "GET", expectedStatus: 402, configuration: broke) {
                try await $0.get(edit + "?imageUrl=http%3A%2F%2F127.0.0.1%3A9%2Fa.png")
            },
            Case(name: "fault", path: edit, method: "GET", expectedStatus: 500, configuration: failing) {
                try await $0.get(edit + "?imageUrl=http%3A%2F%2F127.0.0.1%3A9%2Fa.png")
            },
        ]
        let segment = "/v1/segment"
        cases += [
            Case(name: "png", path: segment, method: "POST", expectedStatus: 200, configuration: basic) {
                try await $0.postForm(segment, .form(image: png, fileField: "image_file"))
            },
            Case(name: "base64 JSON", path: segment, method: "POST", expectedStatus: 200, configuration: basic) {
                try await $0.postForm(
                    segment, .form(image: png, fileField: "image_file"), extra: ["accept": "application/json"])
            },
            Case(name: "missing image", path: segment, method: "POST", expectedStatus: 400, configuration: basic) {
                try await $0.postForm(segment, .form(image: nil, fields: [("format", "png")]))
            },
            Case(name: "no credits", path: segment, method: "POST", expectedStatus: 402, configuration: broke) {
                try await $0.postForm(segment, .form(image: png, fileField: "image_file"))
            },
            Case(name: "wrong key", path: segment, method: "POST", expectedStatus: 403, configuration: basic) {
                try await $0.postForm(segment, .form(image: png, fileField: "image_file"), key: "wrong")
            },
            Case(name: "rate limited", path: segment, method: "POST", expectedStatus: 429, configuration: limited) {
                _ = try await $0.get("/v1/account")
                return try await $0.postForm(segment, .form(image: png, fileField: "image_file"))
            },
        ]
        return cases
    }()

    @Test(arguments: cases)
    func responseFitsTheDocument(_ contractCase: Case) async throws {
        let contract = try OpenAPIContract.load()
        let response = try await withRouterClient(contractCase.configuration) { client, _ in
            try await contractCase.send(client)
        }
        #expect(Int(response.status.code) == contractCase.expectedStatus)
        let observed = OpenAPIContract.Observed(
            status: Int(response.status.code), contentType: response.header("content-type"), body: response.bytes)
        let problems = contract.violations(path: contractCase.path, method: contractCase.method, observed: observed)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func theCheckerCatchesAWrongShape() throws {
        let contract = try OpenAPIContract.load()
        // A 402 on edit with `message` instead of `detail`: not the documented payment error.
        let wrong = OpenAPIContract.Observed(
            status: 402, contentType: "application/json", body: Array(#"{"error":{"message":"x"}}"#.utf8))
        #expect(!contract.violations(path: "/v2/edit", method: "POST", observed: wrong).isEmpty)
        let flatOnEdit = OpenAPIContract.Observed(
            status: 400, contentType: "application/json", body: Array(#"{"detail":"x","status_code":400}"#.utf8))
        #expect(!contract.violations(path: "/v2/edit", method: "POST", observed: flatOnEdit).isEmpty)
        let stringBalance = OpenAPIContract.Observed(
            status: 200, contentType: "application/json",
            body: Array(#"{"images":{"available":"3","subscription":5},"plan":"basic"}"#.utf8))
        #expect(!contract.violations(path: "/v2/account", method: "GET", observed: stringBalance).isEmpty)
        let undocumented = OpenAPIContract.Observed(status: 418, contentType: "application/json", body: [])
        #expect(!contract.violations(path: "/v1/account", method: "GET", observed: undocumented).isEmpty)
        let wrongType = OpenAPIContract.Observed(status: 200, contentType: "text/plain", body: [])
        #expect(!contract.violations(path: "/v1/segment", method: "POST", observed: wrongType).isEmpty)
    }
}
