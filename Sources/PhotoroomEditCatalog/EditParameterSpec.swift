/// What one `/v2/edit` parameter accepts, as Photoroom's OpenAPI document describes it.
///
/// The table of every parameter is generated from `photoroom-openapi.json` by
/// `scripts/generate-edit-parameters.py` into `EditParameterTable.generated.swift`.
public struct EditParameterSpec: Sendable, Equatable {
    /// The kind of value a parameter takes.
    public enum Kind: Sendable, Equatable {
        /// `true` or `false`.
        case boolean
        /// A number with optional bounds.
        case number(minimum: Double?, maximum: Double?, exclusiveMinimum: Bool, exclusiveMaximum: Bool)
        /// A ratio or a length such as `0.1`, `"30%"` or `"100px"` (padding and margin).
        case numberOrString(minimum: Double?, maximum: Double?)
        /// One of a fixed list of strings.
        case enumeration([String])
        /// A number (degrees) or one of a fixed list of named values (the shadow overrides).
        case numberOrEnumeration([String])
        /// Text matching a regular expression (`outputSize`: `auto`, `WxH`, `originalImage`, `croppedSubject`).
        case pattern(String)
        /// Free text of at least `minimumLength` characters (or a value whose format the document does not pin down).
        case string(minimumLength: Int)
        /// A UUID.
        case uuid
        /// An uploaded file (POST only).
        case file
        /// A URL (GET only).
        case url
        /// A JSON object or array; passed through as text.
        case json
    }

    /// The dotted name, exactly as Photoroom spells it (`background.color`).
    public var name: String
    /// What values it takes.
    public var kind: Kind
    /// The documented default, if any, as text.
    public var defaultValue: String?
    /// Whether the parameter exists on GET, on POST, or both.
    public var inGET: Bool
    public var inPOST: Bool
    /// Whether Photoroom documents it as a generative (AI) feature.
    public var isAI: Bool

    public init(
        name: String,
        kind: Kind,
        defaultValue: String? = nil,
        inGET: Bool = true,
        inPOST: Bool = true,
        isAI: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.inGET = inGET
        self.inPOST = inPOST
        self.isAI = isAI
    }
}
