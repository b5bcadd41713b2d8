import Foundation
import PhotoroomAPI

/// What one `run` or `watch` owns in OUT_DIR while it works: the lock, the journal, the manifest store, the run
/// ID and its own temporary folder. Both commands open and close it the same way.
struct RunSession: Sendable {
    let runID: String
    let files: ManifestFiles
    let journal: Journal
    let store: ManifestStore
    let lock: OutputDirectoryLock
    /// This process's temporary folder (removed at the end; other processes' folders are left alone).
    let temporaryDirectory: URL
    /// The report kept up to date as items finish (nil with `--no-report`).
    let report: RunReport?
    /// The pacer all workers share, started from the limit the previous run learned (`pacing.json`).
    let pacer: any CallPacing
}

extension BatchRunner {
    /// The ``RunOptions/endpoint`` the CLI gives a run against its in-process emulator.
    public static let inProcessEmulatorEndpoint = "emulator"

    /// Opens the session after preflight: the temporary folder, the journal (`run-started`), the manifest store
    /// holding the rows that need no work (blocked rows are journaled too), and a first manifest.
    func openSession(_ ready: PreflightReady) async throws(RunError) -> RunSession {
        guard let lock = ready.lock else {
            throw RunError(code: .io, message: "internal: the OUT_DIR lock is not held")
        }
        let runID = UUID().uuidString.lowercased()
        let files = ready.files
        let temporary = files.temporaryDirectory(runID: runID)
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw RunError(code: .io, message: "cannot create \(temporary.path): \(error.localizedDescription)")
        }
        let journal = try Journal(url: files.journal)
        let header = RunManifest.Header(
            toolVersion: options.toolVersion,
            runID: runID,
            plan: ready.pricing.plan.name,
            sandbox: options.sandbox,
            configHash: configHash(plan: ready.pricing.plan),
            settingsHash: options.settingsKey.hash,
            startedAt: Date(),
            dryRun: false,
            force: options.force,
            inputDirectory: options.inputDirectory.standardizedFileURL.path,
            endpoint: options.endpoint,
            emulator: options.endpoint == Self.inProcessEmulatorEndpoint
        )
        try await journal.append(
            JournalEntry(
                kind: .runStarted,
                runID: runID,
                settingsHash: header.settingsHash,
                toolVersion: header.toolVersion,
                configHash: header.configHash,
                plan: ready.pricing.plan.name
            )
        )
        let report =
            options.report
            ? RunReport(
                outputDirectory: files.outputDirectory, inputDirectory: options.inputDirectory, layout: ready.layout,
                fileName: ShardFileNames.report(ShardFileNames.shard(ofManifestNamed: files.manifest.lastPathComponent))
            )
            : nil
        let store = ManifestStore(
            header: header,
            url: files.manifest,
            refreshItems: options.manifestRefreshItems,
            refreshInterval: options.manifestRefreshInterval,
            chargedBefore: ready.index.imagesChargedAllRuns,
            balanceBefore: ready.pricing.balance,
            costPerEdit: ready.pricing.costPerEdit,
            report: report
        )
        await store.setCostPerSegment(ready.pricing.costPerSegment)
        for item in ready.prepared where !item.needsWork {
            if item.row.status == .failed {
                // Blocked by its output: journal it so the record of this run is complete.
                _ = try? await journal.append(.itemFinished(runID: runID, item: item.row), sync: false)
            }
            await store.record(item.row)
        }
        try await store.write()
        return RunSession(
            runID: runID,
            files: files,
            journal: journal,
            store: store,
            lock: lock,
            temporaryDirectory: temporary,
            report: report,
            pacer: await openPacing(files: files)
        )
    }

    /// Closes the session: rows for items never started (`pending`), the balance read again (a change that
    /// disagrees with the charges is recorded), the final manifest, `run-finished`, the temporary folder
    /// removed, the lock released. Fills the outcome's totals, failures and manifest path.
    func closeSession(
        _ session: RunSession,
        outcome: inout RunOutcome,
        unstarted: [PreparedItem],
        note: String,
        balanceBefore: Decimal?
    ) async {
        let store = session.store
        // No call is in flight any more: the balance is read again while the rest is put away.
        let account = self.account
        async let balanceAfter: AccountDetails? = try? await account?.account()
        await store.recordUnlessPresent(unstarted.map { pendingRow($0, note: note) })
        try? FileManager.default.removeItem(at: session.temporaryDirectory)
        await store.setPacing(await session.pacer.snapshot())
        if let warning = await savePacing(session.pacer, files: session.files) {
            outcome.message = [outcome.message, warning].compactMap { $0 }.joined(separator: "; ")
        }
        if let report = session.report {
            // The thumbnails still queued are made while the balance is read (dropped on an immediate stop).
            if await control.level >= .immediate { report.cancel() }
            await report.thumbnailsMade()
        }
        if account != nil {
            let after = await balanceAfter
            await store.setBalanceAfter(after?.available)
            let charged = await store.manifest().totals.imagesCharged
            if let before = balanceBefore, let after = after?.available, !options.sandbox,
                before - after != charged
            {
                let moved = before - after
                await store.setBalanceMismatch(moved - charged)
                let text =
                    "the balance moved by \(moved) images while this run's manifest accounts for \(charged) "
                    + "(another process spending on the same account, or calls billed without a result)"
                outcome.message = [outcome.message, text].compactMap { $0 }.joined(separator: "; ")
            }
        }
        await store.finish(exitCode: outcome.exitCode, outcome: outcome.ending.rawValue)
        let manifest = await store.manifest()
        outcome.totals = manifest.totals
        outcome.failures = failures(in: manifest.items)
        outcome.warnings = manifest.items.filter { $0.status != .failed && $0.hasUnsupportedAttributes }
        // The exit code may depend on the totals: record the final one.
        await store.finish(exitCode: outcome.exitCode, outcome: outcome.ending.rawValue)
        outcome.manifestPath = session.files.manifest.path
        // The page and the manifest are written at the same time (the page needs only the final rows).
        let finalManifest = await store.manifest()
        async let pageWritten: Void? = session.report?.finish(finalManifest)
        do throws(RunError) {
            try await store.write(refreshingReport: false)
        } catch {
            outcome.message = [outcome.message, "the manifest could not be written: \(error.message)"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        _ = await pageWritten
        _ = try? await session.journal.append(
            JournalEntry(
                kind: .runFinished,
                runID: session.runID,
                exitCode: outcome.exitCode,
                outcome: outcome.ending.rawValue
            )
        )
        await session.journal.close()
        session.lock.release()
    }
}
