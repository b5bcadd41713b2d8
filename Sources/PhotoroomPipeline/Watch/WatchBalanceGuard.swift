import Foundation
import Logging
import PhotoroomAPI

/// Reserves each watched item's cost against the last known balance, and reads the balance again every
/// few minutes or items.
///
/// The batch runner's ``CreditLedger`` has a fixed limit; the guard keeps one ledger per balance reading.
/// A new ledger's limit is the fresh balance minus what calls in flight have reserved, and what is left of
/// `--max-credits` after everything reserved or spent so far. Calls in flight settle on the ledger they
/// reserved from.
actor WatchBalanceGuard {
    /// Why a reservation was refused.
    enum Refusal: Error, Sendable, Equatable {
        /// `--max-credits` is used up; waiting will not help.
        case budget(String)
        /// The balance cannot pay for the item; a top-up would.
        case balance(String)

        var message: String {
            switch self {
            case .budget(let text), .balance(let text): text
            }
        }
    }

    private let account: (any AccountReading)?
    private let maxCredits: Decimal?
    private let refreshInterval: Duration
    private let refreshItems: Int
    private let logger: Logger
    /// Removes the key from text that is logged (an account error may quote it).
    private let redact: @Sendable (String) -> String
    private var current: CreditLedger
    private var earlier: [CreditLedger] = []
    private var lastBalance: Decimal?
    /// The injected clock the refresh interval is measured on.
    private let stopwatch: Stopwatch
    private var lastRefresh: Duration = .zero
    private var itemsSinceRefresh = 0

    init(
        account: (any AccountReading)?, maxCredits: Decimal?, balance: Decimal?, refreshInterval: Duration,
        refreshItems: Int, logger: Logger, redact: @escaping @Sendable (String) -> String = { $0 },
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.redact = redact
        self.stopwatch = Stopwatch(clock)
        self.account = account
        self.maxCredits = maxCredits
        self.refreshInterval = refreshInterval
        self.refreshItems = max(1, refreshItems)
        self.logger = logger
        self.lastBalance = balance
        self.current = CreditLedger(maxCredits: maxCredits, balance: balance)
    }

    /// The balance as last read.
    var balance: Decimal? { lastBalance }

    /// Reserves `cost` on the current ledger, reading the balance first when a refresh is due.
    ///
    /// - Returns: The ledger holding the reservation (settle the call on it), or why nothing was reserved.
    func reserve(_ cost: Decimal) async -> Result<CreditLedger, Refusal> {
        if itemsSinceRefresh >= refreshItems || stopwatch.elapsed - lastRefresh >= refreshInterval {
            await refresh()
        }
        if await current.reserve(cost) {
            itemsSinceRefresh += 1
            return .success(current)
        }
        // Refused on a reading that may be stale: read once more before saying no.
        await refresh()
        if await current.reserve(cost) {
            itemsSinceRefresh += 1
            return .success(current)
        }
        let budgetLeft = await self.budgetLeft()
        if let budgetLeft, budgetLeft < cost {
            return .failure(
                .budget(
                    "--max-credits \(Shortfall.format(maxCredits ?? 0)) is used up (\(Shortfall.format(max(0, budgetLeft))) left, the next item needs \(Shortfall.format(cost)))"
                ))
        }
        let available = lastBalance.map(Shortfall.format) ?? "unknown"
        return .failure(
            .balance(
                "the balance (\(available) images) cannot pay for the next item (\(Shortfall.format(cost)) images)"))
    }

    /// Reads `/v2/account` (when there is an account to read) and starts a new ledger from it.
    func refresh() async {
        lastRefresh = stopwatch.elapsed
        itemsSinceRefresh = 0
        guard let account else { return }
        let details: AccountDetails
        do throws(PhotoroomAPIError) {
            details = try await account.account()
        } catch {
            logger.info(
                "cannot read the balance; keeping the last one", metadata: ["watch.error": "\(redact(error.message))"])
            return
        }
        lastBalance = details.available
        var inFlight: Decimal = 0
        var used: Decimal = 0
        for ledger in earlier + [current] {
            inFlight += await ledger.reserved
            used += await ledger.reserved + ledger.spent + ledger.possiblySpent
        }
        earlier.append(current)
        let budget = maxCredits.map { $0 - used }
        current = CreditLedger(maxCredits: budget, balance: details.available - inFlight)
        logger.debug("balance read", metadata: ["watch.balance": "\(details.available)"])
    }

    /// What is left of `--max-credits`, or `nil` without a budget.
    private func budgetLeft() async -> Decimal? {
        guard let maxCredits else { return nil }
        var used: Decimal = 0
        for ledger in earlier + [current] {
            used += await ledger.reserved + ledger.spent + ledger.possiblySpent
        }
        return maxCredits - used
    }
}
