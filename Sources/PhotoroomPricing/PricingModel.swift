import Foundation

/// The documented billing rules, extensible with plans the user describes in pipeline.json.
///
/// - Basic: `/v2/edit` 5 images, `/v1/segment` 1 image (about 0.02 USD an image).
/// - Plus: `/v2/edit` 1 image, `/v1/segment` 0.2 image (about 0.10 USD an image).
/// - Failed calls cost nothing; keys prefixed `sandbox_` cost nothing (at most 100 calls a day).
public struct PricingModel: Sendable, Equatable {
    /// Costs per plan name, the documented ones merged with the user's.
    public private(set) var plans: [Plan: PlanCosts]

    /// The documented plans and their costs.
    public static let documented: [Plan: PlanCosts] = [
        .basic: PlanCosts(edit: 5, segment: 1, pricePerImageUSD: Decimal(string: "0.02")),
        .plus: PlanCosts(edit: 1, segment: Decimal(string: "0.2")!, pricePerImageUSD: Decimal(string: "0.10")),
    ]

    /// The daily call limit of a sandbox key.
    public static let sandboxCallsPerDay = 100

    /// The monthly call limit of a sandbox key (the documented 1,000; the daily limit applies as well).
    public static let sandboxCallsPerMonth = 1000

    /// Creates a model from the documented plans plus `custom` ones (which override on the same name).
    public init(custom: [Plan: PlanCosts] = [:]) {
        self.plans = Self.documented.merging(custom) { _, user in user }
    }

    /// The costs of `plan`.
    ///
    /// - Throws: ``PricingError`` with code `unknownPlan` when neither the documentation nor the user's
    ///   configuration gives this plan's costs.
    public func costs(for plan: Plan) throws(PricingError) -> PlanCosts {
        guard let costs = plans[plan] else {
            throw PricingError(
                code: .unknownPlan,
                message:
                    "the account's plan \"\(plan.name)\" has no known costs; add them to pipeline.json under "
                    + "\"pricing\": {\"plans\": {\"\(plan.name)\": {\"edit\": N, \"segment\": N}}} or pass --plan basic|plus"
            )
        }
        return costs
    }

    /// What one successful call of `operation` costs on `plan` with a key of this kind.
    public func cost(of operation: BilledOperation, on plan: Plan, sandbox: Bool = false) throws(PricingError)
        -> Decimal
    {
        if sandbox { return 0 }
        return try costs(for: plan).cost(of: operation)
    }

    /// Whether an API key is a sandbox key (free, watermarked, 100 calls a day).
    public static func isSandboxKey(_ key: String) -> Bool { key.hasPrefix("sandbox_") }
}

/// Why a cost could not be worked out.
public struct PricingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable kind of failure.
    public enum Code: String, Sendable {
        case unknownPlan = "unknown-plan"
    }
    public var code: Code
    public var message: String
    public var description: String { message }
}
