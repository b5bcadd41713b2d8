import Foundation
import PhotoroomPricing

/// The account's balance and plan, from `GET /v2/account` (or `GET /v1/account` where v2 is absent).
public struct AccountDetails: Sendable, Equatable, Codable {
    /// Which endpoint answered.
    public enum Source: String, Sendable, Codable {
        case v2 = "/v2/account"
        case v1 = "/v1/account"
    }

    /// The plan the API names (`nil` from `/v1/account`, which has no plan field).
    public var plan: Plan?
    /// Images still available: the balance to show people.
    public var available: Decimal
    /// Images the billing cycle granted.
    public var subscription: Decimal
    /// The endpoint that answered.
    public var source: Source

    public init(plan: Plan?, available: Decimal, subscription: Decimal, source: Source) {
        self.plan = plan
        self.available = available
        self.subscription = subscription
        self.source = source
    }
}

/// `GET /v2/account`'s body: `{"images":{"available":83,"subscription":100},"plan":"basic"}`.
struct AccountV2Body: Decodable {
    struct Images: Decodable {
        var available: Decimal
        var subscription: Decimal
    }
    var images: Images
    var plan: String
}

/// `GET /v1/account`'s body: `{"credits":{"available":100,"subscription":100}}`.
struct AccountV1Body: Decodable {
    struct Credits: Decodable {
        var available: Decimal
        var subscription: Decimal
    }
    var credits: Credits
}
