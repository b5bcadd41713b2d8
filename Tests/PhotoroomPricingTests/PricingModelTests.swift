import Foundation
import PhotoroomPricing
import Testing

@Suite struct PricingModelTests {
    @Test func documentedCostsPerPlan() throws {
        let pricing = PricingModel()
        #expect(try pricing.cost(of: .edit, on: .basic) == 5)
        #expect(try pricing.cost(of: .segment, on: .basic) == 1)
        #expect(try pricing.cost(of: .edit, on: .plus) == 1)
        #expect(try pricing.cost(of: .segment, on: .plus) == Decimal(string: "0.2")!)
    }

    @Test func fractionalCostsAreNotRoundedAway() throws {
        let pricing = PricingModel()
        let five = try pricing.cost(of: .segment, on: .plus) * 5
        #expect(five == 1)
        #expect(NSDecimalNumber(decimal: try pricing.cost(of: .segment, on: .plus) * 3).stringValue == "0.6")
    }

    @Test func sandboxCallsAreFree() throws {
        #expect(try PricingModel().cost(of: .edit, on: .basic, sandbox: true) == 0)
        #expect(PricingModel.isSandboxKey("sandbox_abc"))
        #expect(!PricingModel.isSandboxKey("abc_sandbox_"))
    }

    @Test func unknownPlanIsAClearError() {
        #expect(throws: PricingError.self) { try PricingModel().costs(for: Plan("enterprise")) }
        do {
            _ = try PricingModel().costs(for: Plan("enterprise"))
        } catch {
            #expect(error.code == .unknownPlan)
            #expect(error.message.contains("enterprise"))
            #expect(error.message.contains("pipeline.json"))
        }
    }

    @Test func customPlanCostsOverrideAndExtend() throws {
        let pricing = PricingModel(custom: [Plan("Enterprise"): PlanCosts(edit: 2, segment: Decimal(string: "0.4")!)])
        #expect(try pricing.cost(of: .edit, on: Plan("enterprise")) == 2)
        #expect(try pricing.cost(of: .edit, on: .basic) == 5)
    }

    @Test func planNamesAreNormalisedAndPaired() {
        #expect(Plan(" Basic ") == .basic)
        #expect(Plan.basic.alternative == .plus)
        #expect(Plan.plus.alternative == .basic)
        #expect(Plan("partner").alternative == nil)
        #expect(Plan.plus.displayName == "Plus")
    }
}
