import Foundation
/// A Photoroom API key that never shows itself.
///
/// `description` and `debugDescription` print a masked form (`sk_p…3f9a`), so a key placed in a log line, an error
/// or a manifest by mistake cannot leak. Only ``PhotoroomClient`` reads the raw value, to send it in `x-api-key`.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let rawValue: String

    /// Wraps a key as read from the environment or a key file (surrounding white space is dropped).
    ///
    /// Returns `nil` for an empty key.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.rawValue = trimmed
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

    /// Removes every occurrence of the raw key from `text` (for messages that echo request data).
    public func redact(_ text: String) -> String {
        text.replacingOccurrences(of: rawValue, with: masked)
    }
}
