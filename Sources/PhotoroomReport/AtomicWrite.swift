import Foundation

/// Replaces a file's contents atomically: a temporary sibling is written, then renamed over the target, so a
/// browser or another reader sees the old file or the new one, never half of one.
enum AtomicWrite {
    static func write(_ bytes: some Collection<UInt8>, to url: URL) throws(ReportError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError(code: .io, message: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError(code: .io, message: "cannot rename \(temporary.path) to \(url.path): \(reason)")
        }
    }
}
