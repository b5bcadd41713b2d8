import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-256 of a file's bytes, as lowercase hexadecimal.
public struct ContentDigest: Sendable, Hashable, CustomStringConvertible {
    /// 64 lowercase hexadecimal characters.
    public let hex: String

    /// Wraps an existing hexadecimal digest.
    public init(hex: String) {
        self.hex = hex
    }

    public var description: String { hex }

    /// Hashes the file at `path`, streaming it in 256 KiB chunks.
    ///
    /// - Throws: ``WatchError/Code-swift.struct/readFailed`` when the file cannot be opened or read.
    public static func ofFile(atPath path: String) throws(WatchError) -> ContentDigest {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw WatchError(code: .readFailed, message: "cannot open \(path)", errno: errno)
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw WatchError(code: .readFailed, message: "cannot read \(path)", errno: errno)
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        let hex = hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
        return ContentDigest(hex: hex)
    }
}
