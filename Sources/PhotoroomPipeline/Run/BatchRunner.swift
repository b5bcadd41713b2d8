import Foundation
import PhotoroomAPI
import PhotoroomPricing

/// Runs a batch: preflight (validate, resume, price, check the balance), then bounded concurrent `/v2/edit`
/// calls with retries, a shared pacer and a credit ledger, writing outputs, the journal and the manifest.
///
/// ``run()`` never throws: per-item failures are rows, and everything else is the ``RunOutcome``'s ending,
/// whose ``RunOutcome/exitCode`` the command returns.
public struct BatchRunner: Sendable {
    /// The run's settings.
    public let options: RunOptions
    let submitter: any EditSubmitting
    let account: (any AccountReading)?
    let inspector: any InputInspecting
    let reporter: any RunEventSink
    let control: RunControl
    /// Puts results in OUT_DIR (tests inject disk faults here).
    var resultSaver: any ResultSaving = FileResultSaver()
    /// Sends `/v1/segment` calls for `--route segment|auto`; nil uses the submitter when it can (a
    /// ``PhotoroomClient``).
    var segmenter: (any SegmentSubmitting)?

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - options: what to run.
    ///   - submitter: sends edit calls (a ``PhotoroomClient``).
    ///   - account: reads the plan and balance (a ``PhotoroomClient``); `nil` without a key, which needs a fixed
    ///     plan and skips the balance checks.
    ///   - inspector: validates inputs locally.
    ///   - reporter: receives progress events.
    ///   - control: lets a signal handler stop the run.
    public init(
        options: RunOptions,
        submitter: any EditSubmitting,
        account: (any AccountReading)?,
        inspector: any InputInspecting,
        reporter: any RunEventSink = SilentRunEventSink(),
        control: RunControl = RunControl()
    ) {
        self.options = options
        self.submitter = submitter
        self.account = account
        self.inspector = inspector
        self.reporter = reporter
        self.control = control
    }

    /// Creates a runner that sends calls and reads the account through `client`.
    public init(
        options: RunOptions,
        client: PhotoroomClient,
        inspector: any InputInspecting,
        reporter: any RunEventSink = SilentRunEventSink(),
        control: RunControl = RunControl()
    ) {
        self.init(
            options: options,
            submitter: client,
            account: client,
            inspector: inspector,
            reporter: reporter,
            control: control
        )
    }

    /// Runs the batch to its end and reports how it ended.
    public func run() async -> RunOutcome {
        let started = ContinuousClock.now
        var outcome: RunOutcome
        do {
            outcome = try await runPhases()
        } catch {
            outcome = RunOutcome(
                ending: .setupFailed,
                message: options.redact(error.message),
                errorCode: error.code.description
            )
        }
        outcome.seconds = (ContinuousClock.now - started).seconds
        await reporter.handle(.finished(outcome))
        return outcome
    }

    private func runPhases() async throws(RunError) -> RunOutcome {
        let ready: PreflightReady
        switch try await preflightPhase(command: "run", stopOnShortfall: true, extraCheck: { _ in }) {
        case .ended(let outcome): return outcome
        case .ready(let value): ready = value
        }
        return try await submit(ready)
    }

    /// The run's inputs: what ``RunOptions/selection`` finds in INPUT_DIR now (OUT_DIR excluded, its problems
    /// reported), or ``RunOptions/inputs`` when no selection is set.
    func selectInputs() async throws(RunError) -> [RunInput] {
        guard var selection = options.selection else { return options.inputs }
        selection.excludedFolders.append(options.outputDirectory.standardizedFileURL.path)
        if let format = try? options.edit.outputFormat() { selection.outputExtension = format.fileExtension }
        let scanning = selection
        let found = await BlockingIO.value { Result { () throws(ScanError) in try scanning.select() } }
        switch found {
        case .success(let found):
            for problem in found.problems { await reporter.handle(.scanProblem(problem)) }
            return found.files.map(RunInput.init)
        case .failure(let error):
            throw RunError(code: .usage, message: error.message)
        }
    }

    /// Validates, hashes, routes and decides about inputs as this run does.
    var preparation: BatchPreparation { BatchPreparation(options: options, inspector: inspector) }

    /// Rows as they stand after preflight (to-do items counted as pending), for outcomes that send nothing.
    func dryTotals(_ prepared: [PreparedItem], balanceBefore: Decimal? = nil) -> RunManifest.Totals {
        var totals = RunManifest.Totals()
        totals.count(prepared.map(\.row))
        totals.balanceBefore = balanceBefore
        return totals
    }

    func failures(in rows: [ManifestItem]) -> [ManifestItem] {
        rows.filter { $0.status == .failed || $0.status == .invalid }.sorted { $0.inputPath < $1.inputPath }
    }
}

/// What preflight hands to the submission phase.
struct PreflightReady: Sendable {
    var prepared: [PreparedItem]
    var preflight: RunPreflight
    var pricing: Pricing
    var layout: OutputLayout
    var files: ManifestFiles
    var index: ResumeIndex
    /// OUT_DIR's lock, held from before the journal is read until the session closes.
    var lock: OutputDirectoryLock?
    /// Who owns which output.
    var claims: OutputClaims
}

/// Preflight either ends the run (auth failure, shortfall, dry run) or hands over to submission.
enum PreflightResult: Sendable {
    case ended(RunOutcome)
    case ready(PreflightReady)
}

extension BatchRunner {
    /// The preflight `run` and `watch` share: options and folders checked, the journal replayed, every input
    /// validated and hashed, the plan and balance read, the work priced.
    ///
    /// - Parameters:
    ///   - stopOnShortfall: end with `insufficientImages` when the balance or budget cannot cover the work (`run`,
    ///     and `watch --on-low-balance stop`); otherwise go on and let the per-item guard decide.
    ///   - extraCheck: a further check of the output layout (watch: outputs never inside the watched tree).
    func preflightPhase(
        command: String,
        stopOnShortfall: Bool,
        extraCheck: (OutputLayout) throws(RunError) -> Void
    ) async throws(RunError) -> PreflightResult {
        try options.validate()
        let format = try options.edit.outputFormat()
        let layout = OutputLayout(
            inputDirectory: options.inputDirectory,
            outputDirectory: options.outputDirectory,
            format: format
        )
        try layout.checkOutputOutsideInput()
        try extraCheck(layout)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.inputDirectory.path, isDirectory: &isDirectory) else {
            throw RunError(code: .usage, message: "the input folder \(options.inputDirectory.path) does not exist")
        }
        guard isDirectory.boolValue else {
            throw RunError(
                code: .usage, message: "the input folder \(options.inputDirectory.path) is a file, not a folder")
        }
        // The account (plan and balance) is read while the inputs are scanned, validated and hashed: the two do not
        // depend on each other, and a round trip to the API is most of a small batch's preflight.
        async let pricingResult = resolvePricing()
        let inputs = try await selectInputs()
        let files = ManifestFiles(outputDirectory: options.outputDirectory, shard: options.shard)
        // One writer per OUT_DIR (per part, with `--shard`): taken before the journal is read, so what it says stays true. A dry run
        // writes nothing and takes no lock.
        let lock = options.dryRun ? nil : try OutputDirectoryLock.acquire(at: files.lock, command: command)
        let index = try ResumeIndex.replay(files: files)

        await reporter.handle(.preflightStarted(inputs: inputs.count))
        let claims = OutputClaims(outputDirectory: options.outputDirectory)
        let prepared = await preparation.prepare(inputs, layout: layout, index: index, claims: claims)

        let pricing: Pricing
        switch await pricingResult {
        case .success(let value): pricing = value
        case .failure(.authentication(let message)):
            return .ended(RunOutcome(ending: .authenticationFailed, message: message, totals: dryTotals(prepared)))
        case .failure(.setup(let error)): throw error
        }

        var preflight = makePreflight(prepared, pricing: pricing)
        preflight.warning = FreeSpace.warning(for: prepared, outputDirectory: options.outputDirectory)
        await reporter.handle(.preflightFinished(preflight))
        if let shortfall = preflight.shortfall, stopOnShortfall {
            return .ended(
                RunOutcome(
                    ending: .insufficientImages,
                    message: shortfall.description,
                    preflight: preflight,
                    shortfall: shortfall,
                    totals: dryTotals(prepared, balanceBefore: pricing.balance),
                    failures: failures(in: prepared.map(\.row))
                )
            )
        }
        if options.dryRun {
            return .ended(
                RunOutcome(
                    ending: .dryRun,
                    preflight: preflight,
                    totals: dryTotals(prepared, balanceBefore: pricing.balance),
                    failures: failures(in: prepared.map(\.row))
                )
            )
        }
        return .ready(
            PreflightReady(
                prepared: prepared,
                preflight: preflight,
                pricing: pricing,
                layout: layout,
                files: files,
                index: index,
                lock: lock,
                claims: claims
            )
        )
    }
}
