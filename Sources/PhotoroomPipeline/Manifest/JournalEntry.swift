import Foundation

/// One line of the append-only journal `OUT_DIR/.photoroom-batch/journal.jsonl`.
///
/// Each line is one JSON object (sorted keys) with a `kind`:
///
/// - `run-started`: `runID`, `time`, `toolVersion`, `settingsHash`, `configHash`, `plan`.
/// - `attempt-started`: written and flushed **before** each `/v2/edit` call: `runID`, `time`, `path`,
///   `sha256`, `settingsHash`, `attempt`. An attempt with no later `item-finished` line for the same path
///   (a `kill -9` mid-call) may have been billed; the item is marked `possiblyBilledTwice` when redone.
/// - `item-finished`: `runID`, `time`, `item` (a full ``ManifestItem``), flushed with fsync.
/// - `run-finished`: `runID`, `time`, `exitCode`, `outcome`.
/// - `cutout-stored`: a paid `/v1/segment` cutout is in OUT_DIR (fsynced) before it is finished: `runID`, `time`,
///   `path` (the cutout, relative to OUT_DIR), `sha256` (the input's content), `settingsHash` (the cutout's key),
///   `cutoutSHA256` (the cutout's bytes).
///
/// Readers ignore a torn last line (a kill during a write) and unknown kinds.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// The record kinds.
    public enum Kind: String, Codable, Sendable {
        case runStarted = "run-started"
        case attemptStarted = "attempt-started"
        case itemFinished = "item-finished"
        case runFinished = "run-finished"
        case cutoutStored = "cutout-stored"
    }

    public var kind: Kind
    /// The run that wrote the line.
    public var runID: String
    /// When it was written.
    public var time: Date
    /// The input's relative path (`attempt-started`).
    public var path: String?
    /// The input's content hash (`attempt-started`).
    public var sha256: String?
    /// The edit settings hash (`attempt-started`, `run-started`).
    public var settingsHash: String?
    /// The attempt number within the run, from 1 (`attempt-started`).
    public var attempt: Int?
    /// The finished item (`item-finished`).
    public var item: ManifestItem?
    /// Tool version (`run-started`).
    public var toolVersion: String?
    /// Config hash (`run-started`).
    public var configHash: String?
    /// Plan (`run-started`).
    public var plan: String?
    /// Exit code (`run-finished`).
    public var exitCode: Int32?
    /// Outcome word (`run-finished`).
    public var outcome: String?
    /// SHA-256 of the stored cutout's bytes (`cutout-stored`).
    public var cutoutSHA256: String?

    public init(
        kind: Kind,
        runID: String,
        time: Date = Date(),
        path: String? = nil,
        sha256: String? = nil,
        settingsHash: String? = nil,
        attempt: Int? = nil,
        item: ManifestItem? = nil,
        toolVersion: String? = nil,
        configHash: String? = nil,
        plan: String? = nil,
        exitCode: Int32? = nil,
        outcome: String? = nil,
        cutoutSHA256: String? = nil
    ) {
        self.kind = kind
        self.runID = runID
        self.time = time
        self.path = path
        self.sha256 = sha256
        self.settingsHash = settingsHash
        self.attempt = attempt
        self.item = item
        self.toolVersion = toolVersion
        self.configHash = configHash
        self.plan = plan
        self.exitCode = exitCode
        self.outcome = outcome
        self.cutoutSHA256 = cutoutSHA256
    }

    /// An `attempt-started` record.
    public static func attemptStarted(
        runID: String,
        path: String,
        sha256: String,
        settingsHash: String,
        attempt: Int
    ) -> Self {
        JournalEntry(
            kind: .attemptStarted,
            runID: runID,
            path: path,
            sha256: sha256,
            settingsHash: settingsHash,
            attempt: attempt
        )
    }

    /// An `item-finished` record.
    public static func itemFinished(runID: String, item: ManifestItem) -> Self {
        JournalEntry(kind: .itemFinished, runID: runID, path: item.inputPath, item: item)
    }

    /// A `cutout-stored` record.
    public static func cutoutStored(runID: String, cutout: StoredCutout, inputSHA256: String, keyHash: String) -> Self {
        JournalEntry(
            kind: .cutoutStored,
            runID: runID,
            path: cutout.path,
            sha256: inputSHA256,
            settingsHash: keyHash,
            cutoutSHA256: cutout.sha256
        )
    }
}
