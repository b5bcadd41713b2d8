import Foundation

/// A Photoroom API key that never shows itself.
///
/// `description` and `debugDescription` print a masked form (`sk_p…3f9a`), so a key placed in a log line, an error
/// or a manifest by mistake cannot leak. Only ``PhotoroomClient`` reads the raw value, to send it in `x-api-key`.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let rawValue: String

    /// Wraps a key as read from the environment or a key file (surrounding white space is dropped).
    ///
    /// Returns `nil` for an empty key, and for one with white space or a control character inside (it could not
    /// travel in a header); ``checked(_:)`` says which.
    public init?(_ value: String) {
        guard let key = try? Self.checked(value) else { return nil }
        self = key
    }

    private init(checkedValue: String) {
        self.rawValue = checkedValue
    }

    /// Why a text is not a usable key. The description never contains the key.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing but white space.
        case empty
        /// A space, tab, line break or other control character inside the key, at this character (from 1).
        case whiteSpaceOrControlCharacter(position: Int)

        public var description: String {
            switch self {
            case .empty:
                return "the API key is empty"
            case .whiteSpaceOrControlCharacter(let position):
                return "the API key has a space, line break or control character inside (character \(position)); "
                    + "a key is one word"
            }
        }
    }

    /// `value` without its surrounding white space, as a key.
    ///
    /// - Throws: ``Problem`` when nothing is left, or when a space or control character remains inside.
    public static func checked(_ value: String) throws(Problem) -> APIKey {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(.illegalCharacters)
        if let index = trimmed.unicodeScalars.firstIndex(where: forbidden.contains) {
            let position = trimmed.unicodeScalars.distance(from: trimmed.unicodeScalars.startIndex, to: index) + 1
            throw .whiteSpaceOrControlCharacter(position: position)
        }
        return APIKey(checkedValue: trimmed)
    }

    /// Whether this is a sandbox key (`sandbox_` prefix): free, watermarked output, 100 calls a day.
    public var isSandbox: Bool { rawValue.hasPrefix("sandbox_") }

    /// The key with all but its prefix hint and last four characters hidden: `sandbox_…9f2c`, `…9f2c`.
    public var masked: String {
        let tail = rawValue.count > 8 ? String(rawValue.suffix(4)) : ""
        return (isSandbox ? "sandbox_" : "") + "…" + tail
    }

    public var description: String { masked }
    public var debugDescription: String { "APIKey(\(masked))" }

    /// Replaces every occurrence of the key in `text` with ``masked``: as it is, and in the forms that messages
    /// echoing request data give it: JSON-escaped (`\/`, `\\`, `\u002f`, escaped again), Swift-escaped (`\u{2f}`),
    /// percent-encoded (either case, or encoded twice), and in any letter case.
    public func redact(_ text: String) -> String {
        guard
            let expression = try? NSRegularExpression(
                pattern: Self.pattern(matching: rawValue),
                options: [
                    .caseInsensitive
                ])
        else { return text.replacingOccurrences(of: rawValue, with: masked) }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(
            in: text, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: masked))
    }

    /// A pattern that matches `key` with each of its characters written plainly or in any escaped form.
    static func pattern(matching key: String) -> String {
        key.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16)
            let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let plain = NSRegularExpression.escapedPattern(for: String(scalar))
            let percent = String(scalar).utf8.map { byte in
                let digits = String(byte, radix: 16)
                return "%(?:25)?" + (digits.count == 1 ? "0" + digits : digits)
            }.joined()
            return "(?:\\\\*(?:\(plain)|u\(padded)|u\\{0*\(hex)\\})|\(percent))"
        }.joined()
    }
}
