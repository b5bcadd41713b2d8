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
    /// With segment items, the dispatch window is wider than `--concurrency` and this keeps the calls at it.
    var callGate: CallGate?
    /// Items a dispatcher keeps in work at once.
    var window: Int = 1

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
        copy.window = options.concurrency
        if options.route != .edit, copy.finishing != nil {
            // Local finishing runs after the call: twice the items in work, the same calls in flight.
            copy.window = options.concurrency * 2
            copy.callGate = CallGate(limit: options.concurrency)
        }
        return copy
    }

    init(session: RunSession, cost: Decimal, layout: OutputLayout, ledger: CreditLedger, pacer: any CallPacing,
        board: ReuseBoard, state: RunState, total: Int)
    {
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
    /// Sends the items to do, a sliding window of `concurrency` workers, then finishes the manifest.
    func submit(_ ready: PreflightReady) async throws(RunError) -> RunOutcome {
        let session = try await openSession(ready)
        let toDo = ready.prepared.filter(\.needsWork)
        let context = SubmissionContext(
            session: session,
            cost: ready.pricing.costPerEdit,
            layout: ready.layout,
            ledger: CreditLedger(maxCredits: options.maxCredits, balance: ready.pricing.balance),
            pacer: session.pacer,
            board: ReuseBoard(),
            state: RunState(maxErrors: options.maxErrors),
            total: toDo.count
        ).routed(ready.pricing, options: options)

        await withTaskGroup(of: Bool.self) { outer in
            outer.addTask {
                await dispatchAll(toDo, context: context)
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
        case .outputFull(let message)?:
            return RunOutcome(ending: .outputFull, message: "OUT_DIR is full: \(message)", preflight: preflight)
        case nil:
            if interrupted { return RunOutcome(ending: .interrupted, preflight: preflight) }
            return RunOutcome(ending: .completed, preflight: preflight)
        }
    }

    /// The sliding window: fill to `concurrency`, then wait for one to finish before adding the next.
    private func dispatchAll(_ items: [PreparedItem], context: SubmissionContext) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for item in items {
                if running >= max(options.concurrency, context.window) {
                    await group.next()
                    running -= 1
                }
                if await shouldStopStarting(context) { break }
                // A duplicate waits for its leader's result and reserves only if it has to send after all.
                let reserves: Bool
                if case .send = item.action, item.duplicateOf == nil { reserves = true } else { reserves = false }
                let refused = reserves ? !(await context.ledger.reserve(context.cost(of: item))) : false
                guard !refused else {
                    if await context.state.request(.budget) {
                        await reporter.handle(.stopping(reason: RunState.Stop.budget.reason))
                    }
                    break
                }
                group.addTask {
                    let row = await handle(item, reserved: reserves, context: context)
                    await finish(row, context: context)
                }
                running += 1
            }
            await group.waitForAll()
        }
    }

    private func shouldStopStarting(_ context: SubmissionContext) async -> Bool {
        if Task.isCancelled { return true }
        if await control.level > .none {
            if await context.state.request(.interrupted) {
                await reporter.handle(.stopping(reason: RunState.Stop.interrupted.reason))
            }
            return true
        }
        return await context.state.stop != nil
    }

    /// Journals (fsync) and records a finished row, and reports it. Shared by `run` and `watch` (where items keep
    /// arriving, so the total grows with them).
    func finish(_ row: ManifestItem, context: SubmissionContext) async {
        do {
            // Written now, synced in a second step: the workers finishing meanwhile share one fsync (group commit).
            // The item counts as done only once its line is on disk.
            let sequence = try await context.journal.append(.itemFinished(runID: context.runID, item: row), sync: false)
            try await context.journal.sync(upTo: sequence)
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
        let text = [
            "settings=\(options.settingsKey.hash)", "plan=\(plan.name)", "sandbox=\(options.sandbox)",
            "concurrency=\(options.concurrency)", "rpm=\(options.requestsPerMinute.map { "\($0)" } ?? "-")",
            "maxCredits=\(options.maxCredits.map { "\($0)" } ?? "-")",
            "headers=\(options.extraHeaders.map { "\($0.name):\($0.value)" }.joined(separator: ","))",
        ].joined(separator: "\n") + (options.route == .edit ? "" : "\nroute=\(options.route.rawValue)")
        hasher.update(data: Data(text.utf8))
        return hasher.finalize().hexString
    }
}
