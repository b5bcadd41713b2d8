import Dispatch
import Foundation

/// What the journal says about earlier runs into the same OUT_DIR, and the resume decisions drawn from it.
///
/// Built by replaying `journal.jsonl` line by line. A torn last line (a kill during a write) is counted in
/// ``tornLines`` and otherwise ignored; a line that does not decode elsewhere is counted in ``unreadableLines``.
public struct ResumeIndex: Sendable {
    /// What to do with an input.
    public enum Decision: Sendable, Equatable {
        /// Done by an earlier run with the same content and settings, and its output exists.
        case done(previous: ManifestItem)
        /// To be done. `possiblyBilled` is true when an earlier call for this input may have been billed
        /// without giving a result (an attempt started and never finished, or one of unknown outcome),
        /// so redoing it may bill it twice.
        case pending(possiblyBilled: Bool)
    }

    /// The last `item-finished` row of each input path.
    public private(set) var lastFinished: [String: ManifestItem] = [:]
    /// Output paths (relative to OUT_DIR) that this tool wrote in some run.
    public private(set) var producedOutputs: Set<String> = []
    /// The row that last wrote each output, by the output's path folded to lower case (so `A.png` and `a.png`,
    /// one file on a case-insensitive disk, have one owner).
    public private(set) var outputOwners: [String: ManifestItem] = [:]
    /// The ledger: paid results (rows that succeeded or reused, with the output's SHA-256), newest first, by
    /// content and effective settings.
    public private(set) var results: [ContentKey: [ManifestItem]] = [:]
    /// Paid calls whose result was not delivered (``billedWithoutDeliveryCodes``), by content and effective
    /// settings: they are never sent again for that key, unless a later run delivered a result for it.
    public private(set) var billedUndelivered: [ContentKey: ManifestItem] = [:]
    /// Inputs with an `attempt-started` record and no `item-finished` record after it, by path.
    public private(set) var openAttempts: [String: JournalEntry] = [:]
    /// Paid `/v1/segment` cutouts stored in OUT_DIR, by input content and cutout key.
    public private(set) var cutouts: [ContentKey: StoredCutout] = [:]
    /// Images charged over every run, as the `item-finished` rows account for them.
    public private(set) var imagesChargedAllRuns: Decimal = 0
    /// Number of records replayed.
    public private(set) var records = 0
    /// Torn final lines ignored (0 or 1).
    public private(set) var tornLines = 0
    /// Complete lines that did not decode and were ignored.
    public private(set) var unreadableLines = 0

    /// An empty index (no earlier run).
    public init() {}

    /// Replays the journal at `url`; a missing file gives an empty index.
    ///
    /// - Throws: ``RunError`` with code `io` when the file exists but cannot be read.
    public static func replay(journalAt url: URL) throws(RunError) -> ResumeIndex {
        guard FileManager.default.fileExists(atPath: url.path) else { return ResumeIndex() }
        do {
            return replay(data: try Data(contentsOf: url))
        } catch {
            throw RunError(code: .io, message: "cannot read the journal \(url.path): \(error.localizedDescription)")
        }
    }

    /// Replays journal bytes. Lines are read in parallel, in chunks, and applied in order as the chunks are ready
    /// (see ``JournalLines``).
    public static func replay(data: Data) -> ResumeIndex {
        replay(data: data, fastPath: true)
    }

    /// Replays journal bytes; `fastPath: false` decodes every line with `JSONDecoder`, and `chunkSize` sets the
    /// chunks' size (for the tests).
    static func replay(data: Data, fastPath: Bool, chunkSize: Int = 1 << 20) -> ResumeIndex {
        var index = ResumeIndex()
        var first = true
        JournalLines.forEachChunk(of: data, fastPath: fastPath, chunkSize: chunkSize) { chunk in
            if first {
                // Room for the rows of the whole journal, judged from its first chunk.
                first = false
                let chunks = Double(data.count) / Double(max(chunk.bytes, 1))
                let estimate = (Double(chunk.finishedRecords) * chunks * 1.1).rounded(.up)
                index.reserveCapacity(finishedRecords: Int(estimate))
            }
            index.imagesChargedAllRuns += chunk.imagesCharged
            for line in chunk.lines {
                switch line {
                case .record(let record): index.apply(record.entry, countingCharges: false)
                case .blank: break
                case .torn: index.tornLines += 1
                case .unreadable: index.unreadableLines += 1
                }
            }
        }
        return index
    }

    /// Applies one record, in journal order.
    public mutating func apply(_ entry: JournalEntry) {
        apply(entry, countingCharges: true)
    }

    /// Applies one record; `countingCharges: false` leaves ``imagesChargedAllRuns`` to the caller.
    mutating func apply(_ entry: JournalEntry, countingCharges: Bool) {
        records += 1
        switch entry.kind {
        case .attemptStarted:
            if let path = entry.path { openAttempts[path] = entry }
        case .itemFinished:
            guard let item = entry.item else { return }
            if !openAttempts.isEmpty { openAttempts[item.inputPath] = nil }
            lastFinished[item.inputPath] = item
            if countingCharges { imagesChargedAllRuns += item.imagesCharged }
            if let sha = item.sha256 {
                let key = ContentKey(sha256: sha, settingsHash: item.settingsHash)
                if item.status == .failed, item.imagesCharged > 0,
                    let code = item.errorCode, Self.billedWithoutDeliveryCodes.contains(code)
                {
                    billedUndelivered[key] = item
                } else if item.status == .succeeded || item.status == .reused, !billedUndelivered.isEmpty {
                    billedUndelivered[key] = nil
                }
            }
            if item.status == .succeeded || item.status == .reused, let output = item.outputPath {
                producedOutputs.insert(output)
                outputOwners[Self.folded(output)] = item
                if let sha = item.sha256, item.outputSHA256 != nil {
                    // In place: one lookup, no copy of the rows.
                    let key = ContentKey(sha256: sha, settingsHash: item.settingsHash)
                    Self.push(item, output: output, onto: &results[key, default: []])
                }
            }
        case .cutoutStored:
            if let path = entry.path, let sha = entry.sha256, let key = entry.settingsHash,
                let digest = entry.cutoutSHA256
            {
                cutouts[ContentKey(sha256: sha, settingsHash: key)] = StoredCutout(path: path, sha256: digest)
            }
        case .runStarted, .runFinished:
            break
        }
    }

    /// Puts `item` first among the paid results of its key (at most 4, one per output path).
    private static func push(_ item: ManifestItem, output: String, onto rows: inout [ManifestItem]) {
        rows.removeAll { $0.outputPath == output }
        rows.insert(item, at: 0)
        if rows.count > 4 { rows.removeLast() }
    }

    /// `path` as outputs are compared (``OutputNameFolding``: NFC, lower case; itself when plain).
    static func folded(_ path: String) -> String { OutputNameFolding.fold(path) }

    /// Room for the rows of `finishedRecords` `item-finished` records, so the tables are not rebuilt as they grow.
    /// A journal of re-runs over the same inputs needs less: the rest is address space, never touched.
    mutating func reserveCapacity(finishedRecords: Int) {
        lastFinished.reserveCapacity(finishedRecords)
        producedOutputs.reserveCapacity(finishedRecords)
        outputOwners.reserveCapacity(finishedRecords)
        results.reserveCapacity(finishedRecords)
    }

    /// Adds, read-only, what another journal of the same OUT_DIR knows (another part's, an unsharded run's): the
    /// outputs it wrote and who owns them, its paid results and cutouts, the calls it paid without a result, its
    /// last row and unfinished call of each input. This journal's own records win; charges stay per journal
    /// (``imagesChargedAllRuns`` is this journal's alone).
    public mutating func absorb(_ other: ResumeIndex) {
        for (path, entry) in other.openAttempts where lastFinished[path] == nil && openAttempts[path] == nil {
            openAttempts[path] = entry
        }
        // A call another journal paid for without a result is not sent again, unless this journal has a result.
        for (key, row) in other.billedUndelivered where results[key] == nil && billedUndelivered[key] == nil {
            billedUndelivered[key] = row
        }
        cutouts.merge(other.cutouts) { mine, _ in mine }
        lastFinished.merge(other.lastFinished) { mine, _ in mine }
        producedOutputs.formUnion(other.producedOutputs)
        outputOwners.merge(other.outputOwners) { mine, _ in mine }
        for (key, rows) in other.results {
            var mine = results[key, default: []]
            for row in rows where !mine.contains(where: { $0.outputPath == row.outputPath }) { mine.append(row) }
            results[key] = Array(mine.prefix(8))
        }
    }

    /// Decides whether an input still needs work.
    ///
    /// An input is done when its last finished row succeeded with the same content hash and settings hash
    /// and its output still exists; `force` makes everything pending.
    public func decision(
        path: String,
        sha256: String,
        settingsHash: String,
        outputExists: Bool,
        force: Bool
    ) -> Decision {
        let last = lastFinished[path]
        if !force, let last, last.status == .succeeded || last.status == .reused || last.status == .skipped,
            last.sha256 == sha256, last.settingsHash == settingsHash, outputExists
        {
            return .done(previous: last)
        }
        let unfinishedCall = openAttempts[path] != nil
        let unknownLastTime = last.map { $0.status != .succeeded && $0.unknownOutcomes > 0 } ?? false
        return .pending(possiblyBilled: unfinishedCall || unknownLastTime)
    }

    /// Whether this tool wrote the file at `outputPath` (relative to OUT_DIR) in an earlier run.
    public func produced(outputPath: String) -> Bool { producedOutputs.contains(outputPath) }

    /// The row whose result the file at `outputPath` holds (case folded), if this tool wrote it.
    public func owner(ofOutput outputPath: String) -> ManifestItem? { outputOwners[Self.folded(outputPath)] }

    /// Failures that were billed and whose result was not delivered: `result-invalid` (the result failed its
    /// check), `unsupported-attributes` (under `--strict`) and `result-not-saved`.
    public static let billedWithoutDeliveryCodes: Set<String> = [
        "result-invalid", "unsupported-attributes", "result-not-saved",
    ]

    /// The billed call for `key` whose result was not delivered, if any: such a key is not sent again.
    public func billedWithoutResult(for key: ContentKey) -> ManifestItem? { billedUndelivered[key] }

    /// The stored cutout of the input with content `sha256` under the cutout key `keyHash`, if a run stored one.
    public func cutout(sha256: String, keyHash: String) -> StoredCutout? {
        cutouts[ContentKey(sha256: sha256, settingsHash: keyHash)]
    }

    /// Paid results for `key`, newest first: the candidates a reuse copies from (after checking their bytes).
    public func paidResults(for key: ContentKey) -> [ManifestItem] { results[key] ?? [] }
}
