import Dispatch
import Foundation

/// Reads the lines of journal bytes for ``ResumeIndex/replay(data:)``: splits them on newlines and reads each
/// line's ``JournalReplayRecord`` with ``JournalLineScanner``, or with `JSONDecoder` where the scanner gives up.
/// Large journals are read in parallel, one chunk per core (each chunk ends just after a newline).
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

    /// The lines of a journal, in order, in one array per chunk.
    struct Chunks {
        var chunks: [[Line]] = []
        /// The number of `item-finished` records.
        var finishedRecords = 0
    }

    /// The lines of `data`.
    ///
    /// - Parameter fastPath: false decodes every line with `JSONDecoder` (what the tests compare the scanner to).
    static func read(_ data: Data, fastPath: Bool = true) -> Chunks {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return Chunks() }
            let bounds = chunkBounds(bytes, base: base)
            let chunks = bounds.count - 1
            let results = UnsafeMutableBufferPointer<Chunks>.allocate(capacity: chunks)
            results.initialize(repeating: Chunks())
            defer { results.deinitialize().deallocate() }
            let readChunk = { (chunk: Int) in
                results[chunk] = readLines(bytes, base: base, from: bounds[chunk], to: bounds[chunk + 1], fastPath: fastPath)
            }
            if chunks == 1 {
                readChunk(0)
            } else {
                // Each chunk writes its own slot of `results`.
                nonisolated(unsafe) let shared = readChunk
                DispatchQueue.concurrentPerform(iterations: chunks) { shared($0) }
            }
            return Chunks(chunks: results.flatMap(\.chunks), finishedRecords: results.reduce(0) { $0 + $1.finishedRecords })
        }
    }

    /// Chunk boundaries: 0, cuts just after a newline, the end. One chunk below 1 MiB.
    private static func chunkBounds(_ bytes: UnsafeRawBufferPointer, base: UnsafeRawPointer) -> [Int] {
        let count = bytes.count
        let chunkCount = count < 1 << 20 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        var bounds = [0]
        for part in 1..<max(chunkCount, 1) {
            let target = count * part / chunkCount
            guard target > bounds.last! else { continue }
            guard let newline = memchr(base + target - 1, 0x0A, count - target + 1) else { break }
            let cut = UnsafeRawPointer(newline) - base + 1
            if cut < count, cut > bounds.last! { bounds.append(cut) }
        }
        bounds.append(count)
        return bounds
    }

    /// Reads the lines in `start..<stop` (one chunk).
    private static func readLines(
        _ bytes: UnsafeRawBufferPointer,
        base: UnsafeRawPointer,
        from start: Int,
        to stop: Int,
        fastPath: Bool
    ) -> Chunks {
        var decoder: JSONDecoder?
        var reuse = JournalLineScanner.Reuse()
        var lines: [Line] = []
        var finishedRecords = 0
        var start = start
        while start < stop {
            let newline = memchr(base + start, 0x0A, stop - start).map { UnsafeRawPointer($0) - base }
            let end = newline ?? stop
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                lines.append(.blank)
            } else if fastPath, let record = JournalLineScanner.record(in: line, reuse: &reuse) {
                if record.kind == .itemFinished { finishedRecords += 1 }
                lines.append(.record(record))
            } else if let record = decode(line, with: &decoder) {
                if record.kind == .itemFinished { finishedRecords += 1 }
                lines.append(.record(record))
            } else if newline == nil, stop == bytes.count {
                lines.append(.torn)
            } else {
                lines.append(.unreadable)
            }
            start = end + 1
        }
        return Chunks(chunks: [lines], finishedRecords: finishedRecords)
    }

    /// The slow path: `JSONDecoder`, made on first use.
    private static func decode(_ line: UnsafeRawBufferPointer, with decoder: inout JSONDecoder?) -> JournalReplayRecord? {
        let current = decoder ?? JSONDecoder()
        decoder = current
        return try? current.decode(JournalReplayRecord.self, from: Data(line))
    }
}
