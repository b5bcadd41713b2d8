import Foundation
import Hummingbird

/// The emulator's own control endpoints (no key needed; the emulator listens on loopback):
///
/// - `GET /_emulator/state`: the ``EmulatorSnapshot`` as JSON.
/// - `POST /_emulator/credits` with `{"add": N}` or `{"set": N}`: top the balance up (or set it); answers the
///   new snapshot.
struct ControlController: Sendable {
    let state: EmulatorState

    var routes: RouteCollection<EmulatorRequestContext> {
        let routes = RouteCollection(context: EmulatorRequestContext.self)
        routes.get("/_emulator/state") { _, _ in try await self.snapshotResponse() }
        routes.post("/_emulator/credits") { request, context in try await self.credits(request, context: context) }
        return routes
    }

    /// The body of `POST /_emulator/credits`.
    private struct CreditsChange: Decodable {
        var add: Decimal?
        var set: Decimal?
    }

    private func credits(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let change: CreditsChange
        do {
            change = try JSONDecoder().decode(CreditsChange.self, from: Data(body.readableBytesView))
        } catch {
            throw EmulatorError.badRequest(.imageAPI, "body must be JSON like {\"add\": 10} or {\"set\": 10}")
        }
        guard change.add != nil || change.set != nil else {
            throw EmulatorError.badRequest(.imageAPI, "body must carry \"add\" or \"set\"")
        }
        if let set = change.set { await state.setCredits(set) }
        if let add = change.add { await state.addCredits(add) }
        return try await snapshotResponse()
    }

    private func snapshotResponse() async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(await state.snapshot())
        return JSONBody.bytes([UInt8](data))
    }
}
