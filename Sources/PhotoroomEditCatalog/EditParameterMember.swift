/// One member of an object-valued `/v2/edit` parameter, sent as its own dotted field
/// (`virtualModel.model.preset.name=avery`, `layers.logo.image.imageUrl=…`).
///
/// Generated from the OpenAPI document's object schemas by `scripts/generate-edit-parameters.py`.
public struct EditParameterMember: Sendable, Equatable {
    /// The member's dotted name and what it accepts; `{key}` stands for a name the caller chooses (a layer's name).
    public var spec: EditParameterSpec
    /// The object-valued parameter it belongs to (`virtualModel.model`, `layers`).
    public var parent: String
    /// The alternative of the parent's `anyOf` it belongs to (`preset` or `custom`, `text` or `image`): one value
    /// may not mix two alternatives.
    public var branch: String?

    public init(spec: EditParameterSpec, parent: String, branch: String?) {
        self.spec = spec
        self.parent = parent
        self.branch = branch
    }

    /// Whether `name` is this member, with any `{key}` filled in by a non-empty name without dots.
    func matches(_ name: String) -> Bool {
        let pattern = spec.name.split(separator: ".", omittingEmptySubsequences: false)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard pattern.count == parts.count else { return false }
        for (expected, actual) in zip(pattern, parts) where expected != actual {
            guard expected == "{key}", !actual.isEmpty else { return false }
        }
        return true
    }

    /// The part of a concrete member name that identifies one value of the parent (`layers.logo` for
    /// `layers.logo.image.imageUrl`, `virtualModel.model` for `virtualModel.model.preset.name`), used to refuse a
    /// value that mixes two alternatives.
    func instance(of name: String) -> String {
        let patternParts = spec.name.split(separator: ".", omittingEmptySubsequences: false)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let parentDepth = parent.split(separator: ".").count
        let branchIndex = branch.flatMap { branch in
            patternParts.indices.dropFirst(parentDepth).first { patternParts[$0] == branch }
        }
        let depth = min(branchIndex ?? parentDepth, parts.count)
        return parts[0..<depth].joined(separator: ".")
    }
}
