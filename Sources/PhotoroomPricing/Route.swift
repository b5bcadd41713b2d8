import Foundation

/// Which endpoint renders an item: `--route edit|segment|auto`.
///
/// - `edit`: every item through `/v2/edit` (the default).
/// - `segment`: every item through `/v1/segment` and local finishing; a recipe that cannot be finished locally
///   is refused before anything is sent.
/// - `auto`: `/v1/segment` plus local finishing when every requested setting can be rendered locally,
///   `/v2/edit` otherwise.
public enum Route: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case edit
    case segment
    case auto

    /// Parses `edit`, `segment` or `auto` (case and surrounding spaces ignored); nil for anything else.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        self.init(rawValue: trimmed)
    }

    /// The values, for help texts: `edit|segment|auto`.
    public static let choices = allCases.map(\.rawValue).joined(separator: "|")

    public var description: String { rawValue }

    /// The billed call an item takes on this route, given whether its recipe can be finished locally; nil when
    /// the route is `segment` and the recipe cannot (the run must refuse it).
    public func operation(locallyRenderable: Bool) -> BilledOperation? {
        switch self {
        case .edit: .edit
        case .segment: locallyRenderable ? .segment : nil
        case .auto: locallyRenderable ? .segment : .edit
        }
    }
}
