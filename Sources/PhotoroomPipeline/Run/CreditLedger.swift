import Foundation

/// The images a run may spend, with a reservation taken before each call and settled after it.
///
/// The limit is the smaller of `--max-credits` and the balance read before the run. An item whose reservation
/// would cross it is never started. A call that may have been billed without a result counts as spent.
public actor CreditLedger {
    /// The most the run may spend, or `nil` for no limit (no budget and no known balance).
    public nonisolated let limit: Decimal?
    /// Images reserved for calls in flight.
    public private(set) var reserved: Decimal = 0
    /// Images spent by successful calls.
    public private(set) var spent: Decimal = 0
    /// Images possibly spent by calls of unknown outcome.
    public private(set) var possiblySpent: Decimal = 0

    /// Creates a ledger bounded by `maxCredits` and `balance` (either may be absent).
    public init(maxCredits: Decimal?, balance: Decimal?) {
        switch (maxCredits, balance) {
        case (let budget?, let balance?): limit = min(budget, balance)
        case (let budget?, nil): limit = budget
        case (nil, let balance?): limit = balance
        case (nil, nil): limit = nil
        }
    }

    /// What is still free to reserve, or `nil` without a limit.
    public var remaining: Decimal? {
        limit.map { $0 - reserved - spent - possiblySpent }
    }

    /// Reserves `cost` for a call; returns false (and reserves nothing) when that would cross the limit.
    public func reserve(_ cost: Decimal) -> Bool {
        if let remaining, cost > remaining { return false }
        reserved += cost
        return true
    }

    /// The call succeeded: the reservation becomes spending.
    public func commit(_ cost: Decimal) {
        reserved -= cost
        spent += cost
    }

    /// The call failed and was free: the reservation is released.
    public func release(_ cost: Decimal) {
        reserved -= cost
    }

    /// The call's outcome is unknown: the reservation is kept as possible spending.
    public func markPossiblySpent(_ cost: Decimal) {
        reserved -= cost
        possiblySpent += cost
    }
}
