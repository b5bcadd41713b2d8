import Foundation
import PhotoroomEditCatalog
import PhotoroomImaging
import PhotoroomPricing
import PhotoroomRendering

/// Reading pipeline.json's `edit` section and `route`: the /v2/edit parameters, the document's rules on them,
/// and the route they allow.
extension PipelineConfiguration {
    static func readEdit(_ value: JSONValue, _ reader: ConfigurationReader) throws(ConfigurationError) -> [String:
        String]
    {
        guard case .object(let members) = value else {
            throw reader.fail(.invalidValue, "edit", "must be an object of /v2/edit parameters, not \(value.typeName)")
        }
        var parameters: [String: String] = [:]
        for name in members.keys.sorted() where !name.hasPrefix("_") && !name.hasPrefix("$") {
            let key = "edit.\(name)"
            guard let spec = EditParameters.spec(named: name) else {
                var reason = "\"\(name)\" is not a /v2/edit parameter"
                if let close = EditParameters.suggestion(for: name) { reason += "; did you mean \"\(close)\"?" }
                throw reader.fail(.unknownEditParameter, key, reason)
            }
            if spec.kind == .file || name == "imageUrl" {
                throw reader.fail(
                    .invalidEditParameter,
                    key,
                    name == "imageFile" || name == "imageUrl"
                        ? "the input image is set by photoroom-batch for each file; remove this key"
                        : "file parameters are not supported in pipeline.json; use a URL parameter where the API has one"
                )
            }
            if !spec.inPOST {
                throw reader.fail(
                    .invalidEditParameter,
                    key,
                    "only available with GET /v2/edit; photoroom-batch uploads with POST"
                )
            }
            let text = try reader.scalarText(members[name]!, at: key)
            if let problem = EditParameters.problem(name: name, value: text) {
                throw reader.fail(.invalidEditParameter, key, problem)
            }
            parameters[name] = text
        }
        return parameters
    }

    /// The OpenAPI document's rules over `edit` and `editHeaders` together (combinations, object parameters,
    /// documented `pr-*` headers): the first violation is refused with its key and reason.
    static func checkEditRules(
        _ configuration: PipelineConfiguration,
        _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        guard let violation = EditRules.violations(in: configuration.edit, headers: configuration.editHeaders).first
        else { return }
        switch violation.place {
        case .header:
            throw reader.fail(.invalidValue, "editHeaders.\(violation.key)", violation.reason)
        case .parameter:
            // A value that is wrong on its own is invalid; one that is fine alone conflicts with another.
            let alone = configuration.edit[violation.key].map { EditRules.violations(in: [violation.key: $0]) }
            let code: ConfigurationError.Code =
                alone?.isEmpty == true ? .conflictingEditParameters : .invalidEditParameter
            throw reader.fail(code, "edit.\(violation.key)", violation.reason)
        }
    }

    /// `route`: `edit`, `segment` or `auto`; `segment` with a setting local finishing cannot render is refused,
    /// naming the setting.
    static func readRoute(
        _ value: JSONValue,
        edit: [String: String],
        _ reader: ConfigurationReader
    ) throws(ConfigurationError) -> Route {
        let text = try reader.string(value, at: "route")
        guard let route = Route(parsing: text) else {
            throw reader.fail(.invalidValue, "route", "must be \(Route.choices), not \"\(text)\"")
        }
        if route == .segment, case .remote(let parameter, let reason) = RenderPlan.plan(edit) {
            throw reader.fail(
                .invalidValue,
                "route",
                "segment cannot render edit.\(parameter): \(reason); use \"auto\" or \"edit\""
            )
        }
        return route
    }
}
