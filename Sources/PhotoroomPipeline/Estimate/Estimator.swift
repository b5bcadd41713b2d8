import Foundation
import PhotoroomAPI
import PhotoroomEditCatalog
import PhotoroomImaging
import PhotoroomPricing

/// Scans and validates input folders, prices the batch and checks it against the balance and the budget.
///
/// This is the library entry point behind `photoroom-batch estimate`. It never sends an edit.
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

        public init(roots: [String], configuration: PipelineConfiguration, planSource: String, client: PhotoroomClient?) {
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
        var scan: InputScanner.Result
        do {
            scan = try InputScanner(input: configuration.input, keep: request.shard?.pathFilter).scan(request.roots)
        } catch {
            throw .scan(error)
        }
        if let shard = request.shard, shard.key == .content { scan.files = shard.select(scan.files) }
        let validator = ImageValidator(
            limits: RunRouting.validationLimits(configuration.validation.limits, route: configuration.route),
            mode: configuration.validation.mode)
        let total = scan.files.count
        let validated = await ParallelValidation.validate(
            scan.files,
            with: validator,
            parallelism: configuration.validation.parallelism
        ) { done in progress(done, total) }

        var account: AccountDetails?
        if let client = request.client {
            do {
                account = try await client.account()
            } catch {
                throw .account(error)
            }
        }
        let sandbox = request.client?.configuration.apiKey.isSandbox ?? false
        var report = try Self.report(
            request: request,
            scan: scan,
            validated: validated,
            account: account,
            sandbox: sandbox
        )
        report.shard = request.shard
        return report
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
            issues: item.verdict.issues + violations.map { ValidationIssue(.invalidForSettings, "edit.\($0.key): \($0.reason)") }
        )
        return checked
    }

    /// Builds the report from validated files and the account (separate for tests).
    static func report(
        request: Request,
        scan: InputScanner.Result,
        validated: [ValidatedFile],
        account: AccountDetails?,
        sandbox: Bool
    ) throws(Failure) -> EstimateReport {
        let configuration = request.configuration
        let pricing = configuration.pricing
        // The rules that depend on the image (the upscaler's pixel limits), as run's preflight applies them.
        let validated = validated.map { Self.checkedAgainstEditRules($0, edit: configuration.edit) }
        var formats: [String: Int] = [:]
        var invalid: [EstimateReport.FileIssues] = []
        var warnings: [EstimateReport.FileIssues] = []
        var validCount = 0
        var warnedCount = 0
        var duplicates = 0
        var seen: Set<String> = []
        let routing = RunRouting(route: configuration.route, parameters: configuration.edit)
        let autoRouting = RunRouting(route: .auto, parameters: configuration.edit)
        var segmentFiles = 0
        var autoSegmentFiles = 0
        var invalidForRoute = 0
        var autoInvalidForRoute = 0
        var editInvalidForRoute = 0
        let editRouting = RunRouting(route: .edit, parameters: configuration.edit)
        var routeRefusals: [String] = []
        for item in validated {
            let path = displayPath(item.file, roots: request.roots)
            let issues = EstimateReport.FileIssues(path: path, format: item.verdict.format?.rawValue, issues: item.verdict.issues)
            switch item.verdict.status {
            case .valid:
                validCount += 1
            case .validWithWarnings:
                warnedCount += 1
                warnings.append(issues)
            case .invalid:
                invalid.append(issues)
            }
            if item.verdict.isAccepted, let format = item.verdict.format {
                formats[format.rawValue, default: 0] += 1
            }
            // One billed call per distinct content: duplicates reuse its result (as `run` does).
            if item.verdict.isAccepted, let digest = try? FileDigest.sha256(ofFileAt: item.file.url),
                !seen.insert(digest.hex).inserted
            {
                duplicates += 1
            } else if item.verdict.isAccepted {
                switch routing.decide(
                    format: item.verdict.format?.rawValue, bytes: item.file.byteCount,
                    width: item.verdict.info?.width, height: item.verdict.info?.height)
                {
                case .route(.segment, _): segmentFiles += 1
                case .route(.edit, _): break
                case .invalid(let reason):
                    invalidForRoute += 1
                    routeRefusals.append("\(path) (\(reason))")
                }
                switch autoRouting.decide(
                    format: item.verdict.format?.rawValue, bytes: item.file.byteCount,
                    width: item.verdict.info?.width, height: item.verdict.info?.height)
                {
                case .route(.segment, _): autoSegmentFiles += 1
                case .route(.edit, _): break
                case .invalid: autoInvalidForRoute += 1
                }
                if case .invalid = editRouting.decide(
                    format: item.verdict.format?.rawValue, bytes: item.file.byteCount,
                    width: item.verdict.info?.width, height: item.verdict.info?.height)
                {
                    editInvalidForRoute += 1
                }
            }
        }
        let billable = validCount + warnedCount - duplicates - invalidForRoute
        // What each route can send: HEIC goes only to /v1/segment, a file too large for it only to /v2/edit.
        let accepted = validCount + warnedCount - duplicates
        let editOnlyCalls = accepted - editInvalidForRoute
        let editFiles = billable - segmentFiles
        var notes: [String] = []

        // The plan: an explicit one, else the account's.
        var plan: Plan?
        var planSource = request.planSource
        switch configuration.plan {
        case .fixed(let fixed):
            plan = fixed
        case .auto:
            if let named = account?.plan {
                plan = named
                planSource = "account"
            } else if account != nil {
                notes.append("GET /v1/account names no plan: pass --plan basic|plus for the cost on your plan")
            } else {
                notes.append("plan auto needs an API key (PHOTOROOM_API_KEY) to read the plan; showing Basic and Plus")
            }
        }

        func cost(on plan: Plan, source: String) throws(Failure) -> EstimateReport.PlanCost {
            let costs: PlanCosts
            do { costs = try pricing.costs(for: plan) } catch { throw .pricing(error) }
            let perEdit = sandbox ? 0 : costs.edit
            let perSegment = sandbox ? 0 : costs.segment
            let images = perEdit * Decimal(editFiles) + perSegment * Decimal(segmentFiles)
            var planCost = EstimateReport.PlanCost(
                plan: plan.name,
                source: source,
                imagesPerEdit: perEdit,
                edits: editFiles,
                images: images,
                approximateUSD: costs.pricePerImageUSD.map { $0 * images },
                pricePerImageUSD: costs.pricePerImageUSD
            )
            planCost.route = configuration.route.rawValue
            if segmentFiles > 0 {
                planCost.segments = segmentFiles
                planCost.imagesPerSegment = perSegment
                planCost.editOnlyImages = perEdit * Decimal(billable)
            }
            return planCost
        }

        var planCost: EstimateReport.PlanCost?
        var alternatives: [EstimateReport.PlanCost] = []
        if let plan {
            planCost = try cost(on: plan, source: planSource)
            if let other = plan.alternative { alternatives.append(try cost(on: other, source: "comparison")) }
        } else {
            alternatives = [try cost(on: .basic, source: "comparison"), try cost(on: .plus, source: "comparison")]
        }
        if sandbox { notes.append("sandbox key: calls are free and watermarked, at most 100 a day") }
        if invalidForRoute > 0 {
            let shown = routeRefusals.prefix(3).joined(separator: "; ") + (routeRefusals.count > 3 ? "; …" : "")
            notes.append(
                "\(invalidForRoute) \(invalidForRoute == 1 ? "file is" : "files are") not accepted on --route "
                    + "\(configuration.route.rawValue), not sent: \(shown)")
        }

        // Both routes on the plan (Basic when it is unknown), and the saving.
        var routes: [RoutedCost] = []
        if let costs = try? pricing.costs(for: plan ?? .basic) {
            let priced = sandbox ? PlanCosts(edit: 0, segment: 0) : costs
            routes.append(
                RoutedCost(route: .edit, plan: plan ?? .basic, costs: priced, segmentCalls: 0, editCalls: editOnlyCalls))
            if routing.plan.isLocal {
                // `segment` as asked; otherwise what `auto` would do.
                let route: Route = configuration.route == .segment ? .segment : .auto
                let segments = route == .segment ? segmentFiles : autoSegmentFiles
                let calls = route == .segment ? billable : accepted - autoInvalidForRoute
                routes.append(
                    RoutedCost(
                        route: route, plan: plan ?? .basic, costs: priced, segmentCalls: segments,
                        editCalls: calls - segments)
                )
            } else if case .remote(let parameter, let reason) = routing.plan {
                notes.append("route auto would use /v2/edit: edit.\(parameter) (\(reason))")
            }
        }

        // The verdict: the lower of the balance and the budget must cover the plan's cost.
        let budget = configuration.maxCredits
        var verdict = EstimateReport.Verdict.unknown
        var shortBy: Decimal?
        if let needed = planCost?.images {
            var limits: [Decimal] = []
            if let available = account?.available { limits.append(available) }
            if let budget { limits.append(budget) }
            if let limit = limits.min() {
                if needed <= limit {
                    verdict = .covered
                } else {
                    verdict = .short
                    shortBy = needed - limit
                }
            }
        }
        if sandbox, let calls = planCost?.edits, calls > 100 {
            notes.append("a sandbox key allows 100 calls a day; this batch needs \(calls)")
        }
        return EstimateReport(
            inputs: request.roots,
            validationMode: configuration.validation.mode.rawValue,
            totals: .init(
                files: validated.count,
                valid: validCount,
                validWithWarnings: warnedCount,
                invalid: invalid.count,
                billable: billable,
                duplicates: duplicates
            ),
            formats: formats,
            invalid: invalid,
            warnings: warnings,
            unreadable: scan.problems.map { .init(path: $0.path, reason: $0.reason) },
            plan: planCost,
            alternatives: alternatives,
            balance: account.map {
                .init(available: $0.available, subscription: $0.subscription, plan: $0.plan?.name, sandbox: sandbox)
            },
            budget: budget,
            verdict: verdict,
            shortBy: shortBy,
            notes: notes,
            route: configuration.route.rawValue,
            routes: routes
        )
    }

    /// A file's path for reports: relative to its root, prefixed with the root when several roots were given.
    static func displayPath(_ file: InputFile, roots: [String]) -> String {
        guard roots.count > 1 else { return file.relativePath }
        return (URL(fileURLWithPath: file.root).lastPathComponent) + "/" + file.relativePath
    }
}
