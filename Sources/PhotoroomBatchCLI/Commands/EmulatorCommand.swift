import ArgumentParser
import Foundation
import PhotoroomEmulator
import PhotoroomPricing

/// `photoroom-batch emulator`: the built-in stand-in for Photoroom's API, in the foreground.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve the built-in emulator of Photoroom's API (accounts, /v2/edit, /v1/segment) until Ctrl-C.",
        discussion: """
            Point the tool at it with PHOTOROOM_API_BASE=http://127.0.0.1:PORT and any PHOTOROOM_API_KEY \
            (or the one given with --key). GET /_emulator/state shows the balance, calls and charges.
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Plan to emulate: basic or plus.") var plan = "basic"
    @Option(help: "Images available at start.") var credits: Double = 50
    @Option(help: "The only API key accepted (default: any non-empty key).") var key: String?
    @Option(name: .customLong("rate-limit"), help: "Requests allowed in any --rate-window before 429 (0 turns it off).")
    var rateLimit = 500
    @Option(name: .customLong("rate-window"), help: "The length of the sliding rate-limit window, in seconds.")
    var rateWindow: Double = 60
    @Flag(name: .customLong("no-retry-after"), help: "Send 429s without Retry-After (as Photoroom documents none).")
    var noRetryAfter = false
    @Option(
        name: .customLong("rate-scope"),
        help: "What the rate limit counts: all (every API call) or images (/v2/edit and /v1/segment only)."
    )
    var rateScope = "all"
    @Option(name: .customLong("latency-ms"), help: "Added latency per API call (accounts and images), in milliseconds.")
    var latencyMs = 0
    @Option(name: .customLong("jitter-ms"), help: "Random extra latency up to this many milliseconds.") var jitterMs = 0
    @Option(name: .customLong("fail-every"), help: "Answer 500 on every Nth image call (0: never).") var failEvery = 0
    @Option(name: .customLong("fail-probability"), help: "Answer 500 with this probability (0...1).")
    var failProbability: Double = 0
    @Option(name: .customLong("burst-429-every"), help: "Start a burst of 429s on every Nth image call.")
    var burstEvery = 0
    @Option(name: .customLong("burst-429-length"), help: "429s in each burst.") var burstLength = 3
    @Option(name: .customLong("drop-before-billing-every"), help: "Drop the connection before billing every Nth call.")
    var dropBeforeBillingEvery = 0
    @Option(name: .customLong("drop-after-billing-every"), help: "Drop the connection after billing every Nth call.")
    var dropAfterBillingEvery = 0
    @Option(name: .customLong("slow-body-every"), help: "Trickle the response body slowly on every Nth call.")
    var slowBodyEvery = 0
    @Option(
        name: .customLong("stall-body-every"),
        help: "Answer every Nth billed image call with a 200 whose body stalls after --stall-after-bytes.")
    var stallBodyEvery = 0
    @Flag(name: .customLong("stall-account"), help: "Answer GET /v2/account with a 200 whose body stalls.")
    var stallAccount = false
    @Option(name: .customLong("stall-after-bytes"), help: "Body bytes sent before a stall.") var stallAfterBytes = 40
    @Flag(name: .customLong("stall-chunked"), help: "Send stalled answers chunked (without Content-Length).")
    var stallChunked = false
    @Option(
        name: .customLong("stall-ms"),
        help: "How long a stall lasts at most before the connection is closed, in milliseconds.")
    var stallMs = 30_000
    @Option(help: "Seed for the random faults and jitter.") var seed: UInt64 = 0
    @Option(name: .customLong("request-log"), help: "Append a JSON line per request to this file (never the key).")
    var requestLog: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard credits >= 0 else { throw ValidationError("--credits must not be negative") }
        guard (0...1).contains(failProbability) else {
            throw ValidationError("--fail-probability must be within 0...1")
        }
        guard stallAfterBytes >= 0, stallMs >= 0 else {
            throw ValidationError("--stall-after-bytes and --stall-ms must not be negative")
        }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 (off) or more") }
        guard rateWindow > 0, rateWindow.isFinite else {
            throw ValidationError("--rate-window must be more than 0 seconds")
        }
        guard RateLimitRule.Scope(rawValue: rateScope) != nil else {
            throw ValidationError("--rate-scope must be all or images")
        }
    }

    func run() async throws {
        let context = CommandContext.current
        let planValue = Plan(plan)
        guard PricingModel().plans[planValue] != nil else {
            throw ValidationError("--plan \(plan): the emulator knows basic and plus")
        }
        var faults = FaultConfiguration()
        faults.latencyMs = latencyMs
        faults.latencyJitterMs = jitterMs
        faults.serverErrorEvery = failEvery
        faults.serverErrorProbability = failProbability
        faults.rateLimitBurstEvery = burstEvery
        faults.rateLimitBurstLength = max(1, burstLength)
        faults.dropBeforeBillingEvery = dropBeforeBillingEvery
        faults.dropAfterBillingEvery = dropAfterBillingEvery
        faults.slowBodyEvery = slowBodyEvery
        faults.stallBodyEvery = stallBodyEvery
        faults.stallAccount = stallAccount
        faults.stallAfterBytes = stallAfterBytes
        faults.stallChunked = stallChunked
        faults.stallMs = stallMs
        var settings = EmulatorConfiguration(
            host: host,
            port: port,
            plan: planValue,
            credits: Decimal(string: String(credits)) ?? Decimal(credits),
            apiKey: key,
            faults: faults,
            seed: seed,
            requestLogPath: requestLog
        )
        settings.rateLimit = RateLimitRule(
            limit: rateLimit,
            windowSeconds: rateWindow,
            sendsRetryAfter: !noRetryAfter,
            scope: RateLimitRule.Scope(rawValue: rateScope) ?? .allAPICalls
        )
        let configuration = settings
        do {
            try await Emulator.runService(configuration) { running in
                context.err(
                    "Photoroom API emulator listening on \(running.baseURL) (\(planValue.displayName) plan, "
                        + "\(AccountFormatting.number(configuration.credits)) images). Ctrl-C to stop."
                )
                context.err("  export PHOTOROOM_API_BASE=\(running.baseURL)")
            }
        } catch let error as EmulatorStartError {
            context.err("error: \(error.description)")
            throw ExitStatus.usage.exitCode
        }
    }
}

enum AccountFormatting {
    static func number(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }
}
