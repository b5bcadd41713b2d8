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
    /// Inputs with an `attempt-started` record and no `item-finished` record after it, by path.
    public private(set) var openAttempts: [String: JournalEntry] = [:]
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

    /// Replays journal bytes.
    public static func replay(data: Data) -> ResumeIndex {
        var index = ResumeIndex()
        let decoder = ManifestWriter.makeDecoder()
        var start = data.startIndex
        while start < data.endIndex {
            let newline = data[start...].firstIndex(of: 0x0A)
            let end = newline ?? data.endIndex
            let line = data[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                if let entry = try? decoder.decode(JournalEntry.self, from: line) {
                    index.apply(entry)
                } else if newline == nil {
                    index.tornLines += 1
                } else {
                    index.unreadableLines += 1
                }
            }
            start = newline.map { data.index(after: $0) } ?? data.endIndex
        }
        return index
    }

    /// Applies one record, in journal order.
    public mutating func apply(_ entry: JournalEntry) {
        records += 1
        switch entry.kind {
        case .attemptStarted:
            if let path = entry.path { openAttempts[path] = entry }
        case .itemFinished:
            guard let item = entry.item else { return }
            openAttempts[item.inputPath] = nil
            lastFinished[item.inputPath] = item
            imagesChargedAllRuns += item.imagesCharged
            if item.status == .succeeded, let output = item.outputPath { producedOutputs.insert(output) }
        case .runStarted, .runFinished:
            break
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
        if !force, let last, last.status == .succeeded, last.sha256 == sha256, last.settingsHash == settingsHash,
            outputExists
        {
            return .done(previous: last)
        }
        let unfinishedCall = openAttempts[path] != nil
        let unknownLastTime = last.map { $0.status != .succeeded && $0.unknownOutcomes > 0 } ?? false
        return .pending(possiblyBilled: unfinishedCall || unknownLastTime)
    }

    /// Whether this tool wrote the file at `outputPath` (relative to OUT_DIR) in an earlier run.
    public func produced(outputPath: String) -> Bool { producedOutputs.contains(outputPath) }
}
