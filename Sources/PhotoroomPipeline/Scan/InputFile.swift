import Foundation

/// One file found in an input folder.
public struct InputFile: Sendable, Hashable, Codable {
    /// The input folder it was found under (absolute, standardised).
    public var root: String
    /// Its path relative to ``root``, with `/` separators (`shoes/a.jpg`): the key of manifests and outputs.
    public var relativePath: String
    /// Its size in bytes when it was scanned.
    public var byteCount: Int64

    public init(root: String, relativePath: String, byteCount: Int64) {
        self.root = root
        self.relativePath = relativePath
        self.byteCount = byteCount
    }

    /// The absolute path.
    public var path: String { root.hasSuffix("/") ? root + relativePath : root + "/" + relativePath }

    /// The absolute file URL.
    public var url: URL { URL(fileURLWithPath: path) }
}
