import Foundation

/// What a batch costs on one plan when its items go the ways a route sends them, next to what `/v2/edit` alone
/// would cost.
public struct RoutedCost: Sendable, Equatable, Codable {
    /// The route asked for.
    public var route: Route
    /// The plan priced.
    public var plan: Plan
    /// Items sent to `/v1/segment` (and finished locally).
    public var segmentCalls: Int
    /// Items sent to `/v2/edit`.
    public var editCalls: Int
    /// Images the routed calls consume.
    public var images: Decimal
    /// Images the same items would consume through `/v2/edit` alone.
    public var editOnlyImages: Decimal

    /// Prices `segmentCalls` segment calls and `editCalls` edit calls with `costs`.
    public init(route: Route, plan: Plan, costs: PlanCosts, segmentCalls: Int, editCalls: Int) {
        self.route = route
        self.plan = plan
        self.segmentCalls = segmentCalls
        self.editCalls = editCalls
        self.images = Decimal(segmentCalls) * costs.segment + Decimal(editCalls) * costs.edit
        self.editOnlyImages = Decimal(segmentCalls + editCalls) * costs.edit
    }

    /// Images saved against `/v2/edit` alone (0 or more).
    public var saved: Decimal { max(0, editOnlyImages - images) }

    /// One line: `route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved`.
    public var summary: String {
        var calls: [String] = []
        if segmentCalls > 0 { calls.append("\(segmentCalls) × \(BilledOperation.segment.rawValue)") }
        if editCalls > 0 || segmentCalls == 0 { calls.append("\(editCalls) × \(BilledOperation.edit.rawValue)") }
        let unit = images == 1 ? "image" : "images"
        var line = "route \(route): \(calls.joined(separator: " + ")) = \(Self.number(images)) \(unit) on \(plan)"
        if saved > 0 {
            line += " instead of \(Self.number(editOnlyImages)), \(Self.number(saved)) saved"
        }
        return line
    }

    static func number(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }
}

extension PricingModel {
    /// The cost of one item on `route` and `plan`: the segment price when the route sends it to `/v1/segment`,
    /// the edit price otherwise; nil when the route is `segment` and the recipe cannot be finished locally.
    ///
    /// - Throws: ``PricingError`` when the plan's costs are unknown.
    public func cost(
        of route: Route, locallyRenderable: Bool, on plan: Plan, sandbox: Bool = false
    ) throws(PricingError) -> Decimal? {
        guard let operation = route.operation(locallyRenderable: locallyRenderable) else { return nil }
        return try cost(of: operation, on: plan, sandbox: sandbox)
    }

    /// Prices a batch of `items` items on `route` and `plan`.
    ///
    /// - Parameters:
    ///   - locallyRenderable: whether the batch's recipe can be finished locally.
    /// - Returns: nil when the route is `segment` and the recipe cannot be finished locally.
    /// - Throws: ``PricingError`` when the plan's costs are unknown.
    public func routedCost(
        items: Int, route: Route, locallyRenderable: Bool, on plan: Plan
    ) throws(PricingError) -> RoutedCost? {
        guard let operation = route.operation(locallyRenderable: locallyRenderable) else { return nil }
        return RoutedCost(
            route: route, plan: plan, costs: try costs(for: plan),
            segmentCalls: operation == .segment ? items : 0, editCalls: operation == .edit ? items : 0)
    }
}
