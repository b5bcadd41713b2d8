import Crypto
import Foundation

/// The effective settings of a call: everything besides the input's bytes that decides what result is billed.
///
/// Two items with the same content hash and the same ``SettingsKey/hash`` get the same result, so the ledger pays
/// for one call and copies the result for the others. The key is a value with named parts so later work can add
/// parts (the route: `edit`, or `segment` plus local finishing) without changing how it is hashed: each part is
/// one `name=value` line, sorted, and a part left at its default is not written, so adding an optional part keeps
/// the hashes of existing keys.
public struct SettingsKey: Sendable, Hashable {
    /// The edit parameters with their flat Photoroom names.
    public var parameters: [String: String]
    /// The extra request headers (`pr-ai-background-model-version`, ...), by lower-cased name.
    public var headers: [String: String]
    /// True for a sandbox key: its results are watermarked and never stand in for live ones.
    public var sandbox: Bool
    /// The API route that makes the result (`v2/edit`).
    public var route: String
    /// The API's base address, without a trailing slash (`https://image-api.photoroom.com`); `nil` when unknown.
    public var endpoint: String?

    public init(
        parameters: [String: String],
        headers: [(name: String, value: String)] = [],
        sandbox: Bool = false,
        route: String = SettingsKey.editRoute,
        endpoint: String? = nil
    ) {
        self.parameters = parameters
        var byName: [String: String] = [:]
        for header in headers { byName[header.name.lowercased()] = header.value }
        self.headers = byName
        self.sandbox = sandbox
        self.route = route
        self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The route of `/v2/edit` calls.
    public static let editRoute = "v2/edit"

    /// The lines hashed, sorted: `param.NAME=VALUE`, `header.NAME=VALUE`, `mode=live|sandbox`, `route=...`,
    /// `endpoint=...`.
    public var canonicalLines: [String] {
        var lines = parameters.map { "param.\($0.key)=\($0.value)" }
        lines += headers.map { "header.\($0.key)=\($0.value)" }
        lines.append("mode=\(sandbox ? "sandbox" : "live")")
        lines.append("route=\(route)")
        if let endpoint { lines.append("endpoint=\(endpoint)") }
        return lines.sorted()
    }

    /// SHA-256 (lower-case hex) of ``canonicalLines``, one per line: stable across runs, platforms and the order
    /// of the configuration file.
    public var hash: String {
        var hasher = SHA256()
        for line in canonicalLines { hasher.update(data: Data("\(line)\n".utf8)) }
        return hasher.finalize().hexString
    }
}

/// What the ledger is keyed by: the bytes of an input and the effective settings of its call.
public struct ContentKey: Sendable, Hashable {
    /// SHA-256 of the input's bytes (lower-case hex).
    public var sha256: String
    /// ``SettingsKey/hash``.
    public var settingsHash: String

    public init(sha256: String, settingsHash: String) {
        self.sha256 = sha256
        self.settingsHash = settingsHash
    }
}
