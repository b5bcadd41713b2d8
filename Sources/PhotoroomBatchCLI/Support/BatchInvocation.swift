import ArgumentParser
import AsyncHTTPClient
import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPipeline
import PhotoroomPricing

/// What `run` and `watch` share: the key or the in-process emulator, the HTTP client, the input selection, signals,
/// reporting.
struct BatchInvocation {
    var input: String
    var output: String
    var configuration: PipelineConfiguration
    var flags: RunFlags
    var api: APIOptions
    var emulator: InProcessEmulatorOptions
    var context: CommandContext
    /// Whether SIGINT/SIGTERM are handled here (`run`); `watch` lets its ServiceGroup handle them.
    var handlesSignals = true

    /// Runs the work with a runner built for this invocation (its client, inspector, reporter and stop control).
    typealias Body = @Sendable (BatchRunner) async -> RunOutcome

    /// Sets everything up, calls `body`, and returns the exit code of its outcome.
    func run(_ body: @escaping Body) async throws -> Int32 {
        let inputURL = URL(fileURLWithPath: input).standardizedFileURL
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        // The library scans INPUT_DIR at the start of preflight (a watch once its watcher started).
        let selection = InputSelection(
            roots: [inputURL.path], input: configuration.input, excludedFolders: [outputURL.path],
            shard: try flags.sharding.spec())

        if emulator.emulator {
            let plan = Plan(emulator.emulatorPlan)
            guard PricingModel().plans[plan] != nil else {
                throw ValidationError("--emulator-plan \(emulator.emulatorPlan): the emulator knows basic and plus")
            }
            // Without --emulator-credits, a balance no ordinary batch or watch uses up, set without counting the
            // inputs: preflight's scan is the only one.
            let credits =
                emulator.emulatorCredits.map { Decimal(string: String($0)) ?? Decimal($0) }
                ?? InProcessEmulatorOptions.defaultCredits
            var faults = FaultConfiguration()
            faults.latencyMs = emulator.emulatorLatencyMs
            let key = "emulator_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let emulatorConfiguration = EmulatorConfiguration(
                port: 0, plan: plan, credits: credits, apiKey: key, rateLimitPerMinute: 0, faults: faults,
                requestLogPath: emulator.emulatorRequestLog
            )
            let context = self.context
            return try await Emulator.withEmulator(emulatorConfiguration) { running in
                context.err(
                    "Using the built-in emulator at \(running.baseURL) (\(plan.displayName) plan, "
                        + "\(AccountFormatting.number(credits)) images; nothing is billed for real)."
                )
                return try await self.run(
                    body, selection: selection, baseURL: running.baseURL,
                    endpoint: BatchRunner.inProcessEmulatorEndpoint, key: APIKey(key)!, in: inputURL, outputURL)
            }
        }
        guard let key = try api.apiKey(in: context) else {
            if flags.dryRun, case .fixed = configuration.plan {
                // An offline dry run: nothing is sent, so no key is needed.
                return try await run(
                    body, selection: selection, baseURL: api.baseURL(in: context), key: nil, in: inputURL, outputURL)
            }
            context.err(
                "error: no API key: set PHOTOROOM_API_KEY (or --api-key-file), or rehearse offline with --emulator"
            )
            throw ExitStatus.usage.exitCode
        }
        return try await run(
            body, selection: selection, baseURL: api.baseURL(in: context), key: key, in: inputURL, outputURL)
    }

    private func run(
        _ body: @escaping Body,
        selection: InputSelection,
        baseURL: String,
        endpoint: String? = nil,
        key: APIKey?,
        in inputURL: URL,
        _ outputURL: URL
    ) async throws -> Int32 {
        let effectiveKey = key ?? APIKey("offline-dry-run-no-key")!
        var options = RunOptions(
            configuration: configuration,
            inputDirectory: inputURL,
            outputDirectory: outputURL,
            inputs: [],
            sandbox: effectiveKey.isSandbox,
            dryRun: flags.dryRun,
            force: flags.force,
            toolVersion: ToolVersion.current,
            redact: { effectiveKey.redact($0) },
            endpoint: endpoint ?? baseURL
        )
        options.selection = selection
        options.resendUndelivered = flags.resendUndelivered
        options.shard = selection.shard
        let context = self.context
        let reporter = RunReporters.make(
            style: flags.progress,
            json: flags.json,
            isTerminal: context.standardErrorIsTerminal,
            standardOutput: { context.standardOutput($0) },
            standardError: { context.standardError($0) }
        )
        // Redirects are not followed: x-api-key must never reach another host.
        var httpConfiguration = PhotoroomClient.redirectSafe(HTTPClient.Configuration())
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, configuration.concurrency)
        httpConfiguration.timeout.connect = .seconds(10)
        let configuration = self.configuration
        let control = RunControl()
        let signals =
            handlesSignals
            ? SignalStopHandler(control: control) { level in
                context.err(
                    level == .graceful
                        ? "\nstopping: finishing the calls in flight (Ctrl-C again to cancel them)..."
                        : "\ncancelling the calls in flight..."
                )
            } : nil
        defer { signals?.uninstall() }
        let outcome = try await HTTPClient.withHTTPClient(configuration: httpConfiguration) { httpClient in
            let client = PhotoroomClient(
                configuration: configuration.clientConfiguration(baseURL: baseURL, key: effectiveKey),
                httpClient: httpClient
            )
            return await body(
                BatchRunner(
                    options: options,
                    submitter: client,
                    // An offline dry run has no key: the account is not read.
                    account: key != nil ? client : nil,
                    inspector: ImageValidatorInspector(configuration: configuration),
                    reporter: reporter,
                    control: control
                )
            )
        }
        return outcome.exitCode
    }
}
