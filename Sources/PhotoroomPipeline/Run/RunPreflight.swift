import Foundation
import PhotoroomPricing

/// What preflight found: how many inputs are valid, done, to do, and what the work will cost.
public struct RunPreflight: Sendable, Codable, Equatable {
    /// Inputs scanned.
    public var inputs: Int
    /// Inputs local validation refused.
    public var invalid: Int
    /// Inputs already done by an earlier run (same content and settings, output present).
    public var alreadyDone: Int
    /// Inputs that cannot be sent because of their output (an existing file this tool did not write, a collision).
    public var blocked: Int
    /// Inputs to send in this run.
    public var toDo: Int
    /// Of those, inputs an earlier call may already have billed (redoing them may bill twice).
    public var possiblyBilledBefore: Int
    /// The plan that prices the calls.
    public var plan: Plan
    /// Whether the key is a sandbox key (free calls).
    public var sandbox: Bool
    /// What one edit costs on ``plan``.
    public var costPerEdit: Decimal
    /// What the work to do costs: ``toDo`` × ``costPerEdit``.
    public var cost: Decimal
    /// The same work on the other documented plan, when there is one.
    public var alternativePlan: Plan?
    public var alternativeCost: Decimal?
    /// The balance `/v2/account` reported, when a key was set.
    public var balance: Decimal?
    /// `--max-credits`, when given.
    public var maxCredits: Decimal?
    /// The part (`--shard K/N`) these figures are for: the inputs, cost and budget are the part's, the balance is
    /// the account's, shared with the other parts.
    public var shard: ShardSpec? = nil
    /// Inputs not sent because another input (in this batch, or paid earlier) has the same content and
    /// settings: their outputs are copies of that result.
    public var reused: Int
    /// A warning that does not stop the run (OUT_DIR's free space looks too small for the results).
    public var warning: String?
    /// `--route` when it is not `edit`: `segment` or `auto`.
    public var route: String?
    /// Of ``toDo``, the items sent to `/v1/segment` (and finished locally), when ``route`` is set.
    public var segmentCalls: Int?
    /// Of ``toDo``, the items sent to `/v2/edit`, when ``route`` is set (the rest are finished from a stored cutout,
    /// free).
    public var editCalls: Int?
    /// What one `/v1/segment` call costs on ``plan``, when ``route`` is set.
    public var costPerSegment: Decimal?
    /// What ``toDo`` would cost through `/v2/edit` alone, when ``route`` is set: the files it does not take (HEIC,
    /// or over its size limit), which only `/v1/segment` can send, are left out.
    public var editOnlyCost: Decimal?
    /// ``RoutedCost/summary``: `route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved`.
    public var routeSummary: String?
    /// Images those reuses save: ``reused`` × ``costPerEdit``.
    public var imagesSaved: Decimal { costPerEdit * Decimal(reused) }

    public init(
        inputs: Int,
        invalid: Int,
        alreadyDone: Int,
        blocked: Int,
        toDo: Int,
        possiblyBilledBefore: Int,
        plan: Plan,
        sandbox: Bool,
        costPerEdit: Decimal,
        cost: Decimal,
        alternativePlan: Plan? = nil,
        alternativeCost: Decimal? = nil,
        balance: Decimal? = nil,
        maxCredits: Decimal? = nil,
        reused: Int = 0
    ) {
        self.inputs = inputs
        self.invalid = invalid
        self.alreadyDone = alreadyDone
        self.blocked = blocked
        self.toDo = toDo
        self.possiblyBilledBefore = possiblyBilledBefore
        self.plan = plan
        self.sandbox = sandbox
        self.costPerEdit = costPerEdit
        self.cost = cost
        self.alternativePlan = alternativePlan
        self.alternativeCost = alternativeCost
        self.balance = balance
        self.maxCredits = maxCredits
        self.reused = reused
    }

    private enum CodingKeys: String, CodingKey {
        case inputs, invalid, alreadyDone, blocked, toDo, possiblyBilledBefore, plan, sandbox, costPerEdit, cost
        case alternativePlan, alternativeCost, balance, maxCredits, reused, warning, shard
        case route, segmentCalls, editOnlyCost, routeSummary, editCalls, costPerSegment
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputs = try c.decode(Int.self, forKey: .inputs)
        invalid = try c.decode(Int.self, forKey: .invalid)
        alreadyDone = try c.decode(Int.self, forKey: .alreadyDone)
        blocked = try c.decode(Int.self, forKey: .blocked)
        toDo = try c.decode(Int.self, forKey: .toDo)
        possiblyBilledBefore = try c.decode(Int.self, forKey: .possiblyBilledBefore)
        plan = try c.decode(Plan.self, forKey: .plan)
        sandbox = try c.decode(Bool.self, forKey: .sandbox)
        costPerEdit = try c.decode(Decimal.self, forKey: .costPerEdit)
        cost = try c.decode(Decimal.self, forKey: .cost)
        alternativePlan = try c.decodeIfPresent(Plan.self, forKey: .alternativePlan)
        alternativeCost = try c.decodeIfPresent(Decimal.self, forKey: .alternativeCost)
        balance = try c.decodeIfPresent(Decimal.self, forKey: .balance)
        maxCredits = try c.decodeIfPresent(Decimal.self, forKey: .maxCredits)
        reused = try c.decodeIfPresent(Int.self, forKey: .reused) ?? 0
        warning = try c.decodeIfPresent(String.self, forKey: .warning)
        route = try c.decodeIfPresent(String.self, forKey: .route)
        segmentCalls = try c.decodeIfPresent(Int.self, forKey: .segmentCalls)
        editCalls = try c.decodeIfPresent(Int.self, forKey: .editCalls)
        costPerSegment = try c.decodeIfPresent(Decimal.self, forKey: .costPerSegment)
        editOnlyCost = try c.decodeIfPresent(Decimal.self, forKey: .editOnlyCost)
        routeSummary = try c.decodeIfPresent(String.self, forKey: .routeSummary)
        shard = try c.decodeIfPresent(ShardSpec.self, forKey: .shard)
    }

    /// The price of the work for people: `5 per edit`, or on a route with `/v1/segment` calls, each endpoint's
    /// calls at their price, `3 × /v1/segment at 1 + 2 × /v2/edit at 5`.
    public var priceDescription: String {
        guard route != nil, let segmentCalls, segmentCalls > 0 else {
            return "\(Shortfall.format(costPerEdit)) per edit"
        }
        let edits = editCalls ?? toDo - segmentCalls
        let perSegment = costPerSegment ?? (cost - Decimal(edits) * costPerEdit) / Decimal(segmentCalls)
        var parts = ["\(segmentCalls) × /v1/segment at \(Shortfall.format(perSegment))"]
        if edits > 0 { parts.append("\(edits) × /v2/edit at \(Shortfall.format(costPerEdit))") }
        return parts.joined(separator: " + ")
    }

    /// The shortfall when the balance or the budget cannot cover ``cost``, else `nil`.
    public var shortfall: Shortfall? {
        var limits: [(Decimal, Shortfall.Limit)] = []
        if let balance { limits.append((balance, .balance)) }
        if let maxCredits { limits.append((maxCredits, .budget)) }
        guard let (available, limit) = limits.min(by: { $0.0 < $1.0 }), available < cost else { return nil }
        // With a route, the calls are named per endpoint, each at its own price.
        var shortfall = Shortfall(
            edits: route == nil ? toDo : editCalls ?? toDo - (segmentCalls ?? 0),
            costPerEdit: costPerEdit,
            plan: plan,
            needed: cost,
            available: available,
            limit: limit,
            alternativePlan: alternativePlan,
            alternativeCost: alternativeCost
        )
        if route != nil, let segmentCalls, segmentCalls > 0 {
            shortfall.segmentCalls = segmentCalls
            // The price of one call, from the cost when an older preflight does not carry it.
            shortfall.costPerSegment =
                costPerSegment ?? (cost - Decimal(shortfall.edits) * costPerEdit) / Decimal(segmentCalls)
        }
        return shortfall
    }
}

/// Why a run was refused before sending anything: the work costs more than the balance or the budget allow.
public struct Shortfall: Sendable, Codable, Equatable, CustomStringConvertible {
    /// What bounds the spending.
    public enum Limit: String, Sendable, Codable {
        /// The account's balance.
        case balance
        /// `--max-credits`.
        case budget
    }

    /// The `/v2/edit` calls the work needs.
    public var edits: Int
    /// What one `/v2/edit` call costs on ``plan``.
    public var costPerEdit: Decimal
    /// The `/v1/segment` calls the work needs, when it takes that route (`nil` otherwise).
    public var segmentCalls: Int?
    /// What one `/v1/segment` call costs on ``plan``, with ``segmentCalls``.
    public var costPerSegment: Decimal?
    public var plan: Plan
    /// Images the work needs.
    public var needed: Decimal
    /// Images the tighter limit allows.
    public var available: Decimal
    /// Which limit is the tighter one.
    public var limit: Limit
    public var alternativePlan: Plan?
    public var alternativeCost: Decimal?

    /// Creates a shortfall; ``segmentCalls`` and ``costPerSegment`` are set for a routed run.
    public init(
        edits: Int, costPerEdit: Decimal, plan: Plan, needed: Decimal, available: Decimal, limit: Limit,
        alternativePlan: Plan? = nil, alternativeCost: Decimal? = nil
    ) {
        self.edits = edits
        self.costPerEdit = costPerEdit
        self.plan = plan
        self.needed = needed
        self.available = available
        self.limit = limit
        self.alternativePlan = alternativePlan
        self.alternativeCost = alternativeCost
    }

    /// `needed - available`.
    public var short: Decimal { needed - available }

    /// Every call the work needs, on both endpoints.
    public var calls: Int { edits + (segmentCalls ?? 0) }

    /// How many of the calls the limit would pay for, the cheaper `/v1/segment` calls first.
    public var affordableEdits: Int {
        var left = available
        var count = 0
        for (calls, price) in [(segmentCalls ?? 0, costPerSegment ?? 0), (edits, costPerEdit)] where calls > 0 {
            guard price > 0 else {
                count += calls
                continue
            }
            let fit = min(calls, Self.wholeCalls(left / price))
            count += fit
            left -= Decimal(fit) * price
        }
        return count
    }

    /// The calls and their prices: `50 edits × 5` without a route; with one, each endpoint by name,
    /// `8 × /v1/segment at 1 + 2 × /v2/edit at 5`.
    public var callsDescription: String {
        guard let segmentCalls, segmentCalls > 0 else { return "\(edits) edits × \(Self.format(costPerEdit))" }
        var parts = ["\(segmentCalls) × /v1/segment at \(Self.format(costPerSegment ?? 0))"]
        if edits > 0 { parts.append("\(edits) × /v2/edit at \(Self.format(costPerEdit))") }
        return parts.joined(separator: " + ")
    }

    /// "needs 250 images (50 edits × 5 on Basic); 120 available; short by 130", or with a route
    /// "needs 12 images (2 × /v1/segment at 1 + 2 × /v2/edit at 5 on Basic); 10 available; short by 2".
    public var description: String {
        let what = limit == .balance ? "available" : "allowed by --max-credits"
        return
            "needs \(Self.format(needed)) images (\(callsDescription) on \(plan.displayName)); "
            + "\(Self.format(available)) \(what); short by \(Self.format(short))"
    }

    /// What the person can do about it, one suggestion a line.
    public var options: [String] {
        var lines: [String] = []
        switch limit {
        case .budget: lines.append("raise the budget: --max-credits \(Self.format(needed))")
        case .balance:
            lines.append("top up at least \(Self.format(short)) images (https://app.photoroom.com/api-dashboard)")
        }
        if affordableEdits > 0 {
            lines.append("run a smaller batch: \(affordableEdits) of the \(calls) images fit")
        }
        if let alternativePlan, let alternativeCost {
            lines.append("on \(alternativePlan.displayName) the same work costs \(Self.format(alternativeCost)) images")
        }
        return lines
    }

    private static func wholeCalls(_ value: Decimal) -> Int {
        var quotient = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 0, .down)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    static func format(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}
