import Foundation
import Logging
import PhotoroomAPI

/// `watch` on the one dispatcher: the initial scan's items, then each file that lands (validated, hashed and
/// claimed here), reserved through the ``WatchBalanceGuard`` (pausing or stopping when the balance cannot pay), with
/// a 402 under the `pause` policy sending the item again after a top-up.
struct WatchDispatch: DispatchMode {
    let runner: BatchRunner
    let base: SubmissionContext
    let session: WatchSession
    let balanceGuard: WatchBalanceGuard
    let watch: WatchOptions
    let logger: Logger
    /// Puts work back on the dispatcher's stream (an item paused by a 402, a file set aside for its path).
    let requeue: AsyncStream<WatchWork>.Continuation

    /// Whether the session stopped, or the runner's state holds a stop reason. A 402 (out of images) under the
    /// `pause` policy pauses instead: the balance is read again until it covers an item, and the runner state
    /// starts afresh.
    func stopsStarting() async -> Bool {
        if await session.stop != nil { return true }
        switch await session.state.stop {
        case nil:
            return false
        case .outOfImages(let message)? where watch.onLowBalance == .pause:
            let every = watch.balanceRetryInterval
            logger.info(
                "paused: the API reports the images ran out; still watching, checking the balance every \(every)",
                metadata: ["watch.reason": "\(message)"])
            await runner.reporter.handle(.stopping(reason: "paused: out of images (402); waiting for a top-up"))
            guard await runner.waitBeforeBalanceRetry(watch) else { return true }
            await balanceGuard.refresh()
            await session.resetState()
            return false
        default:
            return true
        }
    }

    func noteInterrupted() async {}

    func item(for work: WatchWork) async -> PreparedItem? {
        switch work {
        case .initial(let item):
            return item
        case .ready(let file):
            return await runner.prepareReady(file, base: base, session: session, watch: watch, requeue: requeue)
        }
    }

    func context(for item: PreparedItem, reserving: Bool) async -> SubmissionContext? {
        var ledger = base.ledger
        if reserving {
            guard let reserved = await reserve(base.cost(of: item)) else {
                await base.store.record(runner.pendingRow(item, note: "not started: the watch stopped first"))
                _ = await session.release(path: item.input.relativePath, sha256: item.row.sha256 ?? "")
                return nil
            }
            ledger = reserved
        }
        let position = await session.countStart()
        return base.with(ledger: ledger, state: await session.state, total: max(base.total, position))
    }

    func settle(_ row: ManifestItem, of item: PreparedItem, context: SubmissionContext) async {
        if watch.onLowBalance == .pause, row.errorCode == PhotoroomAPIError.Code.paymentRequired.description {
            // Out of images while pausing: the item is pending again and goes out after a top-up.
            var row = row
            row.status = .pending
            row.note = "out of images (402): sent again after a top-up"
            await context.store.record(row)
            var again = item
            again.duplicateOf = nil
            again.action = .send(possiblyBilled: false)
            requeue.yield(.initial(again))
            return
        }
        if watch.onLowBalance == .pause, row.status == .pending, case .outOfImages? = await context.state.stop {
            // Waiting in the window when another item's 402 paused the watch: not sent, so it goes out after the
            // top-up too (keeping what it knew about an earlier, possibly billed call).
            var row = row
            row.note = "not started: out of images (402); sent after a top-up"
            await context.store.record(row)
            var again = item
            again.duplicateOf = nil
            if case .send = item.action {} else { again.action = .send(possiblyBilled: false) }
            requeue.yield(.initial(again))
            return
        }
        await runner.finish(row, context: context)
        if let waiting = await session.finished(row, runID: context.runID) {
            requeue.yield(.ready(waiting))
        }
    }

    /// Reserves an item's cost, pausing (`pause`) or stopping (`stop`) when the balance cannot pay for it.
    ///
    /// - Returns: the ledger holding the reservation, or `nil` when the watch stops instead.
    private func reserve(_ cost: Decimal) async -> CreditLedger? {
        var announced = false
        while true {
            switch await balanceGuard.reserve(cost) {
            case .success(let ledger):
                if announced { logger.info("resumed: the balance covers the next item") }
                return ledger
            case .failure(.budget(let message)):
                await session.request(.budget(message))
                await runner.reporter.handle(.stopping(reason: message))
                return nil
            case .failure(.balance(let message)):
                switch watch.onLowBalance {
                case .stop:
                    await session.request(.lowBalance(message))
                    await runner.reporter.handle(.stopping(reason: message))
                    return nil
                case .pause:
                    if !announced {
                        let every = watch.balanceRetryInterval
                        logger.info("paused: \(message); still watching, checking the balance every \(every)")
                        await runner.reporter.handle(.stopping(reason: "paused: \(message); waiting for a top-up"))
                        announced = true
                    }
                    guard await runner.waitBeforeBalanceRetry(watch) else { return nil }
                }
            }
        }
    }
}

extension BatchRunner {
    /// Sleeps for the balance retry interval; returns false when a stop was asked for meanwhile.
    func waitBeforeBalanceRetry(_ watch: WatchOptions) async -> Bool {
        let control = self.control
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do { try await watch.clock.sleep(for: watch.balanceRetryInterval) } catch { return false }
                return true
            }
            group.addTask {
                await control.wait(until: .graceful)
                return false
            }
            let slept = await group.next() ?? false
            group.cancelAll()
            let level = await control.level
            return slept && level == .none && !Task.isCancelled
        }
    }
}
