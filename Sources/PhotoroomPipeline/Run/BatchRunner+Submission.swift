import Crypto
import Foundation
import PhotoroomAPI
import PhotoroomPricing

/// What the workers of one run share.
struct SubmissionContext: Sendable {
    let runID: String
    let cost: Decimal
    let layout: OutputLayout
    let files: ManifestFiles
    let journal: Journal
    let store: ManifestStore
    let ledger: CreditLedger
    let pacer: any CallPacing
    let state: RunState
    let total: Int
}

extension BatchRunner {
    /// Sends the items to do, a sliding window of `concurrency` workers, then finishes the manifest.
    func submit(
        _ prepared: [PreparedItem],
        preflight: RunPreflight,
        pricing: Pricing,
        layout: OutputLayout,
        files: ManifestFiles,
        index: ResumeIndex
    ) async throws(RunError) -> RunOutcome {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: files.temporaryDirectory, withIntermediateDirectories: true)
        } catch {
            throw RunError(
                code: .io,
                message: "cannot create \(files.temporaryDirectory.path): \(error.localizedDescription)"
            )
        }
        let journal = try Journal(url: files.journal)
        let runID = UUID().uuidString.lowercased()
        let header = RunManifest.Header(
            toolVersion: options.toolVersion,
            runID: runID,
            plan: pricing.plan.name,
            sandbox: options.sandbox,
            configHash: configHash(plan: pricing.plan),
            settingsHash: options.edit.hash,
            startedAt: Date(),
            dryRun: false,
            force: options.force
        )
        try await journal.append(
            JournalEntry(
                kind: .runStarted,
                runID: runID,
                settingsHash: header.settingsHash,
                toolVersion: header.toolVersion,
                configHash: header.configHash,
                plan: pricing.plan.name
            )
        )
        let store = ManifestStore(
            header: header,
            url: files.manifest,
            refreshItems: options.manifestRefreshItems,
            refreshInterval: options.manifestRefreshInterval,
            chargedBefore: index.imagesChargedAllRuns,
            balanceBefore: pricing.balance
        )
        let toDo = prepared.filter { $0.action != .none }
        for item in prepared where item.action == .none {
            if item.row.status == .failed {
                // Blocked by its output: journal it so the record of this run is complete.
                try? await journal.append(.itemFinished(runID: runID, item: item.row), sync: false)
            }
            await store.record(item.row)
        }
        try await store.write()

        let context = SubmissionContext(
            runID: runID,
            cost: pricing.costPerEdit,
            layout: layout,
            files: files,
            journal: journal,
            store: store,
            ledger: CreditLedger(maxCredits: options.maxCredits, balance: pricing.balance),
            pacer: AdaptivePacer(settings: .init(requestsPerMinute: options.requestsPerMinute)),
            state: RunState(maxErrors: options.maxErrors),
            total: toDo.count
        )

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

        await closeOut(toDo, store: store, files: files, note: "not started: the run stopped first")

        let stop = await context.state.stop
        let level = await control.level
        var outcome = makeOutcome(stop: stop, interrupted: level > .none, preflight: preflight)
        let counted = await store.manifest()
        outcome.totals = counted.totals
        outcome.failures = failures(in: counted.items)
        await store.finish(exitCode: outcome.exitCode, outcome: outcome.ending.rawValue)
        outcome.manifestPath = files.manifest.path
        do throws(RunError) {
            try await store.write()
        } catch {
            outcome.message = [outcome.message, "the manifest could not be written: \(error.message)"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        try? await journal.append(
            JournalEntry(kind: .runFinished, runID: runID, exitCode: outcome.exitCode, outcome: outcome.ending.rawValue)
        )
        await journal.close()
        return outcome
    }

    private func makeOutcome(stop: RunState.Stop?, interrupted: Bool, preflight: RunPreflight) -> RunOutcome {
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
                if running >= options.concurrency {
                    await group.next()
                    running -= 1
                }
                if await shouldStopStarting(context) { break }
                guard await context.ledger.reserve(context.cost) else {
                    if await context.state.request(.budget) {
                        await reporter.handle(.stopping(reason: RunState.Stop.budget.reason))
                    }
                    break
                }
                group.addTask {
                    let row = await process(item, context: context)
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

    /// After the last call: rows for items never started (`pending`), the temporary folder removed, and the
    /// balance read again when a key is set. Shared by `run` and `watch`.
    func closeOut(_ toDo: [PreparedItem], store: ManifestStore, files: ManifestFiles, note: String) async {
        for item in toDo where !(await store.hasRow(item.input.relativePath)) {
            var row = item.row
            row.status = .pending
            row.note = note
            await store.record(row)
        }
        try? FileManager.default.removeItem(at: files.temporaryDirectory)
        if let account {
            let after: AccountDetails?
            do { after = try await account.account() } catch { after = nil }
            await store.setBalanceAfter(after?.available)
        }
    }

    /// Journals (fsync) and records a finished row, and reports it. Shared by `run` and `watch` (where items keep
    /// arriving, so the total grows with them).
    func finish(_ row: ManifestItem, context: SubmissionContext) async {
        do {
            try await context.journal.append(.itemFinished(runID: context.runID, item: row))
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
            "settings=\(options.edit.hash)", "plan=\(plan.name)", "sandbox=\(options.sandbox)",
            "concurrency=\(options.concurrency)", "rpm=\(options.requestsPerMinute.map { "\($0)" } ?? "-")",
            "maxCredits=\(options.maxCredits.map { "\($0)" } ?? "-")",
            "headers=\(options.extraHeaders.map { "\($0.name):\($0.value)" }.joined(separator: ","))",
        ].joined(separator: "\n")
        hasher.update(data: Data(text.utf8))
        return hasher.finalize().hexString
    }
}
