import Foundation
import PhotoroomAPI

extension BatchRunner {
    /// Does one item's work: a copy of a paid result when the ledger or another input of this session holds
    /// one for its key, else one paid call (``process(_:contents:pass:context:)``, which takes `pass`'s place at
    /// the gate). The key is that of the bytes about to be sent (``identify(_:reserved:context:)``). `reserved` says
    /// whether the dispatcher reserved the item's cost; a duplicate that has to send after all reserves it here.
    func handle(
        _ item: PreparedItem, reserved: Bool, pass: CallPass, context: SubmissionContext
    ) async -> ManifestItem {
        switch await identify(item, reserved: reserved, context: context) {
        case .finished(let row):
            return row
        case .current(let current, let pinned, let stillReserved):
            return await handle(
                current, contents: pinned.contents, reserved: stillReserved, pass: pass, context: context)
        }
    }

    /// ``handle(_:reserved:pass:context:)`` once the item's bytes are pinned (`contents`, when small).
    private func handle(
        _ item: PreparedItem, contents: [UInt8]?, reserved: Bool, pass: CallPass, context: SubmissionContext
    ) async -> ManifestItem {
        guard let key = item.key else { return await process(item, contents: contents, pass: pass, context: context) }
        if case .reuse(let candidates) = item.action {
            for candidate in candidates {
                if let row = await reuse(item, from: candidate, context: context) {
                    if reserved { await context.ledger.release(context.cost(of: item)) }
                    return row
                }
            }
            if let kept = candidates.first(where: { $0.note == BatchPreparation.keptAsideNote }) {
                // A billed call whose result did not count is never sent again by accident (money rule 2).
                if reserved { await context.ledger.release(context.cost(of: item)) }
                return keptAsideNotDelivered(item, kept: kept, context: context)
            }
            if item.rebuildOnly {
                // Its own paid output was replaced or damaged and no intact copy is left: flagged, not paid again.
                if reserved { await context.ledger.release(context.cost(of: item)) }
                return OutputIntegrity.lostRow(item.row)
            }
        }
        var holdsReservation = reserved
        while true {
            switch await context.board.turn(for: key) {
            case .copy(let source):
                if let row = await reuse(item, from: source, context: context) {
                    if holdsReservation { await context.ledger.release(context.cost(of: item)) }
                    return row
                }
                await context.board.forget(key)
            case .billedUnusable(let leader):
                if holdsReservation { await context.ledger.release(context.cost(of: item)) }
                return twinBilledUnusable(item, leader: leader)
            case .send:
                if !holdsReservation {
                    if await stopAsked(context) {
                        await context.board.finished(key, row: nil)
                        return pendingRow(item, note: "not started: the run stopped first")
                    }
                    guard await context.ledger.reserve(context.cost(of: item)) else {
                        await context.board.finished(key, row: nil)
                        if await context.state.request(.budget) {
                            await reporter.handle(.stopping(reason: RunState.Stop.budget.reason))
                        }
                        return pendingRow(item, note: "not started: the budget or balance is used up")
                    }
                    holdsReservation = true
                }
                let row = await process(item, contents: contents, pass: pass, context: context)
                await context.board.finished(key, row: row)
                return row
            }
        }
    }

    /// The failed row of an item whose result, paid for and kept aside under `--strict`, no longer matches the
    /// SHA-256 recorded when it was kept (damaged, changed or removed on disk): it is not delivered, and not sent
    /// again either (money rule 2).
    func keptAsideNotDelivered(_ item: PreparedItem, kept: ManifestItem, context: SubmissionContext) -> ManifestItem {
        let file = kept.outputPath.map { context.layout.outputURL(forOutput: $0).path } ?? "its kept-aside file"
        var row = item.row
        row.status = .failed
        row.errorCode = "unsupported-attributes"
        row.errorMessage =
            "billed in an earlier run and kept aside under --strict at \(file), but that file no longer matches the "
            + "SHA-256 recorded when it was kept (changed or damaged on disk); it is not delivered and not sent "
            + "again (a paid result is never paid for twice): pass --resend-undelivered to pay for it again"
        return row
    }

    /// The failed row of a duplicate whose twin's call, in this session, was billed without a usable result: it
    /// follows its leader and is not sent (money rule 1: one billed call per content and settings).
    func twinBilledUnusable(_ item: PreparedItem, leader: ManifestItem) -> ManifestItem {
        var row = item.row
        row.status = .failed
        row.errorCode = "twin-billed-unusable"
        row.errorMessage =
            "not sent: its twin \(leader.inputPath) was billed without a usable result "
            + "(\(leader.errorCode ?? "failed")); one content and settings is paid for once "
            + "(--resend-undelivered in a later run pays for it again)"
        return row
    }

    /// A row for an item that was not started.
    func pendingRow(_ item: PreparedItem, note: String) -> ManifestItem {
        var row = item.row
        row.status = .pending
        row.note = note
        return row
    }

    /// Copies the paid result of `source` (its bytes checked against the recorded SHA-256) to the item's output.
    /// Returns `nil` when no intact copy is there (the item is pending again) or the copy failed for a reason
    /// other than the disk.
    func reuse(_ item: PreparedItem, from source: ManifestItem, context: SubmissionContext) async -> ManifestItem? {
        guard let sourceOutput = source.outputPath, let expected = source.outputSHA256,
            let output = item.row.outputPath
        else { return nil }
        var row = item.row
        let from = context.layout.outputURL(forOutput: sourceOutput)
        let destination = context.layout.outputURL(forOutput: output)
        let saver = outputSaver
        let temporaryDirectory = context.temporaryDirectory
        do throws(ResultSaveError) {
            let intact = try await BlockingIO.run { () throws(ResultSaveError) -> Bool in
                if sourceOutput == output {
                    return (try? FileResultSaver.syncAndHash(from)) == expected
                }
                return try saver.copyIfIntact(from, expectedSHA256: expected, to: destination, via: temporaryDirectory)
            }
            guard intact else { return nil }
        } catch {
            if error.isDiskFull, await context.state.request(.outputFull(error.message)) {
                await reporter.handle(.stopping(reason: RunState.Stop.outputFull(error.message).reason))
            }
            row.status = .failed
            row.errorCode = "output-write"
            row.errorMessage = "the paid result of \(source.inputPath) could not be copied: \(error.message)"
            return row
        }
        let origin = source.reusedFrom ?? source.inputPath
        row.status = .reused
        row.reusedFrom = origin
        row.outputSHA256 = expected
        row.responseHeaders = source.responseHeaders
        row.imagesCharged = 0
        row.errorCode = nil
        row.errorMessage = nil
        // A result the API made while ignoring parameters keeps saying so wherever it is copied.
        let ignored = (source.issues ?? []).filter { $0.code == "unsupported-attributes" }
        if !ignored.isEmpty, !row.hasUnsupportedAttributes { row.issues = (row.issues ?? []) + ignored }
        row.note = "same content and settings as \(origin): its paid result was copied"
        if sourceOutput.hasPrefix(SupersededStore.relativeDirectory + "/") { row.note = SupersededStore.reuseNote }
        if source.note == BatchPreparation.keptAsideNote {
            row.note =
                "paid for in an earlier run (\(origin)) and kept aside under --strict, as the API ignored parameters; "
                + "delivered now that --strict is off, not paid again"
        }
        return row
    }

    /// Whether a stop was asked for (signal, 402, 401/403, `--max-errors`, full disk, budget). Read from the
    /// flags ``RunControl`` and ``RunState`` keep, without a hop to either actor: it runs before every call.
    func stopAsked(_ context: SubmissionContext) async -> Bool {
        Task.isCancelled || control.isStopping || context.state.hasStop
    }

    /// Waits for the pacer's turn, or until a stop is asked for, whichever comes first.
    ///
    /// - Returns: false when a stop came first (no call may start).
    func waitForTurnOrStop(_ context: SubmissionContext) async -> Bool {
        let pacer = context.pacer
        // Most turns are free at once (no limit learned): no race to set up, the stop is checked all the same.
        if await pacer.takeTurnIfFree() { return !(await stopAsked(context)) }
        return await waitUnlessStopped(context) { try await pacer.waitForTurn() }
    }

    /// Sleeps `delay` unless a stop is asked for first; returns false on a stop.
    func sleepUnlessStopped(_ delay: Duration, context: SubmissionContext) async -> Bool {
        await waitUnlessStopped(context) { try await Task.sleep(for: delay) }
    }

    /// Races `wait` against a graceful stop; returns false when the stop came first or `wait` threw. The stop is
    /// checked again after the wait, not only before: a stop asked for during the wait holds.
    private func waitUnlessStopped(
        _ context: SubmissionContext,
        _ wait: @escaping @Sendable () async throws -> Void
    ) async -> Bool {
        let control = self.control
        let waited = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await wait()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                await control.wait(until: .graceful)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return waited ? !(await stopAsked(context)) : false
    }
}
