import ArgumentParser

/// The documented exit codes of `photoroom-batch` (see README.md).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything succeeded (or was skipped as already done); an estimate that is covered or was made offline.
    case success = 0
    /// Some items failed or were invalid.
    case itemsFailed = 1
    /// The balance or the budget (`--max-credits`) does not cover the work; nothing was sent.
    case insufficientBalance = 3
    /// The API key was refused (401/403).
    case authentication = 4
    /// The balance ran out during the run (402); finished items are kept.
    case outOfImages = 5
    /// The API could not be reached or answered unexpectedly (EX_UNAVAILABLE).
    case unavailable = 69
    /// Another `run` or `watch` holds OUT_DIR's lock; nothing was sent (EX_TEMPFAIL).
    case locked = 75
    /// A usage or configuration error (EX_USAGE, as swift-argument-parser uses).
    case usage = 64
    /// Interrupted by SIGINT/SIGTERM; the manifest is flushed.
    case interrupted = 130

    /// The ArgumentParser exit code.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
