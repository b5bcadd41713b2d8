import Foundation

extension BatchRunner {
    /// A disk failure (full, over quota, read-only, I/O error) stops new work at once, like a 402.
    func noteDiskFailure(_ message: String, errorIsDisk: Bool? = nil, context: SubmissionContext) async {
        guard errorIsDisk ?? ResultSaveError.mentionsDiskFailure(message) else { return }
        if await context.state.request(.outputFull(message)) {
            await reporter.handle(.stopping(reason: RunState.Stop.outputFull(message).reason))
        }
    }

    static func formatScore(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// After a 429: the progress line and the manifest show what the pacer learned.
    func notePacing(_ context: SubmissionContext) async {
        let snapshot = await context.pacer.snapshot()
        await context.store.setPacing(snapshot)
        await reporter.handle(.pacing(snapshot))
    }

    /// Tells the reporter that an item's call will be sent again after `delay`.
    func reportRetry(_ item: PreparedItem, attempt: Int, after delay: Duration, reason: String) async {
        await reporter.handle(
            .retrying(path: item.input.relativePath, attempt: attempt, delaySeconds: delay.seconds, reason: reason)
        )
    }
}
