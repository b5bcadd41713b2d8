import Foundation
import PhotoroomEditCatalog

/// Walks a parsed pipeline.json, remembering key paths so every error names the file, the key and the reason.
struct ConfigurationReader {
    let file: String

    func fail(_ code: ConfigurationError.Code, _ key: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(code: code, file: file, key: key, reason: reason)
    }

    /// The members of an object, refusing keys outside `known` (keys starting with `_` or `$` are comments).
    func object(_ value: JSONValue, at key: String, known: Set<String>) throws(ConfigurationError) -> [String:
        JSONValue]
    {
        guard case .object(let members) = value else {
            throw fail(.invalidValue, key, "must be an object, not \(value.typeName)")
        }
        for name in members.keys.sorted() where !known.contains(name) && !name.hasPrefix("_") && !name.hasPrefix("$") {
            let path = key.isEmpty ? name : "\(key).\(name)"
            var reason = "unknown key"
            if let close = Self.closest(to: name, in: known) { reason += "; did you mean \"\(close)\"?" }
            reason += " (known: \(known.sorted().joined(separator: ", ")))"
            throw fail(.unknownKey, path, reason)
        }
        return members
    }

    func bool(_ value: JSONValue, at key: String) throws(ConfigurationError) -> Bool {
        guard case .bool(let flag) = value else {
            throw fail(.invalidValue, key, "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    func string(_ value: JSONValue, at key: String) throws(ConfigurationError) -> String {
        guard case .string(let text) = value else {
            throw fail(.invalidValue, key, "must be a string, not \(value.typeName)")
        }
        return text
    }

    func strings(_ value: JSONValue, at key: String) throws(ConfigurationError) -> [String] {
        guard case .array(let items) = value else {
            throw fail(.invalidValue, key, "must be an array of strings, not \(value.typeName)")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            result.append(try string(item, at: "\(key)[\(index)]"))
        }
        return result
    }

    func number(_ value: JSONValue, at key: String, minimum: Double? = nil, maximum: Double? = nil)
        throws(ConfigurationError)
        -> Double
    {
        guard case .number(let number) = value else {
            throw fail(.invalidValue, key, "must be a number, not \(value.typeName)")
        }
        if let minimum, number < minimum {
            throw fail(.invalidValue, key, "must be at least \(JSONValue.format(minimum))")
        }
        if let maximum, number > maximum {
            throw fail(.invalidValue, key, "must be at most \(JSONValue.format(maximum))")
        }
        return number
    }

    func integer(_ value: JSONValue, at key: String, minimum: Int? = nil, maximum: Int? = nil)
        throws(ConfigurationError) -> Int
    {
        let number = try number(value, at: key, minimum: minimum.map(Double.init), maximum: maximum.map(Double.init))
        guard number.rounded() == number, abs(number) < 1e15 else {
            throw fail(.invalidValue, key, "must be a whole number, not \(JSONValue.format(number))")
        }
        return Int(number)
    }

    func decimal(_ value: JSONValue, at key: String, minimum: Double? = 0) throws(ConfigurationError) -> Decimal {
        let number = try number(value, at: key, minimum: minimum)
        return Decimal(string: JSONValue.format(number)) ?? Decimal(number)
    }

    /// An edit parameter's value as the API receives it: strings as they are, numbers in their shortest form,
    /// booleans as `true`/`false`.
    func scalarText(_ value: JSONValue, at key: String) throws(ConfigurationError) -> String {
        switch value {
        case .string(let text): return text
        case .number(let number): return JSONValue.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .object, .array:
            // Object-valued parameters (virtualModel.model, layers) are sent as JSON text.
            return Self.jsonText(value)
        case .null:
            throw fail(.invalidValue, key, "must not be null (remove the key to use the API's default)")
        }
    }

    static func jsonText(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            let body = members.keys.sorted().map { "\"\($0)\":\(jsonText(members[$0]!))" }.joined(separator: ",")
            return "{\(body)}"
        case .array(let items): return "[" + items.map(jsonText).joined(separator: ",") + "]"
        case .string(let text):
            let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .number(let number): return JSONValue.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    /// The closest known word to `word` when one is close enough to suggest.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        Spelling.closest(to: word, in: candidates, maxDistance: max(2, word.count / 3))
    }
}
