import Foundation

/// A Photoroom API pricing plan, as `GET /v2/account` names it (`"basic"`, `"plus"`, or another name).
///
/// The API may return names this tool does not know; those are kept as they are and need their costs
/// from pipeline.json (see ``PricingModel``).
public struct Plan: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The plan's name, lower-cased (`basic`, `plus`, ...).
    public let name: String

    /// Creates a plan from a name as the API or a user spells it (case and surrounding spaces are ignored).
    public init(_ name: String) {
        self.name = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The Basic plan: `/v2/edit` costs 5 images, `/v1/segment` 1.
    public static let basic = Plan("basic")
    /// The Plus plan: `/v2/edit` costs 1 image, `/v1/segment` 0.2.
    public static let plus = Plan("plus")

    /// The plan shown side by side with this one in estimates ("Basic or Plus?").
    public var alternative: Plan? {
        switch self {
        case .basic: return .plus
        case .plus: return .basic
        default: return nil
        }
    }

    /// A capitalised name for people: `Basic`, `Plus`.
    public var displayName: String { name.prefix(1).uppercased() + name.dropFirst() }

    public var description: String { displayName }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
