import Crypto
import Foundation

/// The `/v2/edit` parameters a run sends with every image, and the output format they imply.
public struct EditSettings: Sendable, Equatable {
    /// The parameters with their flat Photoroom names (`background.color`, `export.format`, ...).
    public var parameters: [String: String]

    public init(parameters: [String: String] = [:]) {
        self.parameters = parameters
    }

    /// The output format `export.format` asks for (PNG when absent).
    ///
    /// - Throws: ``RunError`` with code `usage` for a format the API does not produce.
    public func outputFormat() throws(RunError) -> OutputFormat {
        guard let value = parameters["export.format"] else { return .png }
        guard let format = OutputFormat(parameterValue: value) else {
            throw RunError(
                code: .usage,
                message: "export.format \"\(value)\" is not one of png, jpeg, jpg, webp, avif"
            )
        }
        return format
    }

    /// The parameters in a stable order (by name), as sent in the multipart body.
    public var orderedParameters: [(name: String, value: String)] {
        parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// A SHA-256 (hex) over the sorted `name=value` lines: two runs with the same settings have the same hash,
    /// whatever the order in pipeline.json. Changing any parameter makes every item pending again.
    public var hash: String {
        var hasher = SHA256()
        for (name, value) in orderedParameters {
            hasher.update(data: Data("\(name)=\(value)\n".utf8))
        }
        return hasher.finalize().hexString
    }
}

/// The image format of the results, from `export.format`.
public enum OutputFormat: String, Sendable, Codable, CaseIterable {
    case png, jpeg, webp, avif

    /// Parses `export.format` (`png`, `jpeg`, `jpg`, `webp`, `avif`, any case).
    public init?(parameterValue: String) {
        switch parameterValue.lowercased() {
        case "png": self = .png
        case "jpeg", "jpg": self = .jpeg
        case "webp": self = .webp
        case "avif": self = .avif
        default: return nil
        }
    }

    /// The file extension of outputs: `png`, `jpg`, `webp`, `avif`.
    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        case .avif: "avif"
        }
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    var hexString: String {
        var text = ""
        text.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            text += String(byte, radix: 16).leftPadded(to: 2)
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
