import Foundation
import Synchronization

/// The rows of the run in progress, and the periodic rewrite of `manifest.json`.
///
/// It runs on a dispatch queue of its own, so encoding and writing the manifest never holds a thread of the
/// cooperative pool.
actor ManifestStore {
    private nonisolated let executor = QueueExecutor(label: "photoroom-batch.manifest")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private var header: RunManifest.Header
    private var rows: [String: ManifestItem] = [:]
    private let url: URL
    private let refreshItems: Int
    private let refreshInterval: Duration
    private var sinceWrite = 0
    private var lastWrite = ContinuousClock.now
    private let chargedBefore: Decimal
    private var balanceBefore: Decimal?
    private var balanceAfter: Decimal?
    private var balanceMismatch: Decimal?
    private let costPerEdit: Decimal
    /// The report kept up to date with the manifest (nil with `--no-report`).
    private nonisolated let report: RunReport?
    /// What one `/v1/segment` call costs (routing's saving is counted against ``costPerEdit``).
    var costPerSegment: Decimal = 0
    /// The last refresh failure, if any (the final write reports its own).
    private(set) var refreshError: RunError?

    init(
        header: RunManifest.Header,
        url: URL,
        refreshItems: Int,
        refreshInterval: Duration,
        chargedBefore: Decimal,
        balanceBefore: Decimal?,
        costPerEdit: Decimal = 0,
        report: RunReport? = nil
    ) {
        self.report = report
        self.costPerEdit = costPerEdit
        self.header = header
        self.url = url
        self.refreshItems = max(1, refreshItems)
        self.refreshInterval = refreshInterval
        self.chargedBefore = chargedBefore
        self.balanceBefore = balanceBefore
    }

    /// Adds or replaces a row; rewrites the manifest when enough rows or time have passed.
    ///
    /// This is the one place every finished item passes through (run and watch): the hook for work that
    /// follows an item's completion (thumbnails, reports).
    func record(_ row: ManifestItem) {
        rows[row.inputPath] = row
        report?.itemFinished(row)
        sinceWrite += 1
        let threshold = max(refreshItems, rows.count / 10)
        if sinceWrite >= threshold || ContinuousClock.now - lastWrite >= refreshInterval {
            do {
                try write()
            } catch {
                refreshError = error
            }
        }
    }

    /// Whether a row exists for `path`.
    func hasRow(_ path: String) -> Bool { rows[path] != nil }

    /// Records each of `rows` whose input has no row yet (the items a run never started), in one call.
    func recordUnlessPresent(_ rows: [ManifestItem]) {
        for row in rows where self.rows[row.inputPath] == nil { record(row) }
    }

    /// Sets the balance read after the run.
    func setBalanceAfter(_ value: Decimal?) { balanceAfter = value }

    /// Records what the pacer knows (learned limit, 429s).
    /// A snapshot older than the one held (fewer 429s: workers report concurrently) is ignored.
    func setPacing(_ value: PacingSnapshot) {
        if let pacing, pacing.throttledCalls > value.throttledCalls { return }
        pacing = value
    }
    private var pacing: PacingSnapshot?

    /// Records how far the balance change and the charges disagree.
    func setBalanceMismatch(_ value: Decimal) { balanceMismatch = value }

    /// Sets the cost of one `/v1/segment` call.
    func setCostPerSegment(_ value: Decimal) { costPerSegment = value }

    /// Marks the run finished.
    func finish(exitCode: Int32, outcome: String) {
        header.state = .finished
        header.finishedAt = Date()
        header.exitCode = exitCode
        header.outcome = outcome
    }

    /// The document as it stands.
    func manifest() -> RunManifest {
        let items = rows.values.sorted { $0.inputPath < $1.inputPath }
        var totals = RunManifest.Totals()
        totals.count(items)
        totals.imagesChargedAllRuns = chargedBefore + totals.imagesCharged
        totals.balanceBefore = balanceBefore
        totals.balanceAfter = balanceAfter
        totals.balanceMismatch = balanceMismatch
        totals.imagesSaved = 0
        var segmentItems = 0
        var savedByRoute: Decimal = 0
        for item in items {
            let segment = item.route == ItemRoute.segment.rawValue
            if item.status == .reused { totals.imagesSaved += segment ? costPerSegment : costPerEdit }
            // A segment result made in this run (paid now, or finished from a cutout paid earlier).
            if segment, item.status == .succeeded || (item.status == .failed && item.imagesCharged > 0) {
                segmentItems += 1
                // A file /v2/edit does not take (HEIC) saved nothing against it: it had no other way.
                let editTakes = RunRouting.editTakes(
                    format: item.format, bytes: item.bytes, width: item.width, height: item.height)
                if editTakes { savedByRoute += max(0, costPerEdit - item.imagesCharged) }
            }
        }
        if segmentItems > 0 || items.contains(where: { $0.route == ItemRoute.segment.rawValue }) {
            totals.segmentItems = segmentItems
            totals.imagesSavedByRoute = savedByRoute
        }
        return RunManifest(run: header, totals: totals, items: items, pacing: pacing)
    }

    /// Writes `manifest.json` now, and has `report.html` rewritten in the background (a report that cannot be
    /// written never stops a run).
    ///
    /// - Parameter refreshingReport: `false` for the final write, whose page the session writes itself.
    func write(refreshingReport: Bool = true) throws(RunError) {
        let document = manifest()
        try ManifestWriter.write(document, to: url)
        if refreshingReport { report?.manifestWritten(document) }
        sinceWrite = 0
        lastWrite = ContinuousClock.now
    }
}

/// Why the run stopped starting new work, first reason first.
actor RunState {
    enum Stop: Sendable, Equatable {
        case authentication(String)
        case outOfImages(String)
        case interrupted
        case maxErrors(Int)
        case budget
        case bookkeeping(RunError)
        case outputFull(String)
        /// A sandbox key's daily or monthly quota is used up: no call can succeed before the reset.
        case quotaExhausted(String)
        /// Billed results in a row failed their check (money rule 2): paying on would buy more of them.
        case unusableResults(String)

        var reason: String {
            switch self {
            case .authentication(let message): "the API key was refused: \(message)"
            case .outOfImages(let message): "out of images (402): \(message)"
            case .interrupted: "interrupted: finishing the calls in flight"
            case .maxErrors(let count): "\(count) items failed (--max-errors)"
            case .budget: "the budget or balance is used up (calls of unknown outcome count as spent)"
            case .bookkeeping(let error): "cannot record progress: \(error.message)"
            case .outputFull(let message): "OUT_DIR is full: \(message)"
            case .quotaExhausted(let message): message
            case .unusableResults(let message):
                "stopped paying for unusable results: \(message) (maxUnusableResults)"
            }
        }
    }

    private(set) var stop: Stop? {
        didSet { stopped.store(stop != nil, ordering: .releasing) }
    }
    /// Whether ``stop`` is set, readable without a hop to the actor (the check before every call).
    private nonisolated let stopped = Atomic<Bool>(false)
    nonisolated var hasStop: Bool { stopped.load(ordering: .acquiring) }
    private(set) var failed = 0
    private(set) var finished = 0
    private let maxErrors: Int?
    private var unusable: UnusableResultStreak
    private nonisolated let lastFailed = Atomic<Bool>(false)
    /// Whether the last checked billed result failed its check, readable without a hop to the actor: a call
    /// billed then keeps its place at the gate until its own check is counted.
    nonisolated var lastResultFailedItsCheck: Bool { lastFailed.load(ordering: .acquiring) }

    init(maxErrors: Int?, maxUnusableResults: Int = UnusableResultStreak.defaultLimit) {
        self.maxErrors = maxErrors
        self.unusable = UnusableResultStreak(limit: maxUnusableResults)
    }

    /// Counts a checked billed result (`problem` nil: it passed); returns the stop when this one makes the results
    /// that failed their check in a row reach the limit.
    func noteCheckedResult(_ problem: ResultProblem?) -> Stop? {
        defer { lastFailed.store(!unusable.problems.isEmpty, ordering: .releasing) }
        guard let message = unusable.note(problem) else { return nil }
        let newStop = Stop.unusableResults(message)
        return request(newStop) ? newStop : nil
    }

    /// Records a stop reason; returns true when it is the first one.
    @discardableResult
    func request(_ newStop: Stop) -> Bool {
        if case .authentication = newStop, stop != nil, stop != newStop {
            // A refused key outranks whatever stopped the run first.
            stop = newStop
            return false
        }
        guard stop == nil else { return false }
        stop = newStop
        return true
    }

    /// Counts a finished row; returns its 1-based index and, when this failure reaches `--max-errors`, the stop.
    func finishedRow(_ row: ManifestItem) -> (index: Int, newStop: Stop?) {
        finished += 1
        var newStop: Stop?
        if row.status == .failed {
            failed += 1
            if let maxErrors, failed >= maxErrors, request(.maxErrors(failed)) {
                newStop = .maxErrors(failed)
            }
        }
        return (finished, newStop)
    }
}
