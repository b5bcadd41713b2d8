import DirectoryWatching
import Foundation

/// The bookkeeping of one watch session: the resume index kept current as items finish, which inputs are in
/// flight, changed files waiting for their previous version to finish, and why the session stopped.
actor WatchSession {
    /// What to do with a ready file.
    enum Claim: Sendable, Equatable {
        /// Process it.
        case claimed
        /// The same content at the same path is in flight or was handled in this session.
        case duplicate
        /// Another version of the file is in flight; it was set aside until that one finishes.
        case deferred
    }

    /// Why the session stopped starting work, beyond what the runner's own state records.
    enum Stop: Sendable, Equatable {
        case lowBalance(String)
        case budget(String)
    }

    private(set) var index: ResumeIndex
    private var inFlight: [String: String] = [:]
    private var handled: [String: String] = [:]
    private var waiting: [String: ReadyFile] = [:]
    private(set) var stop: Stop?
    private(set) var started = 0
    private(set) var state: RunState
    private let maxErrors: Int?
    private let maxUnusableResults: Int
    /// Who owns which output, shared with the initial scan's preflight.
    nonisolated let claims: OutputClaims

    init(
        index: ResumeIndex, maxErrors: Int?, maxUnusableResults: Int = UnusableResultStreak.defaultLimit,
        claims: OutputClaims = OutputClaims()
    ) {
        self.index = index
        self.claims = claims
        self.maxErrors = maxErrors
        self.maxUnusableResults = maxUnusableResults
        self.state = RunState(maxErrors: maxErrors, maxUnusableResults: maxUnusableResults)
    }

    /// Claims `path` with content `sha256` for processing.
    func claim(path: String, sha256: String, file: ReadyFile?) -> Claim {
        if inFlight[path] == sha256 || (inFlight[path] == nil && handled[path] == sha256) { return .duplicate }
        if inFlight[path] != nil {
            if let file { waiting[path] = file }
            return .deferred
        }
        inFlight[path] = sha256
        return .claimed
    }

    /// Releases a claim without a result (the file was invalid, blocked or already done).
    func release(path: String, sha256: String) -> ReadyFile? {
        inFlight[path] = nil
        handled[path] = sha256
        return waiting.removeValue(forKey: path)
    }

    /// Records a finished row (journal order) and releases its claim; returns a file set aside for the path.
    func finished(_ row: ManifestItem, runID: String) -> ReadyFile? {
        index.apply(.itemFinished(runID: runID, item: row))
        return release(path: row.inputPath, sha256: row.sha256 ?? "")
    }

    /// Counts one more item started; returns the count.
    func countStart() -> Int {
        started += 1
        return started
    }

    /// Records why the session stops (the first reason wins).
    func request(_ newStop: Stop) {
        if stop == nil { stop = newStop }
    }

    /// Replaces the runner state after a pause for an exhausted balance (its 402 stop no longer holds).
    func resetState() {
        state = RunState(maxErrors: maxErrors, maxUnusableResults: maxUnusableResults)
    }
}
