import Foundation
public import Hummingbird
import Logging
import PhotoroomPricing

/// The built-in stand-in for Photoroom's API: `/v1/account`, `/v2/account`, `/v2/edit` (GET and POST),
/// `/v1/segment`, plus `/_emulator/state` and `/_emulator/credits`.
///
/// Run it scoped in tests with ``withEmulator(_:_:)``, or in the foreground (the CLI's `emulator` command) with
/// ``runService(_:onStarted:)``. ``buildApplication(_:state:onServerRunning:)`` and ``buildRouter(_:state:)``
/// give the pieces for `HummingbirdTesting`.
///
/// Behaviour the real service does not document, decided here:
/// - A sandbox key past its daily quota gets **429** with `Retry-After` = seconds to UTC midnight (not 402:
///   the account still has its balance).
/// - `export.format=webp|avif` (and segment `format=webp`) are answered with **PNG** bytes, `content-type:
///   image/png` and a header `x-emulator-note` saying so: the project has no WebP/AVIF encoder.
/// - AI parameters (`spec.isAI`) are accepted and billed, but rendered as a plain stand-in, with the header
///   `x-emulator-ai: not-run`.
/// - A wrong key gets 403 with a JSON body in the host's error shape.
public enum Emulator {
    /// The router with every route and the emulator middleware.
    ///
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - state: the state the routes share (see ``EmulatorState``).
    ///   - requestLog: the opened request log, if any.
    public static func buildRouter(
        _ configuration: EmulatorConfiguration,
        state: EmulatorState
    ) throws -> Router<EmulatorRequestContext> {
        try buildRouter(configuration, state: state, requestLog: openLog(configuration))
    }

    static func buildRouter(
        _ configuration: EmulatorConfiguration,
        state: EmulatorState,
        requestLog: RequestLog?
    ) -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.add(
            middleware: EmulatorMiddleware(
                state: state, log: requestLog, echoesKey: configuration.faults.echoKeyInErrors))
        let keys = KeyCheck(apiKey: configuration.apiKey)
        router.addRoutes(AccountController(state: state, keys: keys, faults: configuration.faults).routes)
        router.addRoutes(ControlController(state: state).routes)
        let call = ImageCall(state: state, keys: keys, configuration: configuration)
        router.addRoutes(EditController(call: call).routes)
        router.addRoutes(SegmentController(call: call).routes)
        return router
    }

    /// The Hummingbird application serving the emulator.
    ///
    /// - Parameters:
    ///   - configuration: the settings; they are checked first.
    ///   - state: the shared state (a fresh one from `configuration` by default); keep a reference to read
    ///     snapshots or top up the balance in-process.
    ///   - onServerRunning: called with the bound port once the server listens.
    ///   - logLevel: the server's own log level (`.warning`; in-process runs use `.critical`).
    /// - Throws: ``EmulatorStartError`` for an unknown plan, an invalid setting or an unopenable request log.
    public static func buildApplication(
        _ configuration: EmulatorConfiguration,
        state: EmulatorState? = nil,
        logLevel: Logger.Level = .warning,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try validate(configuration)
        let state = state ?? EmulatorState(configuration: configuration)
        let router = buildRouter(configuration, state: state, requestLog: try openLog(configuration))
        var logger = Logger(label: "photoroom-emulator")
        logger.logLevel = logLevel
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }

    /// Runs an emulator for the duration of `body`, on the configured port (`0` for an ephemeral one),
    /// and shuts it down when `body` returns or throws.
    ///
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - body: receives the running emulator (port, base URL, state).
    /// - Returns: what `body` returns.
    /// - Throws: ``EmulatorStartError`` when the server cannot start, or what `body` throws.
    public static func withEmulator<Result: Sendable>(
        _ configuration: EmulatorConfiguration,
        _ body: @Sendable (RunningEmulator) async throws -> Result
    ) async throws -> Result {
        let state = EmulatorState(configuration: configuration)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // In-process runs end by cancellation, which the server would log as an error: keep it quiet.
        let app = try buildApplication(configuration, state: state, logLevel: .critical) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                do {
                    try await app.run()
                } catch {
                    throw EmulatorStartError(code: .bind, message: "the server stopped: \(error)")
                }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server ended before it listened: surface its error.
                while (try await group.next()) != nil {}
                throw EmulatorStartError(code: .bind, message: "the server stopped before it was listening")
            }
            let running = RunningEmulator(host: configuration.host, port: port, stateStore: state)
            do {
                let result = try await body(running)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Runs the emulator in the foreground until SIGINT or SIGTERM (the CLI's `emulator` command).
    ///
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - onStarted: called once the server listens (print the URL from here).
    public static func runService(
        _ configuration: EmulatorConfiguration,
        onStarted: @escaping @Sendable (RunningEmulator) async -> Void = { _ in }
    ) async throws {
        let state = EmulatorState(configuration: configuration)
        let app = try buildApplication(configuration, state: state) { port in
            await onStarted(RunningEmulator(host: configuration.host, port: port, stateStore: state))
        }
        try await app.runService()
    }

    /// Checks settings that would make the emulator misbehave.
    static func validate(_ configuration: EmulatorConfiguration) throws(EmulatorStartError) {
        do {
            _ = try configuration.pricing.costs(for: configuration.plan)
        } catch {
            throw EmulatorStartError(code: .unknownPlan, message: error.message)
        }
        guard (0...65535).contains(configuration.port) else {
            throw EmulatorStartError(code: .invalid, message: "port must be 0...65535, got \(configuration.port)")
        }
        guard configuration.credits >= 0 else {
            throw EmulatorStartError(code: .invalid, message: "credits must not be negative")
        }
        guard configuration.rateLimit.limit >= 0 else {
            throw EmulatorStartError(code: .invalid, message: "the rate limit must be 0 (off) or more")
        }
        guard configuration.rateLimit.windowSeconds > 0, configuration.rateLimit.windowSeconds.isFinite else {
            throw EmulatorStartError(
                code: .invalid, message: "the rate-limit window must be a positive number of seconds")
        }
        let faults = configuration.faults
        guard (0...1).contains(faults.serverErrorProbability) else {
            throw EmulatorStartError(code: .invalid, message: "the 500 probability must be within 0...1")
        }
        let counts = [
            faults.latencyMs, faults.latencyJitterMs, faults.serverErrorEvery, faults.rateLimitBurstEvery,
            faults.dropBeforeBillingEvery, faults.dropAfterBillingEvery, faults.slowBodyEvery,
            faults.slowBodyChunkDelayMs, faults.damagedResultEvery, faults.rateLimitBurstRetryAfterSeconds,
        ]
        guard counts.allSatisfy({ $0 >= 0 }), faults.slowBodyChunkBytes > 0, faults.rateLimitBurstLength > 0 else {
            throw EmulatorStartError(code: .invalid, message: "fault settings must not be negative")
        }
    }

    static func openLog(_ configuration: EmulatorConfiguration) throws(EmulatorStartError) -> RequestLog? {
        guard let path = configuration.requestLogPath else { return nil }
        return try RequestLog(path: path)
    }
}

/// A running emulator: where it listens and a handle on its state.
public struct RunningEmulator: Sendable {
    /// The host it is bound to.
    public let host: String
    /// The bound port (the real one when the configuration asked for port 0).
    public let port: Int
    let stateStore: EmulatorState

    /// `http://host:port`, without a trailing slash.
    public var baseURL: String { "http://\(host):\(port)" }

    /// A snapshot of the account and counters.
    public func state() async -> EmulatorSnapshot {
        await stateStore.snapshot()
    }

    /// Adds images to the balance (the in-process twin of `POST /_emulator/credits`).
    ///
    /// - Returns: the new available balance.
    @discardableResult
    public func addCredits(_ amount: Decimal) async -> Decimal {
        await stateStore.addCredits(amount)
    }

    /// Sets the available balance.
    public func setCredits(_ amount: Decimal) async {
        await stateStore.setCredits(amount)
    }

    /// The shared state actor, for tests that need more than snapshots.
    public var stateActor: EmulatorState { stateStore }
}
