import Foundation

/// The exclusive lock of one OUT_DIR: only one `run` or `watch` writes into it at a time.
///
/// `flock(2)` on `OUT_DIR/.photoroom-batch/lock`: the kernel releases it when the process ends, however it ends,
/// so a crashed run never leaves a stale lock. The holder writes its pid, command and start time into the file so
/// a second process can name it.
public final class OutputDirectoryLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock or fails at once.
    ///
    /// - Parameters:
    ///   - url: the lock file (``ManifestFiles/lock``).
    ///   - command: what holds it (`run`, `watch`), for the message a second process prints.
    /// - Throws: ``RunError`` with code `locked` (exit 75) when another process holds it; `io` when the file
    ///   cannot be opened.
    public static func acquire(at url: URL, command: String) throws(RunError) -> OutputDirectoryLock {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
        } catch {
            throw RunError(code: .io, message: "cannot create \(url.deletingLastPathComponent().path): \(error)")
        }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunError(code: .io, message: "cannot open the lock \(url.path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOf: url, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            let who = holder.flatMap { $0.isEmpty ? nil : $0 } ?? "another process"
            throw RunError(
                code: .locked,
                message: "\(url.deletingLastPathComponent().deletingLastPathComponent().path) is in use by \(who); "
                    + "one run or watch writes into an OUT_DIR at a time: wait for it to end, or choose another OUT_DIR"
            )
        }
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid()), photoroom-batch \(command), started \(started)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return OutputDirectoryLock(descriptor: descriptor)
    }

    /// Releases the lock (also done when the value is freed or the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
