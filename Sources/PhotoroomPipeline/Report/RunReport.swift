import Dispatch
import Foundation

/// The report of a run or watch in progress: the thumbnails of each item, made in the background as it finishes,
/// and `report.html`, rewritten in the background after manifest writes.
///
/// Nothing here runs on the cooperative pool or on a worker's path: ``itemFinished(_:)`` and
/// ``manifestWritten(_:)`` only queue work, so thumbnails never delay a call. Thumbnails are made on a few
/// ``BackgroundLane``s (threads below the calls' priority, fewer than the cores), report pages on one more, which
/// writes only the newest manifest it was given. A thumbnail or page that cannot be made is left out; it never
/// fails an item or the run.
final class RunReport: @unchecked Sendable {
    private let outputDirectory: URL
    private let inputDirectory: URL
    private let layout: OutputLayout
    private let fileName: String
    private let lanes: [BackgroundLane]
    private let writer = BackgroundLane(name: "prb-report-page")
    private let pending = DispatchGroup()
    private let lock = NSLock()
    private var thumbnails: [String: ManifestReport.ItemThumbnails] = [:]
    private var nextLane = 0
    private var cancelled = false
    private var newestManifest: RunManifest?
    private var pageScheduled = false

    /// - Parameters:
    ///   - fileName: The page's name in OUT_DIR (`report.html`, or a shard's own).
    ///   - lanes: Threads making thumbnails at once (default: one fewer than the cores, at least 1, at most 4).
    init(
        outputDirectory: URL, inputDirectory: URL, layout: OutputLayout, fileName: String,
        lanes: Int = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount - 1))
    ) {
        self.outputDirectory = outputDirectory
        self.inputDirectory = inputDirectory
        self.layout = layout
        self.fileName = fileName
        self.lanes = (0..<max(1, lanes)).map { BackgroundLane(name: "prb-thumbnails-\($0)") }
    }

    /// Queues the thumbnails of a finished row: its input's (also for invalid and failed items, when the file
    /// decodes) and its result's (succeeded, reused and skipped items). Both are reused by content hash, so a
    /// reused or skipped item usually costs a file-exists check. Pending rows are ignored.
    func itemFinished(_ row: ManifestItem) {
        guard row.status != .pending else { return }
        let input = inputDirectory.appendingPathComponent(row.inputPath)
        let hasResult = row.status == .succeeded || row.status == .reused || row.status == .skipped
        let output = hasResult ? row.outputPath.map { layout.outputURL(forOutput: $0) } : nil
        let lane: BackgroundLane
        lock.lock()
        if cancelled {
            lock.unlock()
            return
        }
        lane = lanes[nextLane % lanes.count]
        nextLane &+= 1
        lock.unlock()
        let outputDirectory = self.outputDirectory
        pending.enter()
        lane.async { [self] in
            defer { pending.leave() }
            guard !isCancelled else { return }
            let made = ManifestReport.thumbnails(
                for: row, inputURL: input, outputURL: output, outputDirectory: outputDirectory)
            lock.lock()
            thumbnails[row.inputPath] = made
            lock.unlock()
        }
    }

    /// Schedules a rewrite of `report.html` for `manifest` (a newer manifest given before the page is written
    /// replaces it).
    func manifestWritten(_ manifest: RunManifest) {
        lock.lock()
        newestManifest = manifest
        let schedule = !pageScheduled
        pageScheduled = true
        lock.unlock()
        guard schedule else { return }
        writer.async { [self] in
            lock.lock()
            let manifest = newestManifest
            let made = thumbnails
            newestManifest = nil
            pageScheduled = false
            lock.unlock()
            if let manifest { writePage(manifest, thumbnails: made) }
        }
    }

    /// Waits for the thumbnails queued so far (none left when ``cancel()`` was called), without holding a thread
    /// of the cooperative pool.
    func thumbnailsMade() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pending.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// Waits for the thumbnails queued so far (``thumbnailsMade()``), then writes `report.html` for `manifest`.
    func finish(_ manifest: RunManifest) async {
        await thumbnailsMade()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writer.async { [self] in
                lock.lock()
                let made = thumbnails
                newestManifest = nil
                lock.unlock()
                writePage(manifest, thumbnails: made)
                continuation.resume()
            }
        }
    }

    /// Drops the thumbnails not started yet (an immediate stop: the run must end now).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// The thumbnails made so far, by input path.
    func madeThumbnails() -> [String: ManifestReport.ItemThumbnails] {
        lock.lock()
        defer { lock.unlock() }
        return thumbnails
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    private func writePage(_ manifest: RunManifest, thumbnails: [String: ManifestReport.ItemThumbnails]) {
        _ = try? ManifestReport.write(
            manifest, outputDirectory: outputDirectory, inputDirectory: inputDirectory, thumbnails: thumbnails,
            fileName: fileName)
    }
}
