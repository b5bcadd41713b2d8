import Foundation

/// What one successful call costs on a plan, in images. Amounts are exact decimals (0.2 exists).
public struct PlanCosts: Hashable, Sendable, Codable {
    /// Images one `/v2/edit` call consumes.
    public var edit: Decimal
    /// Images one `/v1/segment` call consumes.
    public var segment: Decimal
    /// Approximate price of one image in US dollars, when known (for estimates only).
    public var pricePerImageUSD: Decimal?

    public init(edit: Decimal, segment: Decimal, pricePerImageUSD: Decimal? = nil) {
        self.edit = edit
        self.segment = segment
        self.pricePerImageUSD = pricePerImageUSD
    }

    /// The cost of one call of `operation`.
    public func cost(of operation: BilledOperation) -> Decimal {
        switch operation {
        case .edit: edit
        case .segment: segment
        }
    }
}
