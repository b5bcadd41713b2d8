import Foundation
import PhotoroomAPI
import PhotoroomPricing

/// The plan, the cost of one edit, and the balance, as preflight settled them.
struct Pricing: Sendable {
    var plan: Plan
    var costPerEdit: Decimal
    var alternativePlan: Plan?
    var alternativeCost: Decimal?
    var balance: Decimal?
    /// What one `/v1/segment` call costs on ``plan`` (and on ``alternativePlan``).
    var costPerSegment: Decimal = 0
    var alternativeSegmentCost: Decimal?

    /// What the item's call costs on ``plan``: nothing when a stored cutout finishes it.
    func cost(of item: PreparedItem) -> Decimal {
        guard item.route == .segment else { return costPerEdit }
        return item.storedCutout == nil ? costPerSegment : 0
    }
}

enum PricingFailure: Error {
    case authentication(String)
    case setup(RunError)
}

extension BatchRunner {
    /// Reads the account when a key is set and settles the plan and the cost of one edit.
    func resolvePricing() async -> Result<Pricing, PricingFailure> {
        var details: AccountDetails?
        if let account {
            do {
                details = try await account.account()
            } catch {
                // Whether account endpoints accept sandbox keys is undocumented; sandbox calls are free anyway.
                if options.sandbox {
                    details = nil
                } else if error.isAuthenticationFailure {
                    return .failure(.authentication(options.redact(error.message)))
                } else if case .auto = options.plan {
                    return .failure(
                        .setup(
                            RunError(
                                code: .accountUnavailable,
                                message: "cannot read the account to learn the plan and balance: "
                                    + "\(options.redact(error.description)); pass --plan basic|plus to run without it"
                            )
                        )
                    )
                }
            }
        }
        let plan: Plan
        switch options.plan {
        case .fixed(let fixed): plan = fixed
        case .auto:
            if options.sandbox, details?.plan == nil {
                plan = .basic  // Free either way; the plan only names the units in reports.
                break
            }
            guard let named = details?.plan else {
                let why = account == nil ? "no API key is set" : "the account endpoint did not name a plan"
                return .failure(
                    .setup(
                        RunError(code: .unknownPlan, message: "the plan is \"auto\" but \(why); pass --plan basic|plus")
                    )
                )
            }
            plan = named
        }
        let cost: Decimal
        do {
            cost = try options.pricing.cost(of: .edit, on: plan, sandbox: options.sandbox)
        } catch {
            return .failure(.setup(RunError(code: .unknownPlan, message: error.message)))
        }
        let alternative = plan.alternative
        let alternativeCost = alternative.flatMap {
            try? options.pricing.cost(of: .edit, on: $0, sandbox: options.sandbox)
        }
        let segmentCost = (try? options.pricing.cost(of: .segment, on: plan, sandbox: options.sandbox)) ?? cost
        let alternativeSegmentCost = alternative.flatMap {
            try? options.pricing.cost(of: .segment, on: $0, sandbox: options.sandbox)
        }
        return .success(
            Pricing(
                plan: plan,
                costPerEdit: cost,
                alternativePlan: alternative,
                alternativeCost: alternativeCost,
                balance: details?.available,
                costPerSegment: segmentCost,
                alternativeSegmentCost: alternativeSegmentCost
            )
        )
    }

    func makePreflight(_ prepared: [PreparedItem], pricing: Pricing) -> RunPreflight {
        var invalid = 0
        var done = 0
        var blocked = 0
        var toDo = 0
        var possiblyBilled = 0
        var reused = 0
        var cost: Decimal = 0
        var alternativeCost: Decimal = 0
        var segmentCalls = 0
        var editOnlyCost: Decimal = 0
        for item in prepared {
            switch (item.row.status, item.action) {
            case (.invalid, _): invalid += 1
            case (.skipped, _): done += 1
            case (_, .reuse): reused += 1
            case (_, .send) where item.duplicateOf != nil: reused += 1
            case (_, .send(let billed)):
                toDo += 1
                if billed { possiblyBilled += 1 }
                cost += pricing.cost(of: item)
                editOnlyCost += pricing.costPerEdit
                if item.route == .segment {
                    if item.storedCutout == nil {
                        segmentCalls += 1
                        alternativeCost += pricing.alternativeSegmentCost ?? 0
                    }
                } else {
                    alternativeCost += pricing.alternativeCost ?? 0
                }
            default: blocked += 1
            }
        }
        var preflight = RunPreflight(
            inputs: prepared.count,
            invalid: invalid,
            alreadyDone: done,
            blocked: blocked,
            toDo: toDo,
            possiblyBilledBefore: possiblyBilled,
            plan: pricing.plan,
            sandbox: options.sandbox,
            costPerEdit: pricing.costPerEdit,
            cost: cost,
            alternativePlan: pricing.alternativePlan,
            alternativeCost: pricing.alternativeCost.map { _ in alternativeCost },
            balance: pricing.balance,
            maxCredits: options.maxCredits,
            reused: reused
        )
        if options.route != .edit {
            preflight.route = options.route.rawValue
            preflight.segmentCalls = segmentCalls
            preflight.editOnlyCost = editOnlyCost
            let editCalls = prepared.filter { item in
                if case .send = item.action, item.duplicateOf == nil, item.route == .edit { return true }
                return false
            }.count
            preflight.editCalls = editCalls
            preflight.costPerSegment = pricing.costPerSegment
            preflight.routeSummary = RoutedCost(
                route: options.route,
                plan: pricing.plan,
                costs: PlanCosts(edit: pricing.costPerEdit, segment: pricing.costPerSegment),
                segmentCalls: segmentCalls,
                editCalls: editCalls
            ).summary
        }
        preflight.shard = options.shard
        return preflight
    }
}
