import Foundation

/// Something a run reports while it goes, for progress bars, log lines and NDJSON.
public enum RunEvent: Sendable, Equatable {
    /// The scan of INPUT_DIR could not read a folder or a file (it is left out; the run goes on).
    case scanProblem(ScanProblem)
    /// Preflight is starting on this many inputs.
    case preflightStarted(inputs: Int)
    /// Preflight finished; the figures are final.
    case preflightFinished(RunPreflight)
    /// An item finished (succeeded or failed) in this run: `index` of `total` items to do.
    case itemFinished(index: Int, total: Int, item: ManifestItem)
    /// A call failed and will be retried after `delay`.
    case retrying(path: String, attempt: Int, delaySeconds: Double, reason: String)
    /// What the pacer knows changed (a 429 taught or refined the limit, or one was loaded from the last run).
    case pacing(PacingSnapshot)
    /// The run stops starting new work (interrupt, 402, auth failure, `--max-errors`); in-flight calls finish.
    case stopping(reason: String)
    /// The run ended.
    case finished(RunOutcome)
}

/// Receives a run's events. Implementations write through an injected ``TextOutput``, never `print`.
public protocol RunEventSink: Sendable {
    /// Handles one event; called from several tasks, so implementations serialise (actors do).
    func handle(_ event: RunEvent) async
}

/// A sink that drops everything (`--progress none` without `--json`, and tests).
public struct SilentRunEventSink: RunEventSink {
    public init() {}
    public func handle(_ event: RunEvent) async {}
}
