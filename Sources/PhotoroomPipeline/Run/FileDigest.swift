import Crypto
import Foundation

/// SHA-256 of a file, read in chunks so no image is held in memory whole.
public enum FileDigest {
    /// The chunk size used when reading.
    static let chunkSize = 256 * 1024

    /// The lower-case hex SHA-256 of the file at `url` and its size in bytes.
    ///
    /// - Throws: ``RunError`` with code `io` when the file cannot be read.
    public static func sha256(ofFileAt url: URL) throws(RunError) -> (hex: String, bytes: Int64) {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            var total: Int64 = 0
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += Int64(chunk.count)
            }
            return (hasher.finalize().hexString, total)
        } catch {
            throw RunError(code: .io, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
    }
}
