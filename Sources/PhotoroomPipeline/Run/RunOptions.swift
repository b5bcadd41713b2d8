import Foundation
import PhotoroomPricing

/// Everything a batch run needs to know, built by the `run` command from its flags and pipeline.json.
///
/// The API key is not here: the submitter holds it. ``redact`` removes it from any text the run stores or prints.
public struct RunOptions: Sendable {
    /// How the plan that prices calls is chosen.
    public enum PlanChoice: Sendable, Equatable {
        /// The plan `/v2/account` names.
        case auto
        /// This plan, whatever the account says.
        case fixed(Plan)
    }

    /// INPUT_DIR.
    public var inputDirectory: URL
    /// OUT_DIR.
    public var outputDirectory: URL
    /// The input files, when they are given explicitly; ignored when ``selection`` is set.
    public var inputs: [RunInput]
    /// How INPUT_DIR is scanned: when set, preflight selects the inputs with it (OUT_DIR is always excluded) and
    /// reports what it could not read (``RunEvent/scanProblem(_:)``); a watch scans after its watcher started.
    /// `nil` takes ``inputs`` as given.
    public var selection: InputSelection? = nil
    /// The `/v2/edit` parameters (pipeline.json's `edit` section).
    public var edit: EditSettings
    /// Extra request headers sent with every edit call.
    public var extraHeaders: [(name: String, value: String)]
    /// How the plan is chosen.
    public var plan: PlanChoice
    /// Costs per plan.
    public var pricing: PricingModel
    /// Whether the key is a sandbox key (calls cost nothing).
    public var sandbox: Bool
    /// Calls in flight at most (`--concurrency`, default 4).
    public var concurrency: Int
    /// A cap on call starts per minute across all workers, if any.
    public var requestsPerMinute: Double?
    /// Retries and back-off.
    public var retry: RetryPolicy
    /// The most images the run may spend (`--max-credits`).
    public var maxCredits: Decimal?
    /// Stop starting new work after this many failed items (`--max-errors`).
    public var maxErrors: Int?
    /// Stop starting calls once this many billed results in a row failed their check (`--max-unusable-results`,
    /// pipeline.json's `maxUnusableResults`); 0 never stops.
    public var maxUnusableResults: Int = UnusableResultStreak.defaultLimit
    /// Stop after preflight (`--dry-run`).
    public var dryRun: Bool
    /// Redo everything and overwrite existing outputs (`--force`).
    public var force: Bool
    /// Files validated and hashed at once during preflight.
    public var validationParallelism: Int
    /// The manifest is rewritten after this many finished items...
    public var manifestRefreshItems: Int
    /// ...or this long after the last write, whichever comes first.
    public var manifestRefreshInterval: Duration
    /// The tool's version, for the manifest header.
    public var toolVersion: String
    /// A hash of the whole configuration (pipeline.json and flags, never the key), for the manifest header;
    /// computed from these options when `nil`.
    public var configHash: String?
    /// Removes secrets (the API key) from text before it is stored or shown.
    public var redact: @Sendable (String) -> String
    /// `--shard K/N`: the part of the inputs this process takes (``inputs`` holds only its inputs); it names the
    /// part's own manifest, journal and temporary folder, and the preflight speaks for the part.
    public var shard: ShardSpec? = nil
    /// The API's base address (part of the effective settings: a result from another endpoint, such as the
    /// emulator, never stands in for one from this endpoint); `nil` when unknown.
    public var endpoint: String?
    /// `--strict` (or `"strict": true`): a result the API sent with `pr-unsupported-attributes` (parameters it
    /// ignored) is a failure (`unsupported-attributes`, billed, kept aside), not a success with a warning.
    public var strict: Bool = false
    /// `--resend-undelivered`: send again (and pay again for) items whose earlier paid call gave no result that
    /// counted (`result-invalid`, `unsupported-attributes`, `result-not-saved`); without it they are not re-sent.
    public var resendUndelivered: Bool = false
    /// The most bytes of superseded paid results kept under `.photoroom-batch/superseded/` (``SupersededStore``;
    /// `keepSupersededMB`, `--keep-superseded-mb`); 0 keeps none.
    public var keepSupersededBytes: Int64 = Int64(SupersededStore.defaultLimitMB) << 20
    /// `--route edit|segment|auto` (default `edit`).
    public var route: Route = .edit
    /// Whether the run keeps `OUT_DIR/report.html` and the thumbnails of its items up to date (`--no-report`
    /// turns it off).
    public var report: Bool

    /// The effective settings of this run's `/v2/edit` calls: parameters, headers, live or sandbox, route,
    /// endpoint.
    public var settingsKey: SettingsKey { settingsKey(for: .edit) }

    /// The effective settings of an item that takes `itemRoute`: a segment + local result never stands in for an
    /// edit result, nor the other way round.
    public func settingsKey(for itemRoute: ItemRoute) -> SettingsKey {
        SettingsKey(
            parameters: edit.parameters,
            headers: extraHeaders,
            sandbox: sandbox,
            route: itemRoute == .segment ? SettingsKey.segmentRoute : SettingsKey.editRoute,
            endpoint: endpoint
        )
    }

    /// How ``route`` applies to this run's recipe.
    public var routing: RunRouting { RunRouting(route: route, parameters: edit.parameters) }

    public init(
        inputDirectory: URL,
        outputDirectory: URL,
        inputs: [RunInput],
        edit: EditSettings = EditSettings(),
        extraHeaders: [(name: String, value: String)] = [],
        plan: PlanChoice = .auto,
        pricing: PricingModel = PricingModel(),
        sandbox: Bool = false,
        concurrency: Int = 4,
        requestsPerMinute: Double? = nil,
        retry: RetryPolicy = .standard,
        maxCredits: Decimal? = nil,
        maxErrors: Int? = nil,
        dryRun: Bool = false,
        force: Bool = false,
        validationParallelism: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
        manifestRefreshItems: Int = 50,
        manifestRefreshInterval: Duration = .seconds(5),
        toolVersion: String = "dev",
        configHash: String? = nil,
        redact: @escaping @Sendable (String) -> String = { $0 },
        endpoint: String? = nil,
        report: Bool = true
    ) {
        self.inputDirectory = inputDirectory
        self.outputDirectory = outputDirectory
        self.inputs = inputs
        self.edit = edit
        self.extraHeaders = extraHeaders
        self.plan = plan
        self.pricing = pricing
        self.sandbox = sandbox
        self.concurrency = concurrency
        self.requestsPerMinute = requestsPerMinute
        self.retry = retry
        self.maxCredits = maxCredits
        self.maxErrors = maxErrors
        self.dryRun = dryRun
        self.force = force
        self.validationParallelism = validationParallelism
        self.manifestRefreshItems = manifestRefreshItems
        self.manifestRefreshInterval = manifestRefreshInterval
        self.toolVersion = toolVersion
        self.configHash = configHash
        self.redact = redact
        self.endpoint = endpoint
        self.report = report
    }

    /// Checks values a person typed.
    ///
    /// - Throws: ``RunError`` with code `usage`.
    public func validate() throws(RunError) {
        if concurrency < 1 {
            throw RunError(code: .usage, message: "--concurrency must be at least 1 (got \(concurrency))")
        }
        if let maxCredits, maxCredits < 0 {
            throw RunError(code: .usage, message: "--max-credits must not be negative (got \(maxCredits))")
        }
        if let maxErrors, maxErrors < 1 {
            throw RunError(code: .usage, message: "--max-errors must be at least 1 (got \(maxErrors))")
        }
        if maxUnusableResults < 0 {
            throw RunError(
                code: .usage, message: "--max-unusable-results must not be negative (got \(maxUnusableResults))")
        }
        if let requestsPerMinute, requestsPerMinute <= 0 {
            throw RunError(
                code: .usage,
                message: "the requests-per-minute cap must be positive (got \(requestsPerMinute))"
            )
        }
        _ = try edit.outputFormat()
        try routing.check()
    }
}
