import Foundation

/// The `/v2/edit` parameter vocabulary: lookup, value checks, conflicts and suggestions.
///
/// The table comes from Photoroom's OpenAPI document (see `scripts/generate-edit-parameters.py`).
public enum EditParameters {
    /// Every documented parameter by name.
    public static let table: [String: EditParameterSpec] = Dictionary(
        uniqueKeysWithValues: generatedSpecs.map { ($0.name, $0) }
    )

    /// The members of object-valued parameters (`virtualModel.model.preset.name`, `layers.{key}.image.imageUrl`).
    public static let members: [EditParameterMember] = generatedMembers

    /// Array-valued parameters (sent as repeated fields) and how many items the document allows.
    public static let lists: [String: (minimum: Int, maximum: Int)] = generatedLists

    /// The spec of a parameter, or `nil` when Photoroom does not document that name.
    ///
    /// Names with a `{key}` placeholder (`editWithAI.additionalImages.{key}.imageUrl`) match any key, and members of
    /// object-valued parameters (`virtualModel.model.preset.name`, `background.expandPrompt.mode`) are known too.
    public static func spec(named name: String) -> EditParameterSpec? {
        if let spec = table[name] { return spec }
        for pattern in table.keys where pattern.contains("{key}") {
            let parts = pattern.components(separatedBy: "{key}")
            if parts.count == 2, name.hasPrefix(parts[0]), name.hasSuffix(parts[1]),
                name.count > parts[0].count + parts[1].count
            {
                var spec = table[pattern]!
                spec.name = name
                return spec
            }
        }
        if name == "background.expandPrompt.mode" {
            return EditParameterSpec(name: name, kind: .enumeration(["ai.auto", "ai.never"]), isAI: true)
        }
        if var spec = member(named: name)?.spec {
            spec.name = name
            return spec
        }
        return nil
    }

    /// The member of an object-valued parameter that `name` names, with `{key}` matching any layer name.
    public static func member(named name: String) -> EditParameterMember? {
        guard name.contains(".") else { return nil }
        return members.first { $0.matches(name) }
    }

    /// Whether `text` is an absolute `http` or `https` URL.
    public static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// Checks one value against its parameter's spec; returns a human reason when it is not acceptable,
    /// phrased like the API's own 400 messages (`"removeBackground must be boolean"`).
    ///
    /// Unknown names return `nil`: the API reports them in `pr-unsupported-attributes` rather than refusing them.
    public static func problem(name: String, value: String) -> String? {
        guard let spec = spec(named: name) else { return nil }
        switch spec.kind {
        case .boolean:
            return value == "true" || value == "false"
                ? nil : "\(name) must be boolean (true or false), got \"\(value)\""
        case .number(let minimum, let maximum, let exclusiveMinimum, let exclusiveMaximum):
            guard let number = Double(value), number.isFinite else {
                return "\(name) must be a number, got \"\(value)\""
            }
            return boundsProblem(name, number, minimum, maximum, exclusiveMinimum, exclusiveMaximum)
        case .numberOrString(let minimum, let maximum):
            return lengthProblem(name: name, value: value, minimum: minimum, maximum: maximum)
        case .enumeration(let allowed):
            if allowed.contains(value) { return nil }
            return "\(name) must be one of \(allowed.joined(separator: ", ")), got \"\(value)\""
        case .numberOrEnumeration(let allowed):
            if allowed.contains(value) || Double(value) != nil { return nil }
            return "\(name) must be a number of degrees or one of \(allowed.joined(separator: ", ")), got \"\(value)\""
        case .pattern(let pattern):
            if value.range(of: pattern, options: .regularExpression) != nil { return nil }
            if name == "outputSize" {
                return
                    "outputSize must be auto, originalImage, croppedSubject or WIDTHxHEIGHT (e.g. 2000x2000), got \"\(value)\""
            }
            return "\(name) must match \(pattern), got \"\(value)\""
        case .string(let minimumLength):
            return value.count >= minimumLength ? nil : "\(name) must not be empty"
        case .uuid:
            return UUID(uuidString: value) != nil ? nil : "\(name) must be a UUID, got \"\(value)\""
        case .url:
            return isHTTPURL(value) ? nil : "\(name) must be an http(s) URL, got \"\(value)\""
        case .file, .json:
            return value.isEmpty ? "\(name) must not be empty" : nil
        }
    }

    private static func boundsProblem(
        _ name: String,
        _ number: Double,
        _ minimum: Double?,
        _ maximum: Double?,
        _ exclusiveMinimum: Bool,
        _ exclusiveMaximum: Bool
    ) -> String? {
        if let minimum, exclusiveMinimum ? number <= minimum : number < minimum {
            return
                "\(name) must be \(exclusiveMinimum ? "greater than" : "at least") \(format(minimum)), got \(format(number))"
        }
        if let maximum, exclusiveMaximum ? number >= maximum : number > maximum {
            return
                "\(name) must be \(exclusiveMaximum ? "less than" : "at most") \(format(maximum)), got \(format(number))"
        }
        return nil
    }

    /// Padding and margin: a ratio (0–0.49), a percentage (`"30%"`, 0–49) or pixels (`"100px"`).
    private static func lengthProblem(name: String, value: String, minimum: Double?, maximum: Double?) -> String? {
        let usage =
            "\(name) must be a number between 0 and 0.49, a percentage such as \"30%\" or pixels such as \"100px\""
        if let ratio = Double(value) {
            return boundsProblem(name, ratio, minimum, maximum, false, false).map { _ in "\(usage), got \(value)" }
        }
        if value.hasSuffix("%"), let percent = Double(value.dropLast()) {
            let scaledMinimum = minimum.map { $0 * 100 }
            let scaledMaximum = maximum.map { $0 * 100 }
            return boundsProblem(name, percent, scaledMinimum, scaledMaximum, false, false).map { _ in
                "\(usage), got \(value)"
            }
        }
        if value.hasSuffix("px"), let pixels = Double(value.dropLast(2)), pixels >= 0 {
            return nil
        }
        return "\(usage), got \"\(value)\""
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// Checks the document's rules that involve more than one value (see ``EditRules``); returns one human reason
    /// per violation.
    public static func conflicts(in parameters: [String: String], headers: [String: String] = [:]) -> [String] {
        EditRules.violations(in: parameters, headers: headers).map(\.reason)
    }

    /// The closest documented name to an unknown one, when one is close enough to suggest.
    public static func suggestion(for unknownName: String) -> String? {
        let names = table.keys.filter { !$0.contains("{key}") }
        return Spelling.closest(to: unknownName, in: names, maxDistance: max(2, min(4, unknownName.count / 4)))
    }
}
