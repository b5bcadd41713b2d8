import Foundation
import PhotoroomPricing

/// The one pricing computation of the tool: what the prepared inputs need (calls by endpoint, copies, items done
/// or blocked), priced on a plan and checked against the balance and the budget.
///
/// `estimate` and the preflight of `run` and `watch` both prepare their inputs with ``BatchPreparation`` and price
/// them here, so the estimate and the run's preflight cannot disagree.
struct BatchPricing: Sendable, Equatable {
    /// Inputs prepared.
    var inputs = 0
    /// Refused by local validation, the edit settings' rules, or the route (`--route segment`).
    var invalid = 0
    /// Done by an earlier run (same content and settings, output present).
    var alreadyDone = 0
    /// Not sent because of their output (a collision, a file this tool did not write, a billed undelivered call).
    var blocked = 0
    /// Items to send (a call, or a finish from a stored cutout).
    var toDo = 0
    /// Of ``toDo``, those an earlier call may have billed already.
    var possiblyBilledBefore = 0
    /// Copies of a paid result the ledger holds.
    var reusedFromLedger = 0
    /// Copies of another input of this batch with the same content and settings (it is sent once).
    var duplicates = 0
    /// `/v2/edit` calls.
    var editCalls = 0
    /// `/v1/segment` calls.
    var segmentCalls = 0
    /// Of ``segmentCalls``, the files `/v2/edit` does not take (HEIC, or over its size limit): the comparison with
    /// `/v2/edit` alone leaves them out.
    var segmentOnlyCalls = 0
    /// Segment items finished from a cutout an earlier run paid for (free).
    var storedCutoutFinishes = 0
    /// What `--route auto` would send to `/v1/segment`, of the items to do and those refused only by the run's
    /// route (the estimate compares the routes).
    var autoSegmentCalls = 0
    /// Of the same items, what `--route auto` would send at all (HEIC only when the recipe is local).
    var autoRouteCalls = 0
    /// Of ``autoSegmentCalls``, the files `/v2/edit` does not take.
    var autoSegmentOnlyCalls = 0
    /// Of the same items, what `/v2/edit` alone would take (not HEIC, nothing over 30 MB).
    var editRouteCalls = 0

    /// Not sent, their outputs copied: ``reusedFromLedger`` + ``duplicates``.
    var reused: Int { reusedFromLedger + duplicates }

    /// Nothing counted yet.
    init() {}

    /// Counts prepared items; `autoRouting` decides ``autoSegmentCalls``.
    init(_ prepared: [PreparedItem], autoRouting: RunRouting? = nil) {
        add(prepared, autoRouting: autoRouting)
    }

    /// Counts more prepared items (a batch prepared in parts).
    mutating func add(_ prepared: [PreparedItem], autoRouting: RunRouting? = nil) {
        inputs += prepared.count
        for item in prepared {
            switch (item.row.status, item.action) {
            case (.invalid, _):
                invalid += 1
                // Refused by the run's route only (a HEIC file on `edit`): another route may take it.
                if item.row.errorCode == "invalid-for-route", let autoRouting { compareRoutes(item, autoRouting) }
            case (.skipped, _): alreadyDone += 1
            case (_, .reuse): reusedFromLedger += 1
            case (_, .send) where item.duplicateOf != nil: duplicates += 1
            case (_, .send(let billed)):
                toDo += 1
                if billed { possiblyBilledBefore += 1 }
                switch (item.route, item.storedCutout) {
                case (.edit, _): editCalls += 1
                case (.segment, nil):
                    segmentCalls += 1
                    if !Self.editTakes(item) { segmentOnlyCalls += 1 }
                case (.segment, _?): storedCutoutFinishes += 1
                }
                if let autoRouting { compareRoutes(item, autoRouting) }
            default: blocked += 1
            }
        }
    }

    /// Whether `/v2/edit` takes `item` (not HEIC, not over its size limit), whatever the route chosen.
    private static func editTakes(_ item: PreparedItem) -> Bool {
        let row = item.row
        return RunRouting.editTakes(format: row.format, bytes: row.bytes, width: row.width, height: row.height)
    }

    /// Counts what `--route auto` and `/v2/edit` alone would do with `item`.
    private mutating func compareRoutes(_ item: PreparedItem, _ autoRouting: RunRouting) {
        let row = item.row
        let editTakes = Self.editTakes(item)
        switch autoRouting.decide(format: row.format, bytes: row.bytes, width: row.width, height: row.height) {
        case .route(.segment, _):
            autoRouteCalls += 1
            autoSegmentCalls += 1
            if !editTakes { autoSegmentOnlyCalls += 1 }
        case .route(.edit, _): autoRouteCalls += 1
        case .invalid: break
        }
        if editTakes { editRouteCalls += 1 }
    }

    /// What the calls cost at these prices (a finish from a stored cutout costs nothing).
    func cost(perEdit: Decimal, perSegment: Decimal) -> Decimal {
        perEdit * Decimal(editCalls) + perSegment * Decimal(segmentCalls)
    }

    /// The preflight on `pricing`'s plan: the figures, the cost on the plan and on the other plan, the balance and
    /// the budget (``RunPreflight/shortfall`` compares them).
    func preflight(pricing: Pricing, maxCredits: Decimal?, route: Route, sandbox: Bool, shard: ShardSpec?)
        -> RunPreflight
    {
        var preflight = RunPreflight(
            inputs: inputs,
            invalid: invalid,
            alreadyDone: alreadyDone,
            blocked: blocked,
            toDo: toDo,
            possiblyBilledBefore: possiblyBilledBefore,
            plan: pricing.plan,
            sandbox: sandbox,
            costPerEdit: pricing.costPerEdit,
            cost: cost(perEdit: pricing.costPerEdit, perSegment: pricing.costPerSegment),
            alternativePlan: pricing.alternativePlan,
            alternativeCost: pricing.alternativeCost.map {
                cost(perEdit: $0, perSegment: pricing.alternativeSegmentCost ?? 0)
            },
            balance: pricing.balance,
            maxCredits: maxCredits,
            reused: reused
        )
        if route != .edit {
            preflight.route = route.rawValue
            preflight.segmentCalls = segmentCalls
            preflight.editCalls = editCalls
            preflight.costPerSegment = pricing.costPerSegment
            preflight.editOnlyCost = pricing.costPerEdit * Decimal(toDo - segmentOnlyCalls)
            preflight.routeSummary =
                RoutedCost(
                    route: route,
                    plan: pricing.plan,
                    costs: PlanCosts(edit: pricing.costPerEdit, segment: pricing.costPerSegment),
                    segmentCalls: segmentCalls,
                    editCalls: editCalls,
                    segmentOnlyCalls: segmentOnlyCalls
                ).summary
        }
        preflight.shard = shard
        return preflight
    }
}
