import Foundation
import Hummingbird

/// Wraps every request: counts it (per endpoint, in flight, peak), applies the rate limit and the latency fault
/// to API endpoints, turns thrown ``EmulatorError``s into Photoroom-shaped responses, and writes the request log.
struct EmulatorMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    let state: EmulatorState
    let log: RequestLog?
    /// Whether error answers quote the request's key (``FaultConfiguration/echoKeyInErrors``).
    var echoesKey = false

    /// The API endpoints the emulator serves, for counting; everything else counts as `other`.
    private static let knownEndpoints: Set<String> = [
        "GET /v1/account", "GET /v2/account", "GET /v2/edit", "POST /v2/edit", "POST /v1/segment",
        "GET /_emulator/state", "POST /_emulator/credits",
    ]

    /// The paths of image calls (what a rate limit of scope `images` counts).
    private static let imageCallPaths: Set<String> = ["/v2/edit", "/v1/segment"]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let endpoint = "\(request.method.rawValue) \(path)"
        let isAPI = !path.hasPrefix("/_emulator")
        let style: EmulatorError.Style = path.hasPrefix("/v1/segment") ? .sdk : .imageAPI
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now

        await state.requestStarted(endpoint: Self.knownEndpoints.contains(endpoint) ? endpoint : "other")
        var response: Response
        do {
            if isAPI {
                let rule = state.rateLimitRule
                if rule.isOn, rule.scope == .allAPICalls || Self.imageCallPaths.contains(path),
                    let retryAfter = await state.admitUnderRateLimit()
                {
                    throw EmulatorError.rateLimited(style, retryAfter: rule.sendsRetryAfter ? retryAfter : nil)
                }
                let latency = await state.nextLatencyMs()
                if latency > 0 {
                    try await Task.sleep(for: .milliseconds(latency))
                }
            }
            response = try await next(request, context)
        } catch let error as EmulatorError {
            response = try echoingKey(of: request, in: error).response(from: request, context: context)
        } catch let error as ConnectionDropped {
            // Account for the drop first, so whoever sees the connection error also sees it counted.
            await state.requestFinished(status: nil)
            await writeLog(request, context: context, started: started, elapsed: clock.now - start, status: nil)
            await context.dropConnection()
            throw error
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("emulator handler failed", metadata: ["emulator.error": "\(error)"])
            response = try EmulatorError.unexpected(style).response(from: request, context: context)
        }
        let status = Int(response.status.code)
        await state.requestFinished(status: status)
        await writeLog(request, context: context, started: started, elapsed: clock.now - start, status: status)
        return response
    }

    /// `error` with the request's key quoted in its message when ``echoesKey`` is on.
    private func echoingKey(of request: Request, in error: EmulatorError) -> EmulatorError {
        guard echoesKey, let key = request.headers[.init("x-api-key")!] else { return error }
        var echoed = error
        let encoded = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key
        echoed.message += " (x-api-key: \(key); as sent: \(key.debugDescription); encoded: \(encoded))"
        return echoed
    }

    private func writeLog(
        _ request: Request,
        context: Context,
        started: Date,
        elapsed: Duration,
        status: Int?
    ) async {
        guard let log else { return }
        let outcome: String
        switch status {
        case nil: outcome = "dropped"
        case .some(200..<300): outcome = "ok"
        default: outcome = "error"
        }
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        await log.write(
            RequestLogEntry(
                time: started,
                method: request.method.rawValue,
                path: request.uri.path,
                status: status,
                outcome: outcome,
                charged: context.notes.charged,
                durationMs: (milliseconds * 1000).rounded() / 1000,
                parameters: context.notes.parameterNames
            )
        )
    }
}
