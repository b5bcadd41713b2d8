import Foundation
import Logging

extension BatchRunner {
    /// Whether the dispatcher stops starting work: a stop was asked for, the session stopped, or the runner's
    /// state holds a stop reason. A 402 (out of images) under the `pause` policy pauses instead: the
    /// balance is read again until it covers an item, and the runner state starts afresh.
    func shouldStopWatching(
        session: WatchSession, watch: WatchOptions, balanceGuard: WatchBalanceGuard, logger: Logger
    ) async -> Bool {
        if Task.isCancelled { return true }
        if await control.level > .none { return true }
        if await session.stop != nil { return true }
        switch await session.state.stop {
        case nil:
            return false
        case .outOfImages(let message)? where watch.onLowBalance == .pause:
            logger.info(
                "paused: the API reports the images ran out; still watching, checking the balance every \(watch.balanceRetryInterval)",
                metadata: ["watch.reason": "\(message)"])
            await reporter.handle(.stopping(reason: "paused: out of images (402); waiting for a top-up"))
            guard await waitBeforeBalanceRetry(watch) else { return true }
            await balanceGuard.refresh()
            await session.resetState()
            return false
        default:
            return true
        }
    }

    /// Reserves an item's cost, pausing (`pause`) or stopping (`stop`) when the balance cannot pay for it.
    ///
    /// - Returns: the ledger holding the reservation, or `nil` when the watch stops instead.
    func reserveWatched(
        _ cost: Decimal, balanceGuard: WatchBalanceGuard, session: WatchSession, watch: WatchOptions, logger: Logger
    ) async -> CreditLedger? {
        var announced = false
        while true {
            switch await balanceGuard.reserve(cost) {
            case .success(let ledger):
                if announced { logger.info("resumed: the balance covers the next item") }
                return ledger
            case .failure(.budget(let message)):
                await session.request(.budget(message))
                await reporter.handle(.stopping(reason: message))
                return nil
            case .failure(.balance(let message)):
                switch watch.onLowBalance {
                case .stop:
                    await session.request(.lowBalance(message))
                    await reporter.handle(.stopping(reason: message))
                    return nil
                case .pause:
                    if !announced {
                        logger.info(
                            "paused: \(message); still watching, checking the balance every \(watch.balanceRetryInterval)")
                        await reporter.handle(.stopping(reason: "paused: \(message); waiting for a top-up"))
                        announced = true
                    }
                    guard await waitBeforeBalanceRetry(watch) else { return nil }
                }
            }
        }
    }

    /// Sleeps for the balance retry interval; returns false when a stop was asked for meanwhile.
    func waitBeforeBalanceRetry(_ watch: WatchOptions) async -> Bool {
        let control = self.control
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do { try await Task.sleep(for: watch.balanceRetryInterval) } catch { return false }
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
