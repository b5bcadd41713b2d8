import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Preflight's look at OUT_DIR's free space.
enum FreeSpace {
    /// Bytes free for an unprivileged writer on the file system holding `url` (or its nearest existing parent).
    static func available(at url: URL) -> UInt64? {
        var probe = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: probe.path), probe.pathComponents.count > 1 {
            probe.deleteLastPathComponent()
        }
        var info = statvfs()
        guard statvfs(probe.path, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// A warning when the free space looks smaller than the results will need: each result taken as large as
    /// its input, twice over (results are often larger than their inputs, and each is written to a temporary
    /// file first).
    static func warning(for prepared: [PreparedItem], outputDirectory: URL) -> String? {
        let needed = prepared.filter(\.needsWork).reduce(UInt64(0)) { $0 + UInt64(max(0, $1.row.bytes ?? 0)) * 2 }
        guard needed > 0, let free = available(at: outputDirectory), free < needed else { return nil }
        let megabytes = { (bytes: UInt64) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        return "OUT_DIR has \(megabytes(free)) free and the results may need about \(megabytes(needed)); "
            + "a full disk stops the run (results already paid for are kept)"
    }
}
