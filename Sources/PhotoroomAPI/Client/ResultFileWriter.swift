import Dispatch
import Foundation
import NIOCore

/// Writes a received answer to a new file with plain POSIX calls, as one job on a queue of its own: blocking
/// file I/O stays off the cooperative pool (two threads on a 2-core machine), and the whole file costs one hop.
enum ResultFileWriter {
    private static let queue = DispatchQueue(label: "photoroom-api.answers", attributes: .concurrent)

    /// A failed system call, described with the system's words (`No space left on device`), which is what tells a
    /// full disk from other failures further up.
    struct Failure: Error, CustomStringConvertible {
        var operation: String
        var code: Int32

        var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
    }

    /// Creates `path` (which must not exist) holding `contents`; on a failure the partial file is removed.
    static func createFile(at path: String, contents: ByteBuffer) async throws(Failure) {
        let result: Result<Void, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(Failure) in try write(contents, to: path) })
            }
        }
        try result.get()
    }

    /// Removes `path` if it exists (a partial answer).
    static func removeIfPresent(_ path: String) {
        _ = unlink(path)
    }

    private static func write(_ contents: ByteBuffer, to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(operation: "open", code: errno) }
        var failure: Failure?
        contents.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(operation: "write", code: errno)
                    return
                }
                offset += count
            }
        }
        if close(descriptor) != 0, failure == nil { failure = Failure(operation: "close", code: errno) }
        if let failure {
            unlink(path)
            throw failure
        }
    }
}
