import Foundation
import PhotoroomAPI
import PhotoroomEditCatalog
import PhotoroomImaging
import PhotoroomPricing

/// Scans and validates input folders, prices the batch and checks it against the balance and the budget.
///
/// This is the library entry point behind `photoroom-batch estimate`. It never sends an edit. It selects the files
/// (``InputSelection``), prepares them (``BatchPreparation``) and prices them (``BatchPricing``) exactly as the
/// preflight of `run` and `watch` does, so the estimate and the run's preflight agree.
public struct Estimator: Sendable {
    /// What to estimate.
    public struct Request: Sendable {
        /// Input folders.
        public var roots: [String]
        /// pipeline.json's settings.
        public var configuration: PipelineConfiguration
        /// Where ``PipelineConfiguration/plan`` came from: `option` or `config`.
        public var planSource: String
        /// The client to read the balance (and the plan, for `auto`) with; `nil` offline.
        public var client: PhotoroomClient?
        /// `--shard K/N`: estimate only this part's inputs.
        public var shard: ShardSpec? = nil
        /// OUT_DIR, when the estimate should count what its ledger already holds (done, paid results to copy,
        /// calls billed before) exactly as the next `run` would; `nil` prices every file as new.
        public var outputDirectory: URL? = nil
        /// The API's base address the run would use (part of the effective settings the ledger is keyed by).
        public var endpoint: String? = nil
        /// Files validated and prepared at a time (tests make it small).
        var partSize = Estimator.defaultPartSize

        public init(roots: [String], configuration: PipelineConfiguration, planSource: String, client: PhotoroomClient?)
        {
            self.roots = roots
            self.configuration = configuration
            self.planSource = planSource
            self.client = client
        }
    }

    /// Why no estimate could be made.
    public enum Failure: Error, Sendable {
        /// An input folder is missing (usage error).
        case scan(ScanError)
        /// The account could not be read.
        case account(PhotoroomAPIError)
        /// The plan's costs are unknown (usage error).
        case pricing(PricingError)
        /// The settings or OUT_DIR's journal cannot be used (usage or setup error).
        case setup(RunError)
    }

    public init() {}

    /// Makes the estimate.
    ///
    /// - Parameter progress: called with (validated, total) as files are validated.
    public func estimate(
        _ request: Request,
        progress: @escaping (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws(Failure) -> EstimateReport {
        let configuration = request.configuration
        let found: InputSelection.Selection
        do {
            var selection = InputSelection(
                roots: request.roots, input: configuration.input,
                excludedFolders: request.outputDirectory.map { [$0.standardizedFileURL.path] } ?? [],
                shard: request.shard
            )
            if let format = try? EditSettings(parameters: configuration.edit).outputFormat() {
                selection.outputExtension = format.fileExtension
            }
            found = try selection.select()
        } catch {
            throw .scan(error)
        }
        let sandbox = request.client?.configuration.apiKey.isSandbox ?? false
        let tally = try await Self.tally(found.files, request: request, sandbox: sandbox, progress: progress)

        var account: AccountDetails?
        if let client = request.client {
            do {
                account = try await client.account()
            } catch {
                throw .account(error)
            }
        }
        var report = try Self.report(
            request: request,
            problems: found.problems,
            tally: tally,
            account: account,
            sandbox: sandbox
        )
        report.shard = request.shard
        return report
    }

    /// What the estimate learns about the files: the report's lists and counts, and run's tally of the work.
    struct Tally {
        var files = FileCounts()
        var work = BatchPricing()
    }

    /// Files validated and prepared at a time: the estimate keeps counts, not the prepared items, so its memory
    /// follows the file list, not the items' rows.
    static let defaultPartSize = 1024

    /// Validates the files, then hashes, routes and decides about them with run's own preparation
    /// (``BatchPreparation``), against OUT_DIR's ledger when one is given, and counts them as run's preflight does
    /// (``BatchPricing``): the estimate counts exactly what `run` would send. Files go through in parts of
    /// ``Request/partSize`` that share the output claims and the first sender of each content.
    static func tally(
        _ files: [InputFile],
        request: Request,
        sandbox: Bool,
        progress: @escaping (_ done: Int, _ total: Int) -> Void
    ) async throws(Failure) -> Tally {
        let configuration = request.configuration
        // Without OUT_DIR, a folder that does not exist: no output is present, the ledger is empty.
        let output =
            request.outputDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("photoroom-estimate-\(UUID().uuidString)")
        var options = RunOptions(
            configuration: configuration,
            inputDirectory: URL(fileURLWithPath: request.roots.first ?? "."),
            outputDirectory: output,
            inputs: [],
            sandbox: sandbox,
            dryRun: true,
            toolVersion: "estimate",
            redact: { $0 },
            endpoint: request.endpoint ?? request.client?.configuration.baseURL
        )
        options.shard = request.shard
        let index: ResumeIndex
        let format: OutputFormat
        do throws(RunError) {
            format = try options.edit.outputFormat()
            index =
                request.outputDirectory == nil
                ? ResumeIndex()
                : try ResumeIndex.replay(files: ManifestFiles(outputDirectory: output, shard: request.shard))
        } catch {
            throw .setup(error)
        }
        let layout = OutputLayout(inputDirectory: options.inputDirectory, outputDirectory: output, format: format)
        let paths = files.map { displayPath($0, roots: request.roots) }
        // As in run, the inputs that own their output (an earlier run paid for it) claim it first.
        var order = Array(files.indices)
        if request.outputDirectory != nil {
            let owns = order.map { BatchPreparation.ownsItsOutput(paths[$0], layout: layout, index: index) }
            order = order.filter { owns[$0] } + order.filter { !owns[$0] }
        }

        let validator = ImageValidator(
            limits: RunRouting.validationLimits(configuration.validation.limits, route: configuration.route),
            mode: configuration.validation.mode)
        let autoRouting = RunRouting(route: .auto, parameters: configuration.edit)
        let claims = OutputClaims(outputDirectory: request.outputDirectory)
        var leaders: [ContentKey: String] = [:]
        var tally = Tally()
        var done = 0
        for start in stride(from: 0, to: order.count, by: max(1, request.partSize)) {
            let part = Array(order[start..<min(start + max(1, request.partSize), order.count)])
            let before = done
            let verdicts = await ParallelValidation.validate(
                part.map { files[$0] },
                with: validator,
                parallelism: configuration.validation.parallelism
            ) { count in progress(before + count, files.count) }
            done += part.count
            // The rules that depend on the image (the upscaler's pixel limits), as run's inspector applies them.
            let validated = verdicts.map { checkedAgainstEditRules($0, edit: configuration.edit) }
            let inspections = Dictionary(
                validated.map { ($0.file.path, ImageValidatorInspector.inspection(from: $0.verdict)) }
            ) { first, _ in first }
            let prepared = await BatchPreparation(options: options, inspector: KnownInspections(byPath: inspections))
                .prepare(
                    part.map { RunInput(url: files[$0].url, relativePath: paths[$0]) }, layout: layout, index: index,
                    claims: claims, leaders: &leaders)
            tally.work.add(prepared, autoRouting: autoRouting)
            for (position, item) in validated.enumerated() {
                let scanned = part[position]
                tally.files.count(item, prepared: prepared[position], path: paths[scanned], order: scanned)
            }
        }
        tally.files.sortByOrder()
        return tally
    }

    /// The file's verdict with the edit settings' per-image rules (``EditRules/imageViolations(_:width:height:)``)
    /// added as `invalid-for-settings` errors: such an image is never sent by `run`, so it costs nothing.
    static func checkedAgainstEditRules(_ item: ValidatedFile, edit: [String: String]) -> ValidatedFile {
        guard item.verdict.isAccepted, let info = item.verdict.info else { return item }
        let violations = EditRules.imageViolations(edit, width: info.width, height: info.height)
        guard !violations.isEmpty else { return item }
        var checked = item
        checked.verdict = ValidationVerdict(
            info: info,
            format: item.verdict.format,
            issues: item.verdict.issues
                + violations.map { ValidationIssue(.invalidForSettings, "edit.\($0.key): \($0.reason)") }
        )
        return checked
    }

    /// A file's path for reports: relative to its root, prefixed with the root when several roots were given.
    static func displayPath(_ file: InputFile, roots: [String]) -> String {
        guard roots.count > 1 else { return file.relativePath }
        return (URL(fileURLWithPath: file.root).lastPathComponent) + "/" + file.relativePath
    }
}

/// Hands out inspections made beforehand: the estimate validates every file first (with progress), then prepares
/// them as run does.
private struct KnownInspections: InputInspecting {
    let byPath: [String: InputInspection]

    func inspect(fileAt url: URL) async -> InputInspection {
        byPath[url.path]
            ?? InputInspection(problems: [
                ManifestItem.Issue(code: "unreadable", message: "\(url.path) was not validated")
            ])
    }
}
