/// One broken rule of Photoroom's OpenAPI document: which parameter (or request header) and why.
public struct EditRuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the offending setting lives.
    public enum Place: Sendable, Equatable {
        /// A `/v2/edit` parameter (pipeline.json `edit`).
        case parameter
        /// A request header (pipeline.json `editHeaders`).
        case header
    }

    /// The parameter or header name the reason is about (`colorSpace`, `pr-ai-shadows-model-version`).
    public var key: String
    /// A human reason, phrased like the API's own 400 messages.
    public var reason: String
    /// Whether ``key`` names a parameter or a header.
    public var place: Place

    public init(key: String, reason: String, place: Place = .parameter) {
        self.key = key
        self.reason = reason
        self.place = place
    }

    public var description: String { reason }
}
