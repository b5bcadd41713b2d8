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

extension Pricing {
    /// The prices on `plan` (and on its alternative) for a key of this kind, and the balance.
    ///
    /// - Throws: ``PricingError`` when `plan`'s costs are unknown.
    init(plan: Plan, model: PricingModel, sandbox: Bool, balance: Decimal?) throws(PricingError) {
        let cost = try model.cost(of: .edit, on: plan, sandbox: sandbox)
        let alternative = plan.alternative
        self.init(
            plan: plan,
            costPerEdit: cost,
            alternativePlan: alternative,
            alternativeCost: alternative.flatMap { try? model.cost(of: .edit, on: $0, sandbox: sandbox) },
            balance: balance,
            costPerSegment: (try? model.cost(of: .segment, on: plan, sandbox: sandbox)) ?? cost,
            alternativeSegmentCost: alternative.flatMap { try? model.cost(of: .segment, on: $0, sandbox: sandbox) }
        )
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
        do {
            return .success(
                try Pricing(plan: plan, model: options.pricing, sandbox: options.sandbox, balance: details?.available))
        } catch {
            return .failure(.setup(RunError(code: .unknownPlan, message: error.message)))
        }
    }

    func makePreflight(_ prepared: [PreparedItem], pricing: Pricing) -> RunPreflight {
        BatchPricing(prepared).preflight(
            pricing: pricing, maxCredits: options.maxCredits, route: options.route, sandbox: options.sandbox,
            shard: options.shard)
    }
}
