import Dispatch
import Foundation

/// The append-only journal writer: one JSON line per record, through a file handle kept open.
///
/// Every record is written (`write(2)`) before ``append(_:sync:)`` returns, so it survives a `kill -9` of the
/// process; with `sync: true` (the default, used for `item-finished`) it is also flushed to the disk (fsync), so
/// it survives a crash of the machine. A kill loses at most the line being written (readers tolerate that torn
/// line). The batch runner writes `attempt-started` without fsync: it only has to outlive the process.
///
/// **Group commit**: ``append(_:sync:)`` returns the record's sequence number, and ``sync(upTo:)`` makes sure
/// everything up to it is on disk with one fsync that covers every record written so far. Workers that finish
/// items at the same time write their lines, then each asks for its own number: the first fsync covers the
/// others' lines too, and their calls return without another fsync. Durability is unchanged: a caller's record
/// is on disk when ``sync(upTo:)`` (or ``append(_:sync:)`` with `sync: true`) returns.
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
    /// Reused for every record (one encoder, one line buffer).
    private let encoder = ManifestWriter.makeEncoder(pretty: false)
    private var line = Data(capacity: 4096)
    /// The sequence number of the last record written, and of the last one known to be on disk.
    private var written: UInt64 = 0
    private var synced: UInt64 = 0
    /// fsyncs done (for tests and the profile).
    public private(set) var syncCount = 0

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

    /// Appends one record; when `sync` is true, waits until it is on disk (see ``sync(upTo:)``).
    ///
    /// - Returns: the record's sequence number, for ``sync(upTo:)``.
    /// - Throws: ``RunError`` with code `io`.
    @discardableResult
    public func append(_ entry: JournalEntry, sync: Bool = true) async throws(RunError) -> UInt64 {
        guard let handle else { throw RunError(code: .io, message: "the journal \(url.path) is closed") }
        do {
            line.removeAll(keepingCapacity: true)
            line.append(try encoder.encode(entry))
            line.append(0x0A)
            try handle.write(contentsOf: line)
        } catch {
            throw RunError(
                code: .io,
                message: "cannot append to the journal \(url.path): \(error.localizedDescription)"
            )
        }
        written += 1
        let sequence = written
        if sync { try await self.sync(upTo: sequence) }
        return sequence
    }

    /// Returns once the record numbered `sequence` (and every one before it) is on disk: at once when an earlier
    /// fsync already covered it, after the fsync in progress when that one covers it, else after one new fsync
    /// that covers every record written so far.
    ///
    /// The fsync runs on a queue of its own, so appends (`attempt-started` just before a call) never wait behind
    /// the disk.
    ///
    /// - Throws: ``RunError`` with code `io`.
    public func sync(upTo sequence: UInt64) async throws(RunError) {
        while sequence > synced {
            if let current = inFlight {
                // Someone else's fsync is running: wait for it; it may cover this record.
                let result = await current.task.value
                finished(current, result)
                if case .failure(let error) = result { throw error }
                continue
            }
            guard let handle else { throw RunError(code: .io, message: "the journal \(url.path) is closed") }
            let descriptor = handle.fileDescriptor
            let path = url.path
            let flight = SyncFlight(
                id: nextFlightID,
                covers: written,
                task: Task { await Self.syncToDisk(descriptor, path: path) }
            )
            nextFlightID += 1
            inFlight = flight
            let result = await flight.task.value
            finished(flight, result)
            if case .failure(let error) = result { throw error }
        }
    }

    /// One fsync in progress: the records it covers, and its result.
    private struct SyncFlight {
        let id: Int
        let covers: UInt64
        let task: Task<Result<Void, RunError>, Never>
    }
    private var inFlight: SyncFlight?
    private var nextFlightID = 0

    /// Notes the end of an fsync (whoever sees it first).
    private func finished(_ flight: SyncFlight, _ result: Result<Void, RunError>) {
        guard inFlight?.id == flight.id else { return }
        inFlight = nil
        if case .success = result {
            syncCount += 1
            synced = max(synced, flight.covers)
        }
    }

    private static let syncQueue = DispatchQueue(label: "photoroom-batch.journal-fsync")

    private static func syncToDisk(_ descriptor: Int32, path: String) async -> Result<Void, RunError> {
        await withCheckedContinuation { continuation in
            syncQueue.async {
                if fsync(descriptor) == 0 {
                    continuation.resume(returning: .success(()))
                } else {
                    let message = "cannot sync the journal \(path): \(String(cString: strerror(errno)))"
                    continuation.resume(returning: .failure(RunError(code: .io, message: message)))
                }
            }
        }
    }

    /// Flushes and closes the file (after any fsync in progress). Later appends fail.
    public func close() async {
        if let current = inFlight { finished(current, await current.task.value) }
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
