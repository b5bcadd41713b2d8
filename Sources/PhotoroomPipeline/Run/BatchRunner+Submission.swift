import Crypto
import Foundation
import PhotoroomAPI
import PhotoroomPricing
import PhotoroomRendering

/// What the workers of one run or watch share.
struct SubmissionContext: Sendable {
    let runID: String
    let cost: Decimal
    let layout: OutputLayout
    let files: ManifestFiles
    let temporaryDirectory: URL
    let journal: Journal
    let store: ManifestStore
    private(set) var ledger: CreditLedger
    let pacer: any CallPacing
    let board: ReuseBoard
    private(set) var state: RunState
    private(set) var total: Int
    /// What one `/v1/segment` call costs (``cost`` is one `/v2/edit` call).
    var segmentCost: Decimal = 0
    /// The local finishing of `segment` items, when the recipe is local.
    var finishing: FinishingRecipe?
    /// ``CutoutStore/keyHash(sandbox:endpoint:)`` of this run.
    var cutoutKey = ""
    /// The dispatch window is wider than `--concurrency`; this keeps the calls in flight at it.
    var callGate: CallGate?
    /// Items a dispatcher keeps in work at once.
    var window: Int = 1
    /// The ledger as it stands now, for an item whose input changed since preflight and is decided again (`nil`:
    /// such an item is left pending).
    var currentIndex: (@Sendable () async -> ResumeIndex)?

    /// What the item's call costs: nothing when a stored cutout finishes it.
    func cost(of item: PreparedItem) -> Decimal {
        guard item.route == .segment else { return cost }
        return item.storedCutout == nil ? segmentCost : 0
    }

    /// The same context with the route settings of `pricing` and `options`.
    func routed(_ pricing: Pricing, options: RunOptions) -> SubmissionContext {
        var copy = self
        copy.segmentCost = pricing.costPerSegment
        copy.finishing = options.routing.recipe
        copy.cutoutKey = CutoutStore.keyHash(sandbox: options.sandbox, endpoint: options.endpoint)
        // Twice the items in work, the same calls in flight: an item's bookkeeping after its call (saving the
        // result, the journal's fsync, the manifest; local finishing on the segment route) overlaps the next calls.
        copy.window = options.concurrency * 2
        copy.callGate = CallGate(limit: options.concurrency)
        return copy
    }

    init(
        session: RunSession, cost: Decimal, layout: OutputLayout, ledger: CreditLedger, pacer: any CallPacing,
        board: ReuseBoard, state: RunState, total: Int
    ) {
        runID = session.runID
        files = session.files
        temporaryDirectory = session.temporaryDirectory
        journal = session.journal
        store = session.store
        self.cost = cost
        self.layout = layout
        self.ledger = ledger
        self.pacer = pacer
        self.board = board
        self.state = state
        self.total = total
    }

    /// The same context, deciding a changed input again from `index` (a run's ledger as preflight read it; the
    /// board holds what this run paid for).
    func deciding(from index: ResumeIndex) -> SubmissionContext {
        deciding { index }
    }

    /// The same context, deciding a changed input again from the ledger `currentIndex` gives (a watch's, kept
    /// current as items finish).
    func deciding(_ currentIndex: @escaping @Sendable () async -> ResumeIndex) -> SubmissionContext {
        var copy = self
        copy.currentIndex = currentIndex
        return copy
    }

    /// The same context settling on another ledger and state, with a new total (watch).
    func with(ledger: CreditLedger, state: RunState, total: Int) -> SubmissionContext {
        var copy = self
        copy.ledger = ledger
        copy.state = state
        copy.total = total
        return copy
    }
}

extension BatchRunner {
    /// Sends the items to do through the dispatcher, then finishes the manifest.
    func submit(_ ready: PreflightReady) async throws(RunError) -> RunOutcome {
        try await submit(ready, feed: AsyncStream(yielding: ready.prepared.filter(\.needsWork)))
    }

    /// Sends the items `feed` yields (of those preflight prepared) through the dispatcher, then finishes the
    /// manifest: items to do that were never started are left pending.
    func submit(
        _ ready: PreflightReady, feed: some AsyncSequence<PreparedItem, Never> & Sendable
    ) async throws(RunError) -> RunOutcome {
        let session = try await openSession(ready)
        let toDo = ready.prepared.filter(\.needsWork)
        let context = SubmissionContext(
            session: session,
            cost: ready.pricing.costPerEdit,
            layout: ready.layout,
            ledger: CreditLedger(maxCredits: options.maxCredits, balance: ready.pricing.balance),
            pacer: session.pacer,
            board: ReuseBoard(),
            state: RunState(maxErrors: options.maxErrors, maxUnusableResults: options.maxUnusableResults),
            total: toDo.count
        ).routed(ready.pricing, options: options).deciding(from: ready.index)

        await withTaskGroup(of: Bool.self) { outer in
            outer.addTask {
                await dispatch(feed, mode: RunDispatch(runner: self, context: context), window: context.window)
                return true
            }
            outer.addTask {
                await control.wait(until: .immediate)
                return false
            }
            _ = await outer.next()
            outer.cancelAll()
        }

        let stop = await context.state.stop
        let level = await control.level
        var outcome = makeOutcome(stop: stop, interrupted: level > .none, preflight: ready.preflight)
        await closeSession(
            session,
            outcome: &outcome,
            unstarted: toDo,
            note: "not started: the run stopped first",
            balanceBefore: ready.pricing.balance
        )
        return outcome
    }

    func makeOutcome(stop: RunState.Stop?, interrupted: Bool, preflight: RunPreflight) -> RunOutcome {
        switch stop {
        case .authentication(let message)?:
            return RunOutcome(ending: .authenticationFailed, message: message, preflight: preflight)
        case .outOfImages(let message)?:
            return RunOutcome(ending: .outOfImages, message: message, preflight: preflight)
        case .interrupted?:
            return RunOutcome(ending: .interrupted, preflight: preflight)
        case .maxErrors(let count)?:
            return RunOutcome(
                ending: .maxErrorsReached,
                message: "stopped after \(count) failed items (--max-errors)",
                preflight: preflight
            )
        case .budget?:
            return RunOutcome(ending: .budgetReached, message: stop?.reason, preflight: preflight)
        case .bookkeeping(let error)?:
            return RunOutcome(
                ending: .setupFailed,
                message: error.message,
                errorCode: error.code.description,
                preflight: preflight
            )
        case .quotaExhausted(let message)?:
            return RunOutcome(ending: .outOfImages, message: message, preflight: preflight)
        case .unusableResults(let message)?:
            return RunOutcome(ending: .unusableResults, message: message, preflight: preflight)
        case .outputFull(let message)?:
            return RunOutcome(ending: .outputFull, message: "OUT_DIR is full: \(message)", preflight: preflight)
        case nil:
            if interrupted { return RunOutcome(ending: .interrupted, preflight: preflight) }
            return RunOutcome(ending: .completed, preflight: preflight)
        }
    }

    /// Journals (fsync) and records a finished row, and reports it. Shared by `run` and `watch` (where items keep
    /// arriving, so the total grows with them).
    func finish(_ row: ManifestItem, context: SubmissionContext) async {
        do {
            // One call to the journal: the line is written, then synced; workers finishing meanwhile share one
            // fsync (group commit). The item counts as done only once its line is on disk.
            try await context.journal.append(.itemFinished(runID: context.runID, item: row), sync: true)
        } catch {
            if await context.state.request(.bookkeeping(error)) {
                await reporter.handle(.stopping(reason: RunState.Stop.bookkeeping(error).reason))
            }
        }
        await context.store.record(row)
        let (position, newStop) = await context.state.finishedRow(row)
        await reporter.handle(.itemFinished(index: position, total: max(context.total, position), item: row))
        if let newStop { await reporter.handle(.stopping(reason: newStop.reason)) }
    }

    func configHash(plan: Plan) -> String {
        if let given = options.configHash { return given }
        var hasher = SHA256()
        let text =
            [
                "settings=\(options.settingsKey.hash)", "plan=\(plan.name)", "sandbox=\(options.sandbox)",
                "concurrency=\(options.concurrency)", "rpm=\(options.requestsPerMinute.map { "\($0)" } ?? "-")",
                "maxCredits=\(options.maxCredits.map { "\($0)" } ?? "-")",
                "headers=\(options.extraHeaders.map { "\($0.name):\($0.value)" }.joined(separator: ","))",
            ].joined(separator: "\n") + (options.route == .edit ? "" : "\nroute=\(options.route.rawValue)")
        hasher.update(data: Data(text.utf8))
        return hasher.finalize().hexString
    }
}
