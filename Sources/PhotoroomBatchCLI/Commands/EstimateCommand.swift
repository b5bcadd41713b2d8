import ArgumentParser
import Foundation
import PhotoroomAPI
import PhotoroomImaging
import PhotoroomPipeline
import PhotoroomPricing

/// `photoroom-batch estimate DIR...`: validate every image and price the batch before spending anything.
struct EstimateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Validate every image and price the batch on your plan, without sending anything.",
        discussion: """
            Reports valid and invalid files (with reasons), warnings, the cost on the plan and on the other plan, \
            an approximate price, and, with an API key, whether the balance covers it. \
            Exit 0 when covered or offline, 1 with --fail-on-invalid when a file is invalid, 3 when the balance or \
            --max-credits does not cover the batch.
            """
    )

    @Argument(help: "Input folders.")
    var folders: [String]

    @OptionGroup var configOptions: ConfigurationOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var sharding: ShardOptions

    @Option(
        name: .long,
        help: "The run's output folder: count what its ledger holds (done, paid results to copy) as the next run would."
    )
    var out: String?

    @Option(help: "The plan: auto (read from the account), basic, plus, or a plan described in pipeline.json.")
    var plan: String?

    @Option(help: RouteOption.help) var route: String?

    @Option(
        name: .customLong("validate"),
        help: "Validation depth: full (decode every image) or header (headers only, fast).")
    var validationMode: ProbeModeArgument?

    @Option(name: .customLong("max-credits"), help: "A budget in images the batch must fit in.")
    var maxCredits: Double?

    @Flag(name: .customLong("fail-on-invalid"), help: "Exit 1 when any file is invalid.")
    var failOnInvalid = false

    @Flag(help: "Print the report as JSON on standard output.")
    var json = false

    func validate() throws {
        if let maxCredits, maxCredits < 0 { throw ValidationError("--max-credits must not be negative") }
        if folders.isEmpty { throw ValidationError("give at least one input folder") }
    }

    func run() async throws {
        let context = CommandContext.current
        var configuration = try configOptions.load(in: context)
        var planSource = "config"
        if let plan {
            let choice = PipelineConfiguration.PlanChoice(plan)
            if case .fixed(let fixed) = choice, configuration.pricing.plans[fixed] == nil {
                throw ValidationError(
                    "--plan \(plan): unknown plan; use auto, basic, plus, or describe it in pipeline.json")
            }
            configuration.plan = choice
            planSource = "option"
        }
        if let route { configuration.route = try RouteOption.parse(route, edit: configuration.edit) }
        if let validationMode { configuration.validation.mode = validationMode.mode }
        if let maxCredits { configuration.maxCredits = Decimal(string: String(maxCredits)) ?? Decimal(maxCredits) }

        let key = try api.apiKey(in: context)
        let endpoint = try api.baseURL(in: context)
        let client = key.map {
            PhotoroomClient(configuration: configuration.clientConfiguration(baseURL: endpoint, key: $0))
        }
        let shard = try sharding.spec()
        let progress = ProgressLine(context: context, label: "validating")
        let report: EstimateReport
        do {
            var request = Estimator.Request(
                roots: folders, configuration: configuration, planSource: planSource, client: client)
            request.shard = shard
            request.outputDirectory = out.map { URL(fileURLWithPath: $0).standardizedFileURL }
            request.endpoint = endpoint
            report = try await Estimator().estimate(request) { done, total in progress.update(done: done, total: total)
            }
            progress.finish()
        } catch {
            progress.finish()
            switch error {
            case .scan(let scanError):
                context.err("error: \(scanError.message)")
                throw ExitStatus.usage.exitCode
            case .pricing(let pricingError):
                context.err("error: \(pricingError.message)")
                throw ExitStatus.usage.exitCode
            case .setup(let runError):
                context.err("error: \(runError.message)")
                throw ExitStatus.usage.exitCode
            case .account(let apiError):
                context.err(
                    "error: cannot read the balance: \(key?.redact(apiError.description) ?? apiError.description)")
                throw ExitStatus.for(apiError: apiError).exitCode
            }
        }
        if json {
            context.out(try JSONOutput.encode(report))
        } else {
            context.out(report.text)
        }
        if report.verdict == .short { throw ExitStatus.insufficientBalance.exitCode }
        if failOnInvalid && report.totals.invalid > 0 { throw ExitStatus.itemsFailed.exitCode }
    }
}

/// `--validate full|header`.
struct ProbeModeArgument: ExpressibleByArgument {
    let mode: ProbeMode
    init?(argument: String) {
        guard let mode = ProbeMode(rawValue: argument) else { return nil }
        self.mode = mode
    }
    static var allValueStrings: [String] { ProbeMode.allCases.map(\.rawValue) }
}
