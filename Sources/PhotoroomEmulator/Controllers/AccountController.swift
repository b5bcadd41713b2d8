import Foundation
import Hummingbird

/// `GET /v1/account` and `GET /v2/account`: the balance in the two documented shapes.
///
/// Both report the same pool: `available` is what is left, `subscription` the monthly quota. Sandbox keys are
/// accepted here too (Photoroom does not document what it does with them).
struct AccountController: Sendable {
    let state: EmulatorState
    let keys: KeyCheck
    let faults: FaultConfiguration

    var routes: RouteCollection<EmulatorRequestContext> {
        let routes = RouteCollection(context: EmulatorRequestContext.self)
        routes.get("/v1/account") { request, _ in try await self.v1(request) }
        routes.get("/v2/account") { request, context in try await self.v2(request, context: context) }
        return routes
    }

    private func v1(_ request: Request) async throws -> Response {
        _ = try keys.check(request, style: .imageAPI)
        let balance = await state.balance()
        return try JSONBody.encoded(
            AccountV1(credits: .init(available: balance.available, subscription: balance.subscription)))
    }

    private func v2(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        _ = try keys.check(request, style: .imageAPI)
        let balance = await state.balance()
        let account = AccountV2(
            images: .init(available: balance.available, subscription: balance.subscription), plan: state.plan.name)
        let response = try JSONBody.encoded(account)
        guard faults.stallAccount else { return response }
        let body = try JSONBody.encoder.encode(account)
        return StalledAnswer(faults: faults).response(headers: response.headers, body: [UInt8](body), context: context)
    }
}

/// The `GET /v1/account` body.
struct AccountV1: Codable {
    /// `available` and `subscription`.
    struct Credits: Codable {
        var available: Decimal
        var subscription: Decimal
    }
    var credits: Credits
}

/// The `GET /v2/account` body.
struct AccountV2: Codable {
    var images: AccountV1.Credits
    var plan: String
}

/// Builds small JSON responses (Decimal values become exact JSON numbers).
enum JSONBody {
    /// A 200 response with `value` encoded with sorted keys.
    static func encoded(_ value: some Encodable) throws -> Response {
        bytes([UInt8](try encoder.encode(value)))
    }

    /// The encoder of every JSON body (sorted keys).
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// A JSON response with an already encoded body.
    static func bytes(_ body: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.contentLength] = String(body.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
