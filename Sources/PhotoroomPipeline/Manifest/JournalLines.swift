import Dispatch
import Foundation

/// Reads the lines of journal bytes for ``ResumeIndex/replay(data:)``: splits them on newlines and reads each
/// line's ``JournalReplayRecord`` with ``JournalLineScanner``, or with `JSONDecoder` where the scanner gives up.
///
/// A large journal is cut into chunks (each ends just after a newline) read in parallel in the background, while
/// the caller takes them in order as they are ready: applying one chunk overlaps reading the next ones.
enum JournalLines {
    /// One line, read.
    enum Line {
        case record(JournalReplayRecord)
        /// Only spaces and carriage returns.
        case blank
        /// The last line, without a final newline, that does not decode (a kill during a write).
        case torn
        /// A complete line that does not decode.
        case unreadable
    }

    /// The lines of one chunk, in order, with what the caller needs to know ahead of applying them.
    struct Chunk {
        var lines: [Line] = []
        /// The chunk's size in bytes.
        var bytes = 0
        /// The number of `item-finished` records with an item.
        var finishedRecords = 0
        /// The sum of their `imagesCharged` (added here, in parallel: `Decimal` sums are slow).
        var imagesCharged: Decimal = 0
    }

    /// Calls `body` with the chunks of `data` in order, on the calling thread.
    ///
    /// Background readers (one per core) and the caller take chunks in order; when the caller needs a chunk no
    /// reader has taken yet, it reads it itself, so it never waits for a reader that has not started.
    ///
    /// - Parameters:
    ///   - fastPath: false decodes every line with `JSONDecoder` (what the tests compare the scanner to).
    ///   - chunkSize: about how many bytes a chunk holds; a journal no larger is read in one go, without threads.
    ///   - readers: how many background readers to start (0: the caller reads every chunk).
    static func forEachChunk(
        of data: Data,
        fastPath: Bool = true,
        chunkSize: Int = 1 << 20,
        readers: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ body: (Chunk) -> Void
    ) {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            let bounds = chunkBounds(bytes, base: base, chunkSize: max(chunkSize, 1))
            let count = bounds.count - 1
            let read = { (chunk: Int) in
                readChunk(bytes, base: base, from: bounds[chunk], to: bounds[chunk + 1], fastPath: fastPath)
            }
            guard count > 1 else { return body(read(0)) }
            let slots = UnsafeMutableBufferPointer<Chunk?>.allocate(capacity: count)
            slots.initialize(repeating: nil)
            defer { slots.deinitialize().deallocate() }
            let ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
            let claims = ChunkClaims(count: count)
            // A reader touches `bytes` and `slots` only for a chunk it took, and signals when done with it; the
            // caller waits for every chunk a reader took before returning, so both outlive the readers' use.
            nonisolated(unsafe) let readAll = {
                while let chunk = claims.takeNext() {
                    slots[chunk] = read(chunk)
                    ready[chunk].signal()
                }
            }
            for _ in 0..<min(readers, count) {
                DispatchQueue.global().async { readAll() }
            }
            for chunk in 0..<count {
                if claims.take(chunk) {
                    body(read(chunk))
                } else {
                    ready[chunk].wait()
                    // Taken out of its slot, so its memory goes as soon as it is applied.
                    body(slots[chunk].take()!)
                }
            }
        }
    }

    /// The next chunk to read, shared by the readers and the caller.
    private final class ChunkClaims: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int

        init(count: Int) {
            self.count = count
        }

        /// Takes the next chunk, if any is left.
        func takeNext() -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                next += 1
                return next - 1
            }
        }

        /// Takes `chunk` if it is the next one (nobody has taken it yet).
        func take(_ chunk: Int) -> Bool {
            lock.withLock {
                guard next == chunk else { return false }
                next += 1
                return true
            }
        }
    }

    /// Chunk boundaries: 0, cuts just after a newline about `chunkSize` bytes apart, the end.
    private static func chunkBounds(_ bytes: UnsafeRawBufferPointer, base: UnsafeRawPointer, chunkSize: Int) -> [Int] {
        let count = bytes.count
        var bounds = [0]
        var target = chunkSize
        while target < count {
            guard let newline = memchr(base + target - 1, 0x0A, count - target + 1) else { break }
            let cut = UnsafeRawPointer(newline) - base + 1
            guard cut < count else { break }
            bounds.append(cut)
            target = cut + chunkSize
        }
        bounds.append(count)
        return bounds
    }

    /// Reads the lines in `start..<stop` (one chunk).
    private static func readChunk(
        _ bytes: UnsafeRawBufferPointer,
        base: UnsafeRawPointer,
        from start: Int,
        to stop: Int,
        fastPath: Bool
    ) -> Chunk {
        var chunk = Chunk(bytes: stop - start)
        var decoder: JSONDecoder?
        var reuse = JournalLineScanner.Reuse()
        var start = start
        while start < stop {
            let newline = memchr(base + start, 0x0A, stop - start).map { UnsafeRawPointer($0) - base }
            let end = newline ?? stop
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            let record: JournalReplayRecord?
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                chunk.lines.append(.blank)
                record = nil
            } else if fastPath, let scanned = JournalLineScanner.record(in: line, reuse: &reuse) {
                record = scanned
            } else if let decoded = decode(line, with: &decoder) {
                record = decoded
            } else {
                chunk.lines.append(newline == nil && stop == bytes.count ? .torn : .unreadable)
                record = nil
            }
            if let record {
                if record.kind == .itemFinished, let item = record.item {
                    chunk.finishedRecords += 1
                    if let charged = item.imagesCharged { chunk.imagesCharged += charged }
                }
                chunk.lines.append(.record(record))
            }
            start = end + 1
        }
        return chunk
    }

    /// The slow path: `JSONDecoder`, made on first use.
    private static func decode(
        _ line: UnsafeRawBufferPointer,
        with decoder: inout JSONDecoder?
    ) -> JournalReplayRecord? {
        let current = decoder ?? JSONDecoder()
        decoder = current
        return try? current.decode(JournalReplayRecord.self, from: Data(line))
    }
}
