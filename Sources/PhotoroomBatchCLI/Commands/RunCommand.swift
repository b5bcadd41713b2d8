import ArgumentParser
import Foundation
import PhotoroomPipeline
import PhotoroomPricing

/// `photoroom-batch run INPUT_DIR --out OUT_DIR`: the batch itself.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate, check the balance, and send every image of a folder through /v2/edit.",
        discussion: """
            Outputs mirror the input tree in OUT_DIR, with OUT_DIR/manifest.json and an append-only journal in \
            OUT_DIR/.photoroom-batch/. Re-running the same command only does what is not done yet. \
            Exit codes: 0 all succeeded or skipped, 1 some items failed or were invalid, 3 the balance or budget is \
            too low (nothing sent), 4 the key was refused, 5 out of images mid-run, 64 usage or configuration, \
            69 the account cannot be read, 75 another run or watch holds OUT_DIR, 130 interrupted. A full disk \
            stops new work at once (exit 1, "OUT_DIR is full").
            """
    )

    @Argument(help: "The folder of images to process.") var input: String
    @Option(name: .long, help: "The folder for results and the manifest (not inside INPUT_DIR).") var out: String
    @OptionGroup var configOptions: ConfigurationOptions
    @OptionGroup var runOptions: RunFlags
    @OptionGroup var api: APIOptions
    @OptionGroup var emulatorOptions: InProcessEmulatorOptions

    func run() async throws {
        let context = CommandContext.current
        let configuration = try runOptions.merged(into: configOptions.load(in: context))
        let code = try await BatchInvocation(
            input: input,
            output: out,
            configuration: configuration,
            flags: runOptions,
            api: api,
            emulator: emulatorOptions,
            context: context
        ).run { runner in await runner.run() }
        if code != 0 { throw ExitCode(code) }
    }
}

/// Flags shared by `run` and `watch`.
struct RunFlags: ParsableArguments {
    @Option(help: "Calls in flight at once (default: pipeline.json's concurrency, 4).") var concurrency: Int?
    @Option(name: .customLong("max-credits"), help: "A budget in images the run may not cross.") var maxCredits: Double?
    @Option(name: .customLong("max-errors"), help: "Stop starting new work after this many failed items.")
    var maxErrors: Int?
    @Option(
        name: .customLong("max-unusable-results"),
        help: "Stop paying after this many billed results in a row fail their check (default 5; 0: never stop).")
    var maxUnusableResults: Int?
    @Option(help: "The plan: auto (from the account), basic, plus.") var plan: String?
    @Option(help: RouteOption.help) var route: String?
    @Flag(name: .customLong("dry-run"), help: "Stop after preflight: validate, price, check the balance.")
    var dryRun = false
    @Flag(help: "Redo (and pay for) every item again and overwrite existing outputs.") var force = false
    @Flag(
        help:
            "A result sent with pr-unsupported-attributes (parameters the API ignored) fails the item (billed, kept aside)."
    )
    var strict = false
    @Flag(
        name: .customLong("resend-undelivered"),
        help: "Send again (and pay again for) items billed earlier whose result did not count (result-invalid, ...)."
    )
    var resendUndelivered = false
    @Option(
        name: .customLong("keep-superseded-mb"),
        help:
            "MB of replaced paid results kept for reuse in OUT_DIR/.photoroom-batch/superseded (default 1024; 0: none)."
    )
    var keepSupersededMB: Int?
    @Flag(help: "NDJSON events on standard output.") var json = false
    @Option(help: "Progress display: auto, bar, lines, none.") var progress: RunProgressStyle = .auto
    @Flag(
        name: .customLong("no-report"),
        help: "Do not keep OUT_DIR/report.html and its thumbnails up to date (pipeline.json: \"report\": false).")
    var noReport = false
    @OptionGroup var sharding: ShardOptions

    func validate() throws {
        if let concurrency, !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1...64") }
        if let maxCredits, maxCredits < 0 { throw ValidationError("--max-credits must not be negative") }
        if let maxErrors, maxErrors < 1 { throw ValidationError("--max-errors must be at least 1") }
        if let keepSupersededMB, keepSupersededMB < 0 {
            throw ValidationError("--keep-superseded-mb must not be negative")
        }
        if let maxUnusableResults, maxUnusableResults < 0 {
            throw ValidationError("--max-unusable-results must not be negative")
        }
    }

    /// pipeline.json's settings with these flags applied on top.
    func merged(into configuration: PipelineConfiguration) throws -> PipelineConfiguration {
        var configuration = configuration
        if let concurrency { configuration.concurrency = concurrency }
        if let maxCredits { configuration.maxCredits = Decimal(string: String(maxCredits)) ?? Decimal(maxCredits) }
        if let maxErrors { configuration.maxErrors = maxErrors }
        if let maxUnusableResults { configuration.maxUnusableResults = maxUnusableResults }
        if noReport { configuration.report = false }
        if strict { configuration.strict = true }
        if let keepSupersededMB { configuration.keepSupersededMB = keepSupersededMB }
        if let plan {
            let choice = PipelineConfiguration.PlanChoice(plan)
            if case .fixed(let fixed) = choice, configuration.pricing.plans[fixed] == nil {
                throw ValidationError(
                    "--plan \(plan): unknown plan; use auto, basic, plus, or describe it in pipeline.json")
            }
            configuration.plan = choice
        }
        if let route { configuration.route = try RouteOption.parse(route, edit: configuration.edit) }
        return configuration
    }
}

extension RunProgressStyle: ExpressibleByArgument {}

/// `--emulator`: run against the built-in emulator in this process (no key, nothing billed for real).
struct InProcessEmulatorOptions: ParsableArguments {
    @Flag(name: .long, help: "Run against the built-in emulator in this process (no API key needed, nothing billed).")
    var emulator = false
    @Option(name: .customLong("emulator-plan"), help: "The emulator's plan: basic or plus.") var emulatorPlan = "basic"
    @Option(
        name: .customLong("emulator-credits"),
        help: "The emulator's balance in images (default: 10000000, enough for any ordinary run or watch)."
    )
    var emulatorCredits: Double?

    /// The emulator's balance without `--emulator-credits`: 2,000,000 edits on Basic, more than any ordinary batch
    /// or watch uses, and a fixed figure, so the inputs are not counted for it (preflight's scan is the only one).
    /// A smaller balance, to rehearse a shortfall, is `--emulator-credits N`.
    static let defaultCredits: Decimal = 10_000_000
    @Option(name: .customLong("emulator-latency-ms"), help: "Added latency per emulated call.") var emulatorLatencyMs =
        0
    @Option(
        name: .customLong("emulator-request-log"),
        help: "Append one JSON line per request the emulator answers to this file (method, path, status, images)."
    )
    var emulatorRequestLog: String?
}

/// `--route edit|segment|auto`, shared by `run`, `watch` and `estimate`.
enum RouteOption {
    static let help = ArgumentHelp(
        "Which endpoint renders: edit (/v2/edit, default), segment (/v1/segment + local finishing) or auto "
            + "(segment when every setting can be finished locally, else edit)."
    )

    /// Parses the flag; `segment` with a setting local finishing cannot render is a usage error naming it.
    static func parse(_ text: String, edit: [String: String]) throws -> Route {
        guard let route = Route(parsing: text) else {
            throw ValidationError("--route \(text): use \(Route.choices)")
        }
        do throws(RunError) {
            try RunRouting(route: route, parameters: edit).check()
        } catch {
            throw ValidationError(error.message)
        }
        return route
    }
}
