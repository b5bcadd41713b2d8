import Foundation

/// Object- and array-valued parameters (`virtualModel.model`, `virtualModel.scene`, `layers`,
/// `virtualModel.additionalProductImages`) travel as dotted and repeated fields, never as JSON text:
/// `{"preset":{"name":"avery"}}` under `virtualModel.model` goes out as `virtualModel.model.preset.name=avery`, and
/// `["u1","u2"]` under `virtualModel.additionalProductImages` as two fields of that name.
public enum ObjectParameters {
    /// Whether `name` is an object- or array-valued parameter.
    public static func isObjectParameter(_ name: String) -> Bool {
        EditParameters.table[name]?.kind == .json
    }

    /// The fields that carry one parameter on the wire, in a stable order.
    ///
    /// Scalar parameters are returned as they are. An object-valued parameter given as JSON text is flattened into
    /// dotted fields, an array-valued one into repeated fields.
    ///
    /// - Throws: ``EditRuleViolation`` when the text of an object- or array-valued parameter is not the JSON shape
    ///   the document describes.
    public static func fields(name: String, value: String) throws(EditRuleViolation) -> [(name: String, value: String)]
    {
        guard isObjectParameter(name) else { return [(name, value)] }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if EditParameters.generatedLists[name] != nil, !trimmed.hasPrefix("[") {
            return [(name, value)]  // A single item.
        }
        guard let parsed = try? JSONValue.parse(Data(trimmed.utf8)) else {
            throw EditRuleViolation(key: name, reason: "\(name) must be \(shape(of: name)), got \"\(value)\"")
        }
        var fields: [(name: String, value: String)] = []
        try flatten(parsed, at: name, root: name, into: &fields)
        return fields
    }

    /// All parameters as wire fields (see ``fields(name:value:)``), in the given order.
    public static func fields(
        _ parameters: [(name: String, value: String)]
    ) throws(EditRuleViolation) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for parameter in parameters {
            result += try fields(name: parameter.name, value: parameter.value)
        }
        return result
    }

    private static func flatten(
        _ value: JSONValue,
        at path: String,
        root: String,
        into fields: inout [(name: String, value: String)]
    ) throws(EditRuleViolation) {
        switch value {
        case .object(let object):
            guard EditParameters.generatedLists[root] == nil else { throw wrongShape(root, path) }
            for key in object.keys.sorted() {
                guard !key.isEmpty, !key.contains(".") else {
                    throw EditRuleViolation(key: root, reason: "\(root): member name \"\(key)\" must be a plain name")
                }
                try flatten(object[key]!, at: "\(path).\(key)", root: root, into: &fields)
            }
        case .array(let array):
            guard path == root, let limits = EditParameters.generatedLists[root] else { throw wrongShape(root, path) }
            guard (limits.minimum...limits.maximum).contains(array.count) else {
                throw EditRuleViolation(
                    key: root,
                    reason: "\(root) takes \(limits.minimum) to \(limits.maximum) items, got \(array.count)"
                )
            }
            for item in array {
                guard let text = item.scalarText else { throw wrongShape(root, path) }
                fields.append((path, text))
            }
        default:
            guard path != root, let text = value.scalarText else { throw wrongShape(root, path) }
            fields.append((path, text))
        }
    }

    private static func wrongShape(_ root: String, _ path: String) -> EditRuleViolation {
        let at = path == root ? "" : " (at \(path))"
        return EditRuleViolation(key: root, reason: "\(root) must be \(shape(of: root))\(at)")
    }

    /// How a value of `name` looks, for messages.
    static func shape(of name: String) -> String {
        switch name {
        case "virtualModel.model":
            "an object such as {\"preset\": {\"name\": \"avery\"}} or {\"custom\": {\"imageUrl\": \"…\"}}"
        case "virtualModel.scene":
            "an object such as {\"preset\": {\"name\": \"studio\"}} or {\"custom\": {\"imageUrl\": \"…\"}}"
        case "layers": "an object of named layers such as {\"logo\": {\"image\": {\"imageUrl\": \"…\"}}}"
        default:
            if let limits = EditParameters.generatedLists[name] {
                "an array of \(limits.minimum) to \(limits.maximum) image URLs"
            } else {
                "an object"
            }
        }
    }
}
