import Crypto
import Foundation

/// What an input is assigned to a part by.
public enum ShardKey: String, Sendable, CaseIterable, Codable {
    /// The input's relative path (the default): each part reads only its own files, and a file keeps its part
    /// when its content changes. The same content under two paths may fall in two parts and be paid twice.
    case path
    /// The SHA-256 of the input's bytes: identical files always fall in the same part, so no content is paid
    /// by two parts; every part must read every file of the tree to learn its part.
    case content
}

/// The stable split of an input tree into parts, the same on every machine, every run and every platform.
///
/// `part = (the first 8 bytes of a SHA-256, as a big-endian unsigned integer) mod N + 1`, where the SHA-256 is
/// of the path key (``ShardKey/path``) or of the file's bytes (``ShardKey/content``). The path key is the
/// input's path relative to INPUT_DIR with `/` separators, in Unicode NFC, folded to lower case, without the
/// extension of its last component: `shoes/Cat.jpg` and `shoes/cat.png`, which would both write `shoes/cat.png`,
/// always fall in the same part, where the output collision is caught as in a single run (``ShardPlan`` also
/// keeps a file and a folder of the same output name together). Swift's `Hasher` is not used: it is seeded per
/// process.
///
/// The same part in Python: `int.from_bytes(hashlib.sha256(b"shoes/cat").digest()[:8], "big") % N + 1`.
public enum ShardAssignment {
    /// The path key of an input: NFC, lower case, `/` separators, the last component's extension removed.
    public static func pathKey(_ relativePath: String) -> String {
        OutputNameFolding.fold(stem(relativePath))
    }

    /// The path without the extension of its last component, in NFC (the output path before its extension).
    static func stem(_ relativePath: String) -> String {
        var key = relativePath
        if !key.utf8.allSatisfy({ $0 < 0x80 }) { key = key.precomposedStringWithCanonicalMapping }
        let nameStart = key.lastIndex(of: "/").map { key.index(after: $0) } ?? key.startIndex
        if let dot = key[nameStart...].lastIndex(of: "."), dot != nameStart {
            key = String(key[..<dot])
        }
        return key
    }

    /// The part (1...`count`) of an input's relative path.
    public static func part(forRelativePath relativePath: String, count: Int) -> Int {
        part(forPathKey: pathKey(relativePath), count: count)
    }

    /// The part (1...`count`) of a path key (``pathKey(_:)``).
    static func part(forPathKey key: String, count: Int) -> Int {
        let digest = SHA256.hash(data: Data(key.utf8))
        return part(forDigestPrefix: digest.prefix(8), count: count)
    }

    /// The part (1...`count`) of a file whose bytes have this SHA-256 (lower- or upper-case hex); `nil` when
    /// `sha256` is not 64 hex digits.
    public static func part(forContentSHA256 sha256: String, count: Int) -> Int? {
        guard sha256.utf8.count == 64, let prefix = UInt64(sha256.prefix(16), radix: 16) else { return nil }
        return Int(prefix % UInt64(count)) + 1
    }

    private static func part(forDigestPrefix bytes: some Sequence<UInt8>, count: Int) -> Int {
        let value = bytes.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return Int(value % UInt64(count)) + 1
    }
}

extension ShardSpec {
    /// Whether the input at `relativePath` belongs to this part (split by path).
    public func contains(relativePath: String) -> Bool {
        count == 1 || ShardAssignment.part(forRelativePath: relativePath, count: count) == index
    }

    /// Whether a file with this content belongs to this part (split by content); a file whose hash is not
    /// known belongs to no part but the first, so it is reported once.
    public func contains(contentSHA256 sha256: String?) -> Bool {
        guard count > 1 else { return true }
        guard let sha256, let part = ShardAssignment.part(forContentSHA256: sha256, count: count) else {
            return index == 1
        }
        return part == index
    }

    /// Whether an input belongs to this part, by ``key``: its relative path, or its content's SHA-256.
    public func contains(relativePath: String, sha256: String?) -> Bool {
        key == .content ? contains(contentSHA256: sha256) : contains(relativePath: relativePath)
    }

    /// The inputs of this part by path, in their order.
    public func select<Input>(_ inputs: [Input], relativePath: (Input) -> String) -> [Input] {
        count == 1 ? inputs : inputs.filter { contains(relativePath: relativePath($0)) }
    }

    /// The scanned files of this part, in their order: the whole tree is planned (``ShardPlan``), so inputs that
    /// could write one output, whose outputs have `outputExtension`, fall in one part. Split by content, every
    /// file is read (SHA-256) to learn its part; a file that cannot be read goes to part 1, which reports it.
    public func select(_ files: [InputFile], outputExtension: String) -> [InputFile] {
        guard count > 1 else { return files }
        let entries = files.map { file in
            ShardPlan.Entry(
                relativePath: file.relativePath,
                sha256: key == .content ? (try? FileDigest.sha256(ofFileAt: file.url).hex) : nil)
        }
        let parts = ShardPlan(spec: self, outputExtension: outputExtension).parts(of: entries)
        return zip(files, parts).filter { $0.1 == index }.map(\.0)
    }
}
