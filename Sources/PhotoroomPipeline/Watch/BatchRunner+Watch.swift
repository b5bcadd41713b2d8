import DirectoryWatching
import Foundation
import Logging
import PhotoroomAPI

/// A unit of work for the watch dispatcher.
enum WatchWork: Sendable {
    /// An item of the initial scan, already prepared.
    case initial(PreparedItem)
    /// A file that finished landing.
    case ready(ReadyFile)
}

extension BatchRunner {
    /// Watch mode: processes what INPUT_DIR already holds exactly as ``run()`` does (same preflight, manifest,
    /// journal and resume), then each file that lands, through the same workers, pacer, retries and manifest,
    /// until ``RunControl`` asks for a stop, the balance policy stops it, or the run's own state does.
    ///
    /// The watcher must have been started on INPUT_DIR before this is called: preflight scans INPUT_DIR
    /// (``RunOptions/selection``) after it, so nothing landing during the initial scan is missed.
    func runWatch(_ watch: WatchOptions, watcher: DirectoryWatcher, logger: Logger) async -> RunOutcome {
        let started = ContinuousClock.now
        var outcome: RunOutcome
        do {
            outcome = try await watchPhases(watch, watcher: watcher, logger: logger)
        } catch {
            outcome = RunOutcome(
                ending: .setupFailed, message: options.redact(error.message), errorCode: error.code.description)
        }
        outcome.seconds = (ContinuousClock.now - started).seconds
        await reporter.handle(.finished(outcome))
        return outcome
    }

    private func watchPhases(_ watch: WatchOptions, watcher: DirectoryWatcher, logger: Logger) async throws(RunError)
        -> RunOutcome
    {
        let watchedRoot = watcher.root
        let ready: PreflightReady
        switch try await preflightPhase(
            command: "watch",
            stopOnShortfall: watch.onLowBalance == .stop,
            extraCheck: { _ throws(RunError) in
                if isPath(absolutePath(options.outputDirectory.path), inside: watchedRoot) {
                    throw RunError(
                        code: .outputInsideInput,
                        message: "the output folder \(options.outputDirectory.path) is inside the watched folder "
                            + "\(watchedRoot); results would be taken as new inputs")
                }
            }
        ) {
        case .ended(let outcome): return outcome
        case .ready(let value): ready = value
        }
        return try await watchSubmit(ready, watch: watch, watcher: watcher, logger: logger)
    }

    private enum WatchTask: Sendable {
        case dispatcher
        case immediateStop
        case other
    }

    private func watchSubmit(
        _ ready: PreflightReady, watch: WatchOptions, watcher: DirectoryWatcher, logger: Logger
    ) async throws(RunError) -> RunOutcome {
        let (prepared, preflight, pricing) = (ready.prepared, ready.preflight, ready.pricing)
        let runSession = try await openSession(ready)
        let session = WatchSession(
            index: ready.index, maxErrors: options.maxErrors, maxUnusableResults: options.maxUnusableResults,
            claims: ready.claims)
        let toDo = prepared.filter(\.needsWork)
        for item in prepared where !item.needsWork {
            if let sha = item.row.sha256 {
                _ = await session.claim(path: item.input.relativePath, sha256: sha, file: nil)
                _ = await session.release(path: item.input.relativePath, sha256: sha)
            }
        }
        for item in toDo {
            _ = await session.claim(path: item.input.relativePath, sha256: item.row.sha256 ?? "", file: nil)
        }

        let balanceGuard = WatchBalanceGuard(
            account: account, maxCredits: options.maxCredits, balance: pricing.balance,
            refreshInterval: watch.balanceRefreshInterval, refreshItems: watch.balanceRefreshItems, logger: logger,
            redact: options.redact, clock: watch.clock)
        let base = SubmissionContext(
            session: runSession, cost: pricing.costPerEdit, layout: ready.layout,
            ledger: CreditLedger(maxCredits: options.maxCredits, balance: pricing.balance),
            pacer: runSession.pacer, board: ReuseBoard(), state: await session.state, total: toDo.count
        ).routed(pricing, options: options).deciding { await session.index }
        let (queue, queueInput) = AsyncStream.makeStream(of: WatchWork.self)
        for item in toDo { queueInput.yield(.initial(item)) }

        // The watcher started before preflight scanned INPUT_DIR: a file that landed during the scan is reported
        // by it, and one both saw is claimed once (path and content).
        let filter = SettleFilter(configuration: .init(settle: watch.settle), logger: logger)
        logger.info(
            "watching for new files",
            metadata: ["watch.root": "\(watcher.root)", "watch.backend": "\(watcher.backend)"]
                .merging(watcher.fallbackReason.map { ["watch.fallback": "\($0)"] } ?? [:]) { first, _ in first })
        let control = self.control
        await withTaskGroup(of: WatchTask.self) { group in
            group.addTask {
                try? await filter.run(events: watcher) { file in queueInput.yield(.ready(file)) }
                return .other
            }
            group.addTask {
                await control.wait(until: .graceful)
                queueInput.finish()
                return .other
            }
            group.addTask {
                await control.wait(until: .immediate)
                return .immediateStop
            }
            group.addTask {
                await keepPacing(runSession, every: watch.pacingSaveInterval, clock: watch.clock, logger: logger)
                return .other
            }
            group.addTask {
                let mode = WatchDispatch(
                    runner: self, base: base, session: session, balanceGuard: balanceGuard, watch: watch,
                    logger: logger, requeue: queueInput)
                await dispatch(queue, mode: mode, window: base.window)
                return .dispatcher
            }
            while let finished = await group.next() {
                if finished == .dispatcher || finished == .immediateStop { break }
            }
            queueInput.finish()
            group.cancelAll()
        }

        var outcome = await watchOutcome(session: session, preflight: preflight)
        await closeSession(
            runSession, outcome: &outcome, unstarted: toDo, note: "not started: the watch stopped first",
            balanceBefore: pricing.balance)
        return outcome
    }

    /// Saves the learned rate limit every `interval` until cancelled (a watch may run for days; a failed save is a
    /// warning).
    private func keepPacing(
        _ session: RunSession, every interval: Duration, clock: any Clock<Duration>, logger: Logger
    ) async {
        while (try? await clock.sleep(for: interval)) != nil {
            if let warning = await savePacing(session.pacer, files: session.files) {
                logger.warning("\(warning)")
            }
        }
    }

    /// How the watch ended. A stop by signal is a normal end for watch mode: the exit code is 0, or 1 when
    /// items failed.
    private func watchOutcome(session: WatchSession, preflight: RunPreflight) async -> RunOutcome {
        switch await session.stop {
        case .lowBalance(let message)?:
            return RunOutcome(ending: .insufficientImages, message: message, preflight: preflight)
        case .budget(let message)?:
            return RunOutcome(ending: .budgetReached, message: message, preflight: preflight)
        case nil:
            break
        }
        // A stop by signal is a normal end here; every other stop ends the watch as it ends a run.
        let stop = await session.state.stop
        switch stop {
        case .interrupted?, nil:
            return RunOutcome(ending: .completed, message: "the watch stopped", preflight: preflight)
        default:
            return makeOutcome(stop: stop, interrupted: false, preflight: preflight)
        }
    }

    /// Validates and hashes a ready file and decides about it from the journal, as preflight does.
    ///
    /// - Returns: the item to send, or `nil` when there is nothing to send (its row, if any, is recorded).
    func prepareReady(
        _ file: ReadyFile, base: SubmissionContext, session: WatchSession, watch: WatchOptions,
        requeue: AsyncStream<WatchWork>.Continuation
    ) async -> PreparedItem? {
        let root = absolutePath(options.inputDirectory.path)
        guard isPath(file.path, inside: root), file.path != root else { return nil }
        let relative = String(file.path.dropFirst(root.count + 1))
        guard watch.accepts(relativePath: relative, sha256: file.digest.hex) else { return nil }
        switch await session.claim(path: relative, sha256: file.digest.hex, file: file) {
        case .duplicate, .deferred: return nil
        case .claimed: break
        }
        let input = RunInput(url: URL(fileURLWithPath: file.path), relativePath: relative)
        guard
            let item = await preparation.prepare(
                [input], layout: base.layout, index: await session.index, claims: session.claims
            ).first
        else {
            _ = await session.release(path: relative, sha256: file.digest.hex)
            return nil
        }
        if item.needsWork { return item }
        if item.row.status == .failed {
            _ = try? await base.journal.append(.itemFinished(runID: base.runID, item: item.row), sync: false)
        }
        await base.store.record(item.row)
        if item.row.status != .skipped {
            await reporter.handle(.itemFinished(index: await session.started, total: base.total, item: item.row))
        }
        if let waiting = await session.release(path: relative, sha256: item.row.sha256 ?? file.digest.hex) {
            requeue.yield(.ready(waiting))
        }
        return nil
    }
}
