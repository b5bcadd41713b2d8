/// The `pr-*` request headers Photoroom documents for `/v2/edit` (they select model versions) and their values.
///
/// Source: docs.photoroom.com (background-removal model versioning, AI backgrounds, AI shadows, AI upscale), as
/// summarised in `photoroom-api.md` §3 "Request headers that select models". The OpenAPI document does not list them.
public enum EditHeaders {
    /// `pr-background-removal-model-version`.
    public static let backgroundRemovalModel = "pr-background-removal-model-version"
    /// `pr-ai-background-model-version`.
    public static let aiBackgroundModel = "pr-ai-background-model-version"
    /// `pr-ai-shadows-model-version`.
    public static let aiShadowsModel = "pr-ai-shadows-model-version"
    /// `pr-ai-upscale-model-version`.
    public static let aiUpscaleModel = "pr-ai-upscale-model-version"

    /// The shadows model that `shadow.mode=ai.auto-with-overrides`, the presets and the overrides need.
    public static let overridesShadowsModel = "2026-04-15"

    /// Every documented header (lower case) and the values it takes.
    public static let documented: [String: [String]] = [
        backgroundRemovalModel: ["2023-06-01", "2024-09-26"],
        aiBackgroundModel: ["2", "3", "background-studio-beta-2025-03-17"],
        aiShadowsModel: [overridesShadowsModel],
        aiUpscaleModel: ["ai-upscale-2025-07-29"],
    ]

    /// Checks headers against the documented names and values (names compared case-insensitively).
    public static func violations(in headers: [String: String]) -> [EditRuleViolation] {
        var violations: [EditRuleViolation] = []
        for name in headers.keys.sorted() {
            let lowered = name.lowercased()
            let value = headers[name]!
            guard let allowed = documented[lowered] else {
                var reason = "\(name) is not a request header Photoroom documents for /v2/edit"
                if let close = Spelling.closest(to: lowered, in: documented.keys, maxDistance: 4) {
                    reason += "; did you mean \"\(close)\"?"
                } else {
                    reason += " (known: \(documented.keys.sorted().joined(separator: ", ")))"
                }
                violations.append(EditRuleViolation(key: name, reason: reason, place: .header))
                continue
            }
            if !allowed.contains(value) {
                violations.append(
                    EditRuleViolation(
                        key: name,
                        reason: "\(lowered) must be one of \(allowed.joined(separator: ", ")), got \"\(value)\"",
                        place: .header
                    )
                )
            }
        }
        return violations
    }

    /// The value of `name` in `headers`, compared case-insensitively.
    static func value(_ name: String, in headers: [String: String]) -> String? {
        headers.first { $0.key.lowercased() == name }?.value
    }
}
