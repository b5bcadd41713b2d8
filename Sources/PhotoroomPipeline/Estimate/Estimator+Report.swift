import Foundation
import PhotoroomAPI
import PhotoroomImaging
import PhotoroomPricing

extension Estimator {
    /// Builds the report from the tally (the files' issues, and the work counted by ``BatchPricing`` as run's preflight
    /// counts it), priced on the plan as run's preflight prices it, and the account.
    static func report(
        request: Request,
        problems: [ScanProblem],
        tally: Tally,
        account: AccountDetails?,
        sandbox: Bool
    ) throws(Failure) -> EstimateReport {
        let configuration = request.configuration
        let routing = RunRouting(route: configuration.route, parameters: configuration.edit)
        let (files, work) = (tally.files, tally.work)
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

        // Run's preflight on a plan, and its cost in the report's words.
        typealias Priced = (cost: EstimateReport.PlanCost, preflight: RunPreflight)
        func priced(on plan: Plan, source: String) throws(Failure) -> Priced {
            let pricing: Pricing
            switch Result(catching: { () throws(PricingError) -> Pricing in
                try Pricing(plan: plan, model: configuration.pricing, sandbox: sandbox, balance: account?.available)
            }) {
            case .success(let value): pricing = value
            case .failure(let error): throw .pricing(error)
            }
            let preflight = work.preflight(
                pricing: pricing, maxCredits: configuration.maxCredits, route: configuration.route, sandbox: sandbox,
                shard: request.shard)
            let price = configuration.pricing.plans[plan]?.pricePerImageUSD
            var planCost = EstimateReport.PlanCost(
                plan: plan.name,
                source: source,
                imagesPerEdit: pricing.costPerEdit,
                edits: work.editCalls,
                images: preflight.cost,
                approximateUSD: price.map { $0 * preflight.cost },
                pricePerImageUSD: price
            )
            planCost.route = configuration.route.rawValue
            if work.segmentCalls > 0 {
                planCost.segments = work.segmentCalls
                planCost.imagesPerSegment = pricing.costPerSegment
                planCost.editOnlyImages = pricing.costPerEdit * Decimal(work.toDo - work.segmentOnlyCalls)
            }
            return (planCost, preflight)
        }

        var planCost: EstimateReport.PlanCost?
        var preflight: RunPreflight?
        var alternatives: [EstimateReport.PlanCost] = []
        if let plan {
            (planCost, preflight) = try priced(on: plan, source: planSource)
            if let other = plan.alternative { alternatives.append(try priced(on: other, source: "comparison").cost) }
        } else {
            alternatives = [
                try priced(on: .basic, source: "comparison").cost, try priced(on: .plus, source: "comparison").cost,
            ]
        }
        if sandbox { notes.append("sandbox key: calls are free and watermarked, at most 100 a day") }
        if files.invalidForRoute > 0 {
            let refused = files.routeRefusals
            let shown = refused.joined(separator: "; ") + (files.invalidForRoute > refused.count ? "; …" : "")
            notes.append(
                "\(files.invalidForRoute) \(files.invalidForRoute == 1 ? "file is" : "files are") not accepted on --route "
                    + "\(configuration.route.rawValue), not sent: \(shown)")
        }
        if work.alreadyDone > 0 { notes.append("\(work.alreadyDone) files are done already in OUT_DIR: not sent") }
        if work.reusedFromLedger > 0 {
            notes.append("\(work.reusedFromLedger) files reuse a result paid for earlier: copied, not sent")
        }
        if work.possiblyBilledBefore > 0 {
            notes.append(
                "\(work.possiblyBilledBefore) files may have been billed by an earlier call: sending may bill twice")
        }
        if work.blocked > 0 {
            notes.append(
                "\(work.blocked) files are not sent: " + files.blocked.joined(separator: ", ")
                    + (work.blocked > 3 ? ", ..." : ""))
        }

        // Both routes on the plan (Basic when it is unknown), and the saving.
        var routes: [RoutedCost] = []
        if let costs = try? configuration.pricing.costs(for: plan ?? .basic) {
            let priced = sandbox ? PlanCosts(edit: 0, segment: 0) : costs
            routes.append(
                RoutedCost(
                    route: .edit, plan: plan ?? .basic, costs: priced, segmentCalls: 0, editCalls: work.editRouteCalls))
            if routing.plan.isLocal {
                // `segment` or `auto` as asked; otherwise what `auto` would do.
                let route: Route = configuration.route == .segment ? .segment : .auto
                let segments = configuration.route == .edit ? work.autoSegmentCalls : work.segmentCalls
                let calls = configuration.route == .edit ? work.autoRouteCalls : work.toDo
                // Files only /v1/segment takes (HEIC) are not compared with a /v2/edit price no call could be made at.
                let segmentOnly = configuration.route == .edit ? work.autoSegmentOnlyCalls : work.segmentOnlyCalls
                routes.append(
                    RoutedCost(
                        route: route, plan: plan ?? .basic, costs: priced, segmentCalls: segments,
                        editCalls: calls - segments, segmentOnlyCalls: segmentOnly)
                )
            } else if case .remote(let parameter, let reason) = routing.plan {
                notes.append("route auto would use /v2/edit: edit.\(parameter) (\(reason))")
            }
        }

        // The verdict: the lower of the balance and the budget must cover the plan's cost (run's shortfall).
        let budget = configuration.maxCredits
        var verdict = EstimateReport.Verdict.unknown
        var shortBy: Decimal?
        if let preflight {
            if let shortfall = preflight.shortfall {
                verdict = .short
                shortBy = shortfall.short
            } else if preflight.balance != nil || preflight.maxCredits != nil {
                verdict = .covered
            }
        }
        if sandbox, let calls = planCost?.edits, calls > 100 {
            notes.append("a sandbox key allows 100 calls a day; this batch needs \(calls)")
        }
        return EstimateReport(
            inputs: request.roots,
            validationMode: configuration.validation.mode.rawValue,
            totals: .init(
                files: files.total,
                valid: files.valid,
                validWithWarnings: files.warned,
                invalid: files.invalid.count,
                billable: work.toDo,
                duplicates: work.duplicates
            ),
            formats: files.formats,
            invalid: files.invalid,
            warnings: files.warnings,
            unreadable: problems.map { .init(path: $0.path, reason: $0.reason) },
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
}

/// The report's file lists and counts, from each file's verdict and what preparation made of it.
struct FileCounts {
    var total = 0
    var valid = 0
    var warned = 0
    var invalid: [EstimateReport.FileIssues] = []
    var warnings: [EstimateReport.FileIssues] = []
    var formats: [String: Int] = [:]
    /// Accepted files the run's route cannot send (HEIC on `edit`, too large for `/v1/segment` on `segment`),
    /// counted by the verdict and noted apart.
    var invalidForRoute = 0
    /// The first three of them: `path (reason)`.
    var routeRefusals: [String] = []
    /// The first few files not sent because of their output: `path (code)`.
    var blocked: [String] = []
    /// Each listed file's position in the scan, to list them in scan order.
    private var invalidOrder: [Int] = []
    private var warningsOrder: [Int] = []

    mutating func count(_ item: ValidatedFile, prepared: PreparedItem, path: String, order: Int) {
        total += 1
        if prepared.row.status == .failed, blocked.count < 3 {
            blocked.append("\(path) (\(prepared.row.errorCode ?? "blocked"))")
        }
        let format = item.verdict.format?.rawValue
        var issues = item.verdict.issues
        var accepted = item.verdict.isAccepted
        if accepted, prepared.row.status == .invalid {
            if prepared.row.errorCode == "invalid-for-route" {
                invalidForRoute += 1
                if routeRefusals.count < 3 {
                    routeRefusals.append("\(path) (\(prepared.row.errorMessage ?? "not accepted on this route"))")
                }
            } else {
                // Refused by preparation although the validator took it (a format /v2/edit does not take, a file
                // that could not be hashed): invalid, as in run.
                accepted = false
                issues += (prepared.row.issues ?? []).filter { $0.code != "invalid-for-route" }.map {
                    ValidationIssue(ValidationIssue.Code(rawValue: $0.code) ?? .unreadable, $0.message)
                }
            }
        }
        guard accepted else {
            invalid.append(.init(path: path, format: format, issues: issues))
            invalidOrder.append(order)
            return
        }
        if item.verdict.status == .validWithWarnings {
            warned += 1
            warnings.append(.init(path: path, format: format, issues: issues))
            warningsOrder.append(order)
        } else {
            valid += 1
        }
        if let format { formats[format, default: 0] += 1 }
    }

    /// Puts the lists in scan order (files are counted owners first).
    mutating func sortByOrder() {
        invalid = zip(invalidOrder, invalid).sorted { $0.0 < $1.0 }.map(\.1)
        warnings = zip(warningsOrder, warnings).sorted { $0.0 < $1.0 }.map(\.1)
    }
}
