import Foundation

/// A path glob as pipeline.json writes them: `*` any characters but `/`, `**` any folders (`**/` may match none),
/// `?` one character, `[abc]` a set, `{jpg,png}` alternatives. Matching ignores case, since catalogs mix
/// `.JPG` and `.jpg`.
public struct GlobPattern: Sendable, Equatable {
    /// The glob as written.
    public let text: String
    private let regex: NSRegularExpression

    /// Compiles a glob; `nil` when it cannot be used (see ``problem(in:)``).
    public init?(_ text: String) {
        guard Self.problem(in: text) == nil,
            let regex = try? NSRegularExpression(
                pattern: Self.regularExpression(for: text), options: [.caseInsensitive])
        else { return nil }
        self.text = text
        self.regex = regex
    }

    /// Whether a relative path (with `/` separators) matches.
    public func matches(_ relativePath: String) -> Bool {
        let range = NSRange(relativePath.startIndex..., in: relativePath)
        return regex.firstMatch(in: relativePath, options: [.anchored], range: range)?.range == range
    }

    /// Why a glob cannot be used, or `nil` when it can.
    public static func problem(in text: String) -> String? {
        if text.isEmpty { return "a glob must not be empty" }
        if text.hasPrefix("/") { return "globs are relative to the input folder; remove the leading \"/\"" }
        var braces = 0
        var brackets = 0
        for character in text {
            switch character {
            case "{": braces += 1
            case "}": braces -= 1
            case "[": brackets += 1
            case "]": brackets -= 1
            default: break
            }
            if braces < 0 || brackets < 0 { return "unbalanced brackets in \"\(text)\"" }
        }
        if braces != 0 || brackets != 0 { return "unbalanced brackets in \"\(text)\"" }
        return nil
    }

    static func regularExpression(for glob: String) -> String {
        var pattern = ""
        let characters = Array(glob)
        var index = 0
        var inBraces = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    if index + 2 < characters.count, characters[index + 2] == "/" {
                        pattern += "(?:.*/)?"
                        index += 3
                        continue
                    }
                    pattern += ".*"
                    index += 2
                    continue
                }
                pattern += "[^/]*"
            case "?": pattern += "[^/]"
            case "[":
                pattern += "["
                if index + 1 < characters.count, characters[index + 1] == "!" {
                    pattern += "^"
                    index += 1
                }
            case "]": pattern += "]"
            case "{":
                inBraces += 1
                pattern += "(?:"
            case "}":
                inBraces -= 1
                pattern += ")"
            case "," where inBraces > 0: pattern += "|"
            default: pattern += NSRegularExpression.escapedPattern(for: String(character))
            }
            index += 1
        }
        return pattern
    }
}
