import Foundation

/// Checks responses against Photoroom's OpenAPI document: status documented, content type listed, JSON body
/// valid against the response schema (a JSON-schema subset: `$ref`, `type`, `required`, `properties`, `items`).
struct OpenAPIContract {
    /// The parsed document.
    let document: [String: Any]

    /// Loads the committed copy of the document (`Fixtures/photoroom-openapi.json` beside the tests).
    static func load() throws -> OpenAPIContract {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // PhotoroomEmulatorTests
            .appendingPathComponent("Fixtures/photoroom-openapi.json")
        let data = try Data(contentsOf: url)
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ContractViolation("the OpenAPI document is not a JSON object")
        }
        return OpenAPIContract(document: document)
    }

    /// A response's parts as the check needs them.
    struct Observed {
        var status: Int
        var contentType: String?
        var body: [UInt8]
    }

    /// Statuses the emulator sends that the document does not list for an operation, allowed on purpose:
    /// the spec lists no 403 for `/v2/edit` and no 429 anywhere, yet both happen in practice
    /// (Photoroom's own demo client handles them).
    static let undocumentedButExpected: Set<Int> = [403, 429]

    /// Content types the emulator may answer a documented 200 with besides the listed ones: `export.format`
    /// (edit) and `format` (segment) select JPEG output, which the document does not list.
    static let extraImageTypes: Set<String> = ["image/jpeg"]

    /// Returns the problems found (empty when the response fits the contract).
    func violations(path: String, method: String, observed: Observed) -> [String] {
        guard let paths = document["paths"] as? [String: Any],
            let item = paths[path] as? [String: Any],
            let operation = item[method.lowercased()] as? [String: Any],
            let responses = operation["responses"] as? [String: Any]
        else { return ["\(method) \(path) is not in the document"] }
        let status = String(observed.status)
        guard let response = resolve(responses[status] ?? responses["default"]) as? [String: Any] else {
            if Self.undocumentedButExpected.contains(observed.status) {
                return jsonObjectProblems(observed)
            }
            return ["\(method) \(path): status \(status) is not documented"]
        }
        guard let content = response["content"] as? [String: Any] else {
            // Documented without a body schema (403): any body is acceptable.
            return []
        }
        let mediaType =
            observed.contentType?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        guard let media = content[mediaType] as? [String: Any] else {
            if observed.status == 200, Self.extraImageTypes.contains(mediaType) { return [] }
            return ["\(method) \(path) \(status): content type \(mediaType) not in \(content.keys.sorted())"]
        }
        guard mediaType == "application/json" else { return [] }
        guard let json = try? JSONSerialization.jsonObject(with: Data(observed.body), options: [.fragmentsAllowed])
        else { return ["\(method) \(path) \(status): the body is not JSON"] }
        return validate(json, against: media["schema"], at: "$")
    }

    /// Validates `value` against `schema` (the subset described on the type).
    func validate(_ value: Any, against schema: Any?, at location: String) -> [String] {
        guard let schema = resolve(schema) as? [String: Any] else { return [] }
        var problems: [String] = []
        if let type = schema["type"] as? String, !matches(value, type: type) {
            return ["\(location): expected \(type), got \(Swift.type(of: value))"]
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(location): missing required \(name)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, property) in properties {
                if let member = object[name] {
                    problems += validate(member, against: property, at: "\(location).\(name)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, element) in array.enumerated() {
                problems += validate(element, against: items, at: "\(location)[\(index)]")
            }
        }
        if let minimum = schema["minimum"] as? Double, let number = value as? Double, number < minimum {
            problems.append("\(location): \(number) is below the minimum \(minimum)")
        }
        return problems
    }

    /// A `{"$ref": "#/components/…"}` followed to its target.
    func resolve(_ schema: Any?) -> Any? {
        guard let object = schema as? [String: Any], let reference = object["$ref"] as? String else { return schema }
        var current: Any? = document
        for key in reference.dropFirst(2).split(separator: "/") {
            current = (current as? [String: Any])?[String(key)]
        }
        return resolve(current)
    }

    /// Whether a JSONSerialization value has the schema `type` (numbers and booleans both arrive as NSNumber
    /// on Linux, so `boolean` only checks for a number-like value).
    private func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "number", "boolean": return value is NSNumber
        case "integer": return (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "null": return value is NSNull
        default: return true
        }
    }

    /// A response outside the document must still be a JSON object, like every Photoroom error.
    private func jsonObjectProblems(_ observed: Observed) -> [String] {
        guard (try? JSONSerialization.jsonObject(with: Data(observed.body))) is [String: Any] else {
            return ["status \(observed.status): the body is not a JSON object"]
        }
        return []
    }
}

/// A contract failure outside any single response.
struct ContractViolation: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
