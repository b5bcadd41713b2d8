import Foundation
import PhotoroomPricing
import Testing

/// `--route edit|segment|auto`, its billed operation and its cost per plan.
@Suite struct RouteTests {
    @Test func parsing() {
        #expect(Route(parsing: "auto") == .auto)
        #expect(Route(parsing: " Segment ") == .segment)
        #expect(Route(parsing: "EDIT") == .edit)
        #expect(Route(parsing: "cheap") == nil)
        #expect(Route.choices == "edit|segment|auto")
    }

    @Test func operationPerRoute() {
        #expect(Route.edit.operation(locallyRenderable: true) == .edit)
        #expect(Route.edit.operation(locallyRenderable: false) == .edit)
        #expect(Route.segment.operation(locallyRenderable: true) == .segment)
        #expect(Route.segment.operation(locallyRenderable: false) == nil)
        #expect(Route.auto.operation(locallyRenderable: true) == .segment)
        #expect(Route.auto.operation(locallyRenderable: false) == .edit)
    }

    @Test func costPerRouteAndPlan() throws {
        let model = PricingModel()
        #expect(try model.cost(of: .auto, locallyRenderable: true, on: .basic) == 1)
        #expect(try model.cost(of: .auto, locallyRenderable: false, on: .basic) == 5)
        #expect(try model.cost(of: .auto, locallyRenderable: true, on: .plus) == Decimal(string: "0.2"))
        #expect(try model.cost(of: .edit, locallyRenderable: true, on: .plus) == 1)
        #expect(try model.cost(of: .segment, locallyRenderable: false, on: .plus) == nil)
        #expect(try model.cost(of: .segment, locallyRenderable: true, on: .basic, sandbox: true) == 0)
    }

    @Test func savingSummaries() throws {
        let model = PricingModel()
        let basic = try #require(try model.routedCost(items: 8, route: .auto, locallyRenderable: true, on: .basic))
        #expect(basic.summary == "route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved")
        #expect(basic.saved == 32)
        let plus = try #require(try model.routedCost(items: 8, route: .auto, locallyRenderable: true, on: .plus))
        #expect(plus.summary == "route auto: 8 × /v1/segment = 1.6 images on Plus instead of 8, 6.4 saved")
        let edit = try #require(try model.routedCost(items: 8, route: .edit, locallyRenderable: true, on: .basic))
        #expect(edit.summary == "route edit: 8 × /v2/edit = 40 images on Basic")
        #expect(edit.saved == 0)
        let fallback = try #require(try model.routedCost(items: 3, route: .auto, locallyRenderable: false, on: .basic))
        #expect(fallback.summary == "route auto: 3 × /v2/edit = 15 images on Basic")
        #expect(try model.routedCost(items: 3, route: .segment, locallyRenderable: false, on: .basic) == nil)
        let mixed = RoutedCost(
            route: .auto, plan: .basic, costs: try model.costs(for: .basic), segmentCalls: 6, editCalls: 2)
        #expect(
            mixed.summary == "route auto: 6 × /v1/segment + 2 × /v2/edit = 16 images on Basic instead of 40, 24 saved")
        let one = RoutedCost(
            route: .segment, plan: .basic, costs: try model.costs(for: .basic), segmentCalls: 1, editCalls: 0)
        #expect(one.summary == "route segment: 1 × /v1/segment = 1 image on Basic instead of 5, 4 saved")
    }

    /// Files `/v2/edit` does not take (HEIC) are not priced at its price: the comparison covers the others.
    @Test func filesOnlySegmentTakesAreLeftOutOfTheEditComparison() throws {
        let basic = try PricingModel().costs(for: .basic)
        let mixed = RoutedCost(
            route: .auto, plan: .basic, costs: basic, segmentCalls: 6, editCalls: 2, segmentOnlyCalls: 2)
        #expect(mixed.images == 16)
        #expect(mixed.editOnlyImages == 30, "6 files through /v2/edit alone, not 8")
        #expect(mixed.comparedImages == 14)
        #expect(mixed.saved == 16)
        #expect(
            mixed.summary
                == "route auto: 6 × /v1/segment + 2 × /v2/edit = 16 images on Basic; for the 6 files /v2/edit also "
                + "takes, 14 instead of 30, 16 saved; 2 files only /v1/segment takes (HEIC, or too large for /v2/edit)")
        let onlyHEIC = RoutedCost(
            route: .auto, plan: .basic, costs: basic, segmentCalls: 1, editCalls: 0, segmentOnlyCalls: 1)
        #expect(onlyHEIC.editOnlyImages == 0)
        #expect(onlyHEIC.saved == 0)
        #expect(
            onlyHEIC.summary
                == "route auto: 1 × /v1/segment = 1 image on Basic; 1 file only /v1/segment takes (HEIC, or too large "
                + "for /v2/edit)")
    }
}
