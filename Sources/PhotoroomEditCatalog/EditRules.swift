/// The rules of Photoroom's OpenAPI document that involve more than one value: forbidden combinations, object
/// parameters, the model-version headers some features need, and the per-image limits of AI Upscale.
///
/// A call that breaks one is answered 400 (and fails on every item of a catalog), so these are checked before anything
/// is sent: when pipeline.json is loaded, and by the emulator, which answers the same 400 as the service.
public enum EditRules {
    /// The largest input `upscale.mode=ai.fast` takes, in pixels (default model).
    public static let fastUpscaleMaximumPixels = 1_000_000
    /// The largest input `upscale.mode=ai.slow` takes, in pixels (default model).
    public static let slowUpscaleMaximumPixels = 262_144

    /// Every rule that does not depend on the image, with the request headers the call will carry.
    ///
    /// Single values are checked by ``EditParameters/problem(name:value:)``; this adds object parameters, the
    /// combinations the document forbids, and the `pr-*` headers.
    public static func violations(
        in parameters: [String: String],
        headers: [String: String] = [:]
    ) -> [EditRuleViolation] {
        objectViolations(in: parameters) + combinationViolations(in: parameters, headers: headers)
            + EditHeaders.violations(in: headers)
    }

    /// The rules that depend on the input image's size: `upscale.mode` takes at most 1,000,000 pixels with `ai.fast`
    /// and 262,144 with `ai.slow`, unless `upscale.downscaleIfNeeded` lets the service shrink the input first.
    ///
    /// An image that breaks one is refused for these settings before any call (it costs nothing).
    public static func imageViolations(_ parameters: [String: String], width: Int, height: Int) -> [EditRuleViolation] {
        guard let mode = parameters["upscale.mode"] else { return [] }
        let downscale = parameters["upscale.downscaleIfNeeded"] ?? "never"
        guard downscale == "never" else { return [] }
        let limit: Int
        switch mode {
        case "ai.fast": limit = fastUpscaleMaximumPixels
        case "ai.slow": limit = slowUpscaleMaximumPixels
        default: return []
        }
        let pixels = width.multipliedReportingOverflow(by: height)
        guard pixels.overflow || pixels.partialValue > limit else { return [] }
        return [
            EditRuleViolation(
                key: "upscale.mode",
                reason: "upscale.mode=\(mode) takes images of at most \(grouped(limit)) pixels; this one is "
                    + "\(width)x\(height) (\(pixels.overflow ? "too many" : grouped(pixels.partialValue)) pixels); "
                    + "set upscale.downscaleIfNeeded to always or skipUpscaleIfNotNeeded to let Photoroom shrink it"
            )
        ]
    }

    // MARK: Object parameters

    /// Object parameters given as JSON text or as dotted members: known members, valid values, one alternative.
    static func objectViolations(in parameters: [String: String]) -> [EditRuleViolation] {
        var violations: [EditRuleViolation] = []
        var members: [(name: String, value: String)] = []
        for name in parameters.keys.sorted() {
            let value = parameters[name]!
            if ObjectParameters.isObjectParameter(name) {
                do {
                    let fields = try ObjectParameters.fields(name: name, value: value)
                    if EditParameters.generatedLists[name] != nil {
                        for field in fields where !EditParameters.isHTTPURL(field.value) {
                            violations.append(
                                EditRuleViolation(
                                    key: name, reason: "\(name) items must be http(s) URLs, got \"\(field.value)\"")
                            )
                        }
                    } else {
                        members += fields
                    }
                } catch {
                    violations.append(error)
                }
            } else if EditParameters.member(named: name) != nil {
                members.append((name, value))
            }
        }
        var branches: [String: Set<String>] = [:]
        for member in members {
            guard let found = EditParameters.member(named: member.name) else {
                violations.append(
                    EditRuleViolation(
                        key: member.name,
                        reason: "\(member.name) is not a member Photoroom documents for \(parent(of: member.name))"
                    )
                )
                continue
            }
            if found.spec.kind == .file {
                violations.append(
                    EditRuleViolation(
                        key: member.name, reason: "\(member.name) is a file; photoroom-batch sends URLs here")
                )
            } else if let problem = EditParameters.problem(name: member.name, value: member.value) {
                violations.append(EditRuleViolation(key: member.name, reason: problem))
            }
            if let branch = found.branch { branches[found.instance(of: member.name), default: []].insert(branch) }
        }
        for instance in branches.keys.sorted() where branches[instance]!.count > 1 {
            let mixed = branches[instance]!.sorted()
            violations.append(
                EditRuleViolation(
                    key: instance,
                    reason: "\(instance) takes either \(mixed.joined(separator: " or ")), not both"
                )
            )
        }
        return violations
    }

    private static func parent(of name: String) -> String {
        EditParameters.table.keys.filter { name.hasPrefix($0 + ".") && EditParameters.table[$0]!.kind == .json }
            .max { $0.count < $1.count } ?? "this parameter"
    }

    static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}
