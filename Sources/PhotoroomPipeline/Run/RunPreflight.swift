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
    /// What ``toDo`` would cost through `/v2/edit` alone, when ``route`` is set.
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
        case route, segmentCalls, editOnlyCost, routeSummary
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
        editOnlyCost = try c.decodeIfPresent(Decimal.self, forKey: .editOnlyCost)
        routeSummary = try c.decodeIfPresent(String.self, forKey: .routeSummary)
        shard = try c.decodeIfPresent(ShardSpec.self, forKey: .shard)
    }

    /// The shortfall when the balance or the budget cannot cover ``cost``, else `nil`.
    public var shortfall: Shortfall? {
        var limits: [(Decimal, Shortfall.Limit)] = []
        if let balance { limits.append((balance, .balance)) }
        if let maxCredits { limits.append((maxCredits, .budget)) }
        guard let (available, limit) = limits.min(by: { $0.0 < $1.0 }), available < cost else { return nil }
        // With routes the calls cost different amounts: the average keeps "calls × cost = needed" true.
        let perCall = route == nil || toDo == 0 ? costPerEdit : cost / Decimal(toDo)
        return Shortfall(
            edits: toDo,
            costPerEdit: perCall,
            plan: plan,
            needed: cost,
            available: available,
            limit: limit,
            alternativePlan: alternativePlan,
            alternativeCost: alternativeCost
        )
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

    public var edits: Int
    public var costPerEdit: Decimal
    public var plan: Plan
    /// Images the work needs.
    public var needed: Decimal
    /// Images the tighter limit allows.
    public var available: Decimal
    /// Which limit is the tighter one.
    public var limit: Limit
    public var alternativePlan: Plan?
    public var alternativeCost: Decimal?

    /// `needed - available`.
    public var short: Decimal { needed - available }

    /// How many edits the limit would pay for.
    public var affordableEdits: Int {
        guard costPerEdit > 0 else { return edits }
        var quotient = available / costPerEdit
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 0, .down)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// "needs 250 images (50 edits × 5 on Basic); 120 available; short by 130".
    public var description: String {
        let what = limit == .balance ? "available" : "allowed by --max-credits"
        return
            "needs \(Self.format(needed)) images (\(edits) edits × \(Self.format(costPerEdit)) on \(plan.displayName)); "
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
            lines.append("run a smaller batch: \(affordableEdits) of the \(edits) images fit")
        }
        if let alternativePlan, let alternativeCost {
            lines.append("on \(alternativePlan.displayName) the same work costs \(Self.format(alternativeCost)) images")
        }
        return lines
    }

    static func format(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}
