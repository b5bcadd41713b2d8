import Dispatch
import Foundation

/// The append-only journal writer: one JSON line per record, through a file handle kept open.
///
/// Every record is written (`write(2)`) before ``append(_:sync:)`` returns, so it survives a `kill -9` of the
/// process; with `sync: true` (the default, used for `item-finished`) it is also flushed to the disk (fsync), so
/// it survives a crash of the machine. A kill loses at most the line being written (readers tolerate that torn
/// line). The batch runner writes `attempt-started` without fsync: it only has to outlive the process.
///
/// The actor runs on its own serial dispatch queue, so blocking writes and fsyncs never hold a thread of the
/// cooperative pool that the network calls need.
///
/// - Important: call ``close()`` when the run ends.
public actor Journal {
    private nonisolated let executor = QueueExecutor(label: "photoroom-batch.journal")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let url: URL
    private var handle: FileHandle?
    private let encoder = ManifestWriter.makeEncoder(pretty: false)

    /// Opens (creating if needed) the journal at `url` for appending. When the file's last line is torn
    /// (no final newline), a newline is written first so the next record starts on its own line.
    ///
    /// - Throws: ``RunError`` with code `io`.
    public init(url: URL) throws(RunError) {
        self.url = url
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // O_APPEND: every record lands at the end of the file, whoever else holds it open.
            let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw RunError(
                    code: .io,
                    message: "cannot open the journal \(url.path): \(String(cString: strerror(errno)))"
                )
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            if let last = Self.lastByte(of: url), last != 0x0A {
                try handle.write(contentsOf: Data("\n".utf8))
            }
            self.handle = handle
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError(code: .io, message: "cannot open the journal \(url.path): \(error.localizedDescription)")
        }
    }

    /// The file's last byte, `nil` when it is empty or unreadable.
    private static func lastByte(of url: URL) -> UInt8? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let reader = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? reader.close() }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return nil }
        var byte: UInt8 = 0
        return pread(descriptor, &byte, 1, size - 1) == 1 ? byte : nil
    }

    /// Appends one record; when `sync` is true, waits until it is on disk.
    ///
    /// - Throws: ``RunError`` with code `io`.
    public func append(_ entry: JournalEntry, sync: Bool = true) throws(RunError) {
        guard let handle else { throw RunError(code: .io, message: "the journal \(url.path) is closed") }
        do {
            var line = try encoder.encode(entry)
            line.append(0x0A)
            try handle.write(contentsOf: line)
            if sync { try handle.synchronize() }
        } catch {
            throw RunError(
                code: .io,
                message: "cannot append to the journal \(url.path): \(error.localizedDescription)"
            )
        }
    }

    /// Flushes and closes the file. Later appends fail.
    public func close() {
        try? handle?.synchronize()
        try? handle?.close()
        handle = nil
    }
}

/// A serial executor on a dispatch queue of its own: an actor using it runs its (blocking) file work off the
/// cooperative thread pool.
final class QueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
