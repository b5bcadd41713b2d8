import Foundation

/// What a batch costs on one plan when its items go the ways a route sends them, next to what `/v2/edit` alone
/// would cost for the same files.
///
/// `/v2/edit` does not take every file `/v1/segment` takes (HEIC, or a file over its size limit): those go
/// through `/v1/segment` only and are left out of the comparison, which ``summary`` says, rather than priced at a
/// `/v2/edit` price no call could be made at.
public struct RoutedCost: Sendable, Equatable, Codable {
    /// The route asked for.
    public var route: Route
    /// The plan priced.
    public var plan: Plan
    /// Items sent to `/v1/segment` (and finished locally).
    public var segmentCalls: Int
    /// Items sent to `/v2/edit`.
    public var editCalls: Int
    /// Of ``segmentCalls``, the items `/v2/edit` does not take (HEIC, or over its size limit): only `/v1/segment`
    /// can make their results.
    public var segmentOnlyCalls: Int
    /// Images the routed calls consume.
    public var images: Decimal
    /// Images the items `/v2/edit` takes (all but ``segmentOnlyCalls``) would consume through `/v2/edit` alone.
    public var editOnlyImages: Decimal
    /// Images the routed calls consume for those same items (``images`` without the segment-only calls).
    public var comparedImages: Decimal

    /// Prices `segmentCalls` segment calls and `editCalls` edit calls with `costs`; `segmentOnlyCalls` of the segment
    /// calls are files `/v2/edit` does not take (at most `segmentCalls`).
    public init(
        route: Route, plan: Plan, costs: PlanCosts, segmentCalls: Int, editCalls: Int, segmentOnlyCalls: Int = 0
    ) {
        let segmentOnly = min(max(0, segmentOnlyCalls), segmentCalls)
        self.route = route
        self.plan = plan
        self.segmentCalls = segmentCalls
        self.editCalls = editCalls
        self.segmentOnlyCalls = segmentOnly
        self.images = Decimal(segmentCalls) * costs.segment + Decimal(editCalls) * costs.edit
        self.editOnlyImages = Decimal(segmentCalls - segmentOnly + editCalls) * costs.edit
        self.comparedImages = images - Decimal(segmentOnly) * costs.segment
    }

    /// Images saved against `/v2/edit` alone, on the items it takes (0 or more).
    public var saved: Decimal { max(0, editOnlyImages - comparedImages) }

    /// One line: `route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved`. With files only
    /// `/v1/segment` takes, the comparison covers the others and the line says so: `route auto: 2 × /v1/segment =
    /// 2 images on Basic; for the 1 file /v2/edit also takes, 1 instead of 5, 4 saved; 1 file only /v1/segment
    /// takes (HEIC, or too large for /v2/edit)`.
    public var summary: String {
        var calls: [String] = []
        if segmentCalls > 0 { calls.append("\(segmentCalls) × \(BilledOperation.segment.rawValue)") }
        if editCalls > 0 || segmentCalls == 0 { calls.append("\(editCalls) × \(BilledOperation.edit.rawValue)") }
        var line = "route \(route): \(calls.joined(separator: " + ")) = \(Self.imageCount(images)) on \(plan)"
        guard segmentOnlyCalls > 0 else {
            if saved > 0 { line += " instead of \(Self.number(editOnlyImages)), \(Self.number(saved)) saved" }
            return line
        }
        let compared = segmentCalls + editCalls - segmentOnlyCalls
        if saved > 0 {
            line +=
                "; for the \(Self.files(compared)) /v2/edit also takes, \(Self.number(comparedImages)) instead of "
                + "\(Self.number(editOnlyImages)), \(Self.number(saved)) saved"
        }
        line += "; \(Self.files(segmentOnlyCalls)) only /v1/segment takes (HEIC, or too large for /v2/edit)"
        return line
    }

    static func imageCount(_ value: Decimal) -> String { "\(number(value)) \(value == 1 ? "image" : "images")" }

    static func files(_ count: Int) -> String { "\(count) \(count == 1 ? "file" : "files")" }

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
