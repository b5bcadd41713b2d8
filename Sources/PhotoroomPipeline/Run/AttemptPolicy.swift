import PhotoroomAPI

/// The pure decision after one failed call: state in, decision out. The item processor carries it out; tests
/// check it as a table.
struct AttemptPolicy: Sendable {
    /// What happened so far to one item.
    struct State: Sendable, Equatable {
        var attempts = 0
        var retryableFailures = 0
        var throttles = 0
        var unknownRetriesLeft: Int
        /// A stop (signal, 402, 401/403, `--max-errors`, full disk) was asked for.
        var stopRequested = false
        /// A second signal cancelled the calls in flight.
        var cancelled = false
    }

    /// What to do next.
    enum Decision: Sendable, Equatable {
        /// Wait `delay` (back-off), then send again if no stop was asked for meanwhile.
        case retry(after: Duration)
        /// A 429: hold everyone back through the pacer (with the capped `Retry-After`), then send again.
        case throttle(retryAfter: Duration?)
        /// The outcome is unknown (the call may have been billed): send again once after `delay`.
        case retryUnknown(after: Duration)
        /// The call was billed but its result was lost: never send again.
        case resultNotSaved
        /// The outcome is unknown and no retry is left: fail, flagged.
        case unknownOutcome
        /// Stop the whole run (401/403, 402), then fail the item.
        case stopRun
        /// Fail the item (free).
        case giveUp
        /// Leave the item pending (a stop came first).
        case leavePending
    }

    let retry: RetryPolicy

    /// The longest a `Retry-After` may hold the pool back: `retry.maxDelayMs`.
    func cappedRetryAfter(_ value: Duration?) -> Duration? {
        value.map { max(.zero, min($0, retry.maxDelay)) }
    }

    /// A `Retry-After` longer than this on a sandbox key's 429 is its daily or monthly quota, not a rate limit.
    static let quotaWait: Duration = .seconds(3600)

    /// Whether a 429 means the sandbox quota is used up: waiting (hours, until the next day or month) is no
    /// use, so the run stops and the item stays pending instead of being retried. A live key's long
    /// `Retry-After` is capped and retried as usual (``cappedRetryAfter(_:)``).
    static func isQuotaExhausted(code: PhotoroomAPIError.Code, retryAfter: Duration?, sandbox: Bool) -> Bool {
        guard code == .rateLimited, sandbox, let retryAfter else { return false }
        return retryAfter > quotaWait
    }

    /// Decides after a failed call.
    func decide(after code: PhotoroomAPIError.Code, state: State) -> Decision {
        if code == .resultLost { return .resultNotSaved }
        if code == .outcomeUnknown || (state.cancelled && code != .network && code != .timeout) {
            return state.cancelled || state.stopRequested || state.unknownRetriesLeft <= 0
                ? .unknownOutcome : .retryUnknown(after: retry.delay(afterAttempt: 1))
        }
        if state.cancelled { return .giveUp }
        switch code {
        case .unauthorized, .forbidden, .paymentRequired:
            return .stopRun
        case .rateLimited:
            if state.stopRequested { return .leavePending }
            return state.throttles + 1 < max(retry.maxAttempts, 10) ? .throttle(retryAfter: nil) : .giveUp
        case .serverError, .network, .timeout:
            if state.stopRequested { return .leavePending }
            return state.retryableFailures + 1 < retry.maxAttempts
                ? .retry(after: retry.delay(afterAttempt: state.retryableFailures + 1)) : .giveUp
        default:
            return .giveUp
        }
    }
}
