import Hummingbird

/// What kind of key a request carried.
enum KeyKind: Sendable, Equatable {
    /// The account's key: calls are charged.
    case live
    /// `sandbox_` + the key: free, watermarked, limited per day.
    case sandbox

    /// Whether this is a sandbox key.
    var isSandbox: Bool { self == .sandbox }
}

/// Checks the `x-api-key` header the way Photoroom does: missing → 400 `apiKey: Required`, wrong → 403.
struct KeyCheck: Sendable {
    /// The accepted key; nil accepts any non-empty key.
    let apiKey: String?

    /// The prefix that turns a key into its sandbox twin.
    static let sandboxPrefix = "sandbox_"

    /// Returns the key kind, or throws the host's error.
    func check(_ request: Request, style: EmulatorError.Style) throws(EmulatorError) -> KeyKind {
        guard let key = request.headers[.init("x-api-key")!], !key.isEmpty else {
            throw .missingKey(style)
        }
        guard let apiKey else {
            return key.hasPrefix(Self.sandboxPrefix) && key.count > Self.sandboxPrefix.count ? .sandbox : .live
        }
        if key == apiKey { return .live }
        if key == Self.sandboxPrefix + apiKey { return .sandbox }
        throw .forbidden(style)
    }
}
