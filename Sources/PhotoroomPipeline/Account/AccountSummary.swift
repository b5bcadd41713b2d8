import Foundation
import PhotoroomAPI
import PhotoroomPricing

/// What `photoroom-batch account` reports: the balance, the plan and what a call costs on it.
public struct AccountSummary: Sendable, Codable, Equatable {
    /// The plan the API names (`nil` when only `/v1/account` answered).
    public var plan: String?
    /// Images still available: the balance to show people.
    public var available: Decimal
    /// Images the billing cycle granted.
    public var subscription: Decimal
    /// Images one `/v2/edit` call costs on this plan (0 with a sandbox key; `nil` when the plan's costs are unknown).
    public var editCost: Decimal?
    /// Images one `/v1/segment` call costs on this plan.
    public var segmentCost: Decimal?
    /// How many `/v2/edit` calls the balance pays for.
    public var editsAffordable: Int?
    /// Whether the key is a sandbox key.
    public var sandbox: Bool
    /// The key, masked (`…9f2c`).
    public var apiKey: String
    /// The endpoint that answered.
    public var source: String
    /// Remarks for people (sandbox limits, unknown plan).
    public var notes: [String]

    /// Reads the account and prices a call on its plan.
    public static func fetch(
        client: PhotoroomClient,
        pricing: PricingModel
    ) async throws(PhotoroomAPIError) -> AccountSummary {
        let details = try await client.account()
        let key = client.configuration.apiKey
        var notes: [String] = []
        var editCost: Decimal?
        var segmentCost: Decimal?
        if key.isSandbox {
            editCost = 0
            segmentCost = 0
            notes.append(
                "sandbox key: calls are free, results are watermarked, at most \(PricingModel.sandboxCallsPerDay) calls a day "
                    + "and \(PricingModel.sandboxCallsPerMonth) a month"
            )
        } else if let plan = details.plan {
            do {
                let costs = try pricing.costs(for: plan)
                editCost = costs.edit
                segmentCost = costs.segment
            } catch {
                notes.append(error.message)
            }
        } else {
            notes.append("GET /v1/account names no plan: pass --plan basic|plus to estimate and run")
        }
        var affordable: Int?
        if let editCost, editCost > 0 {
            var quotient = details.available / editCost
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 0, .down)
            affordable = max(0, NSDecimalNumber(decimal: rounded).intValue)
        }
        return AccountSummary(
            plan: details.plan?.name,
            available: details.available,
            subscription: details.subscription,
            editCost: editCost,
            segmentCost: segmentCost,
            editsAffordable: affordable,
            sandbox: key.isSandbox,
            apiKey: key.masked,
            source: details.source.rawValue,
            notes: notes
        )
    }

    /// The report for people.
    public var text: String {
        var lines: [String] = []
        lines.append("Plan:          \(plan.map { Plan($0).displayName } ?? "unknown (\(source) names no plan)")")
        lines.append("Available:     \(Self.format(available)) images (the balance left to spend)")
        lines.append("Subscription:  \(Self.format(subscription)) images (granted this billing cycle)")
        if let editCost {
            var line = "One /v2/edit:  \(Self.format(editCost)) image\(editCost == 1 ? "" : "s")"
            if let editsAffordable { line += " (the balance pays for \(editsAffordable) edits)" }
            lines.append(line)
        }
        if let segmentCost {
            lines.append("One /v1/segment: \(Self.format(segmentCost)) image\(segmentCost == 1 ? "" : "s")")
        }
        lines.append("API key:       \(apiKey)")
        for note in notes { lines.append("Note: \(note)") }
        return lines.joined(separator: "\n")
    }

    /// A decimal without needless digits (`5`, `0.2`, `83.4`).
    public static func format(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}
