import Foundation

/// What differs between `run` and `watch` around the one dispatcher (``BatchRunner/dispatch(_:mode:window:)``):
/// how a unit of work becomes an item, how an item's cost is reserved, and what follows an item's row.
protocol DispatchMode: Sendable {
    /// What the work sequence yields: a prepared item (`run`); a prepared item or a file that landed (`watch`).
    associatedtype Work: Sendable

    /// Whether a stop the run recorded (its state, the watch session's) ends the starting of items. Asked before
    /// every start, after the dispatcher's own checks (cancellation, a signal). It may wait (a watch paused by a
    /// 402 waits for a top-up) and then go on.
    func stopsStarting() async -> Bool
    /// A signal asked for a stop; the dispatcher starts nothing more.
    func noteInterrupted() async
    /// The item to start for `work`, or nil when there is nothing to start (a row it has is recorded).
    func item(for work: Work) async -> PreparedItem?
    /// The context `item` runs and settles on, its cost reserved when `reserving`. Nil when the cost cannot be
    /// reserved: the item is not started, the reason is recorded, and the dispatcher starts nothing more.
    func context(for item: PreparedItem, reserving: Bool) async -> SubmissionContext?
    /// Records an item's row (journal, manifest, counts, progress) and whatever follows it.
    func settle(_ row: ManifestItem, of item: PreparedItem, context: SubmissionContext) async
}

extension BatchRunner {
    /// The one dispatcher of `run` (a finite list) and `watch` (a stream that ends on a stop): a sliding window of
    /// `window` items over `work`. Before every start it checks for a stop (money rule 3), then reserves the
    /// item's cost, starts the item's task and settles its row.
    ///
    /// The window is wider than `--concurrency`; the context's ``CallGate`` keeps the calls in flight at
    /// `--concurrency`, so a billed item's bookkeeping after its call (saving, journal fsync, manifest) overlaps
    /// the next calls instead of delaying them. An item checks for a stop again after it has its place at the gate
    /// and the pacer's turn, right before its call; an item whose call failed keeps its place until its row is
    /// counted, so a stop that row causes (`--max-errors`, 402, a refused key) holds for the next call.
    func dispatch<Mode: DispatchMode>(
        _ work: some AsyncSequence<Mode.Work, Never>, mode: Mode, window: Int
    ) async {
        let window = max(1, window)
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await unit in work {
                if running >= window {
                    await group.next()
                    running -= 1
                }
                if await stopsStarting(mode) { break }
                guard let item = await mode.item(for: unit) else { continue }
                // A duplicate waits for its leader's result and reserves only if it has to send after all; a copy
                // reserves nothing.
                let reserves: Bool
                if case .send = item.action, item.duplicateOf == nil { reserves = true } else { reserves = false }
                guard let context = await mode.context(for: item, reserving: reserves) else { break }
                group.addTask {
                    let pass = CallPass(gate: context.callGate)
                    let row = await handle(item, reserved: reserves, pass: pass, context: context)
                    await mode.settle(row, of: item, context: context)
                    // A call that ended the item kept its place until the row was counted (see `process`).
                    await pass.giveBack()
                }
                running += 1
            }
            await group.waitForAll()
        }
    }

    private func stopsStarting(_ mode: some DispatchMode) async -> Bool {
        if Task.isCancelled { return true }
        if control.isStopping {
            await mode.noteInterrupted()
            return true
        }
        return await mode.stopsStarting()
    }
}

/// `run`: the items preflight prepared, on one ledger and state.
struct RunDispatch: DispatchMode {
    let runner: BatchRunner
    let context: SubmissionContext

    func stopsStarting() async -> Bool {
        context.state.hasStop
    }

    func noteInterrupted() async {
        if await context.state.request(.interrupted) {
            await runner.reporter.handle(.stopping(reason: RunState.Stop.interrupted.reason))
        }
    }

    func item(for work: PreparedItem) async -> PreparedItem? { work }

    func context(for item: PreparedItem, reserving: Bool) async -> SubmissionContext? {
        guard reserving, !(await context.ledger.reserve(context.cost(of: item))) else { return context }
        if await context.state.request(.budget) {
            await runner.reporter.handle(.stopping(reason: RunState.Stop.budget.reason))
        }
        return nil
    }

    func settle(_ row: ManifestItem, of item: PreparedItem, context: SubmissionContext) async {
        await runner.finish(row, context: context)
    }
}

extension AsyncStream where Element: Sendable {
    /// A stream that yields `elements`, then ends (`run` feeds the dispatcher its list through it).
    init(yielding elements: some Sequence<Element>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        for element in elements { continuation.yield(element) }
        continuation.finish()
        self = stream
    }
}
