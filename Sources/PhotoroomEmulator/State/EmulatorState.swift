import Foundation
public import PhotoroomPricing

/// The emulator's mutable world: the account ledger, the counters, the rate limiter, the sandbox quota and
/// the fault schedule. One instance per emulator; every request goes through it.
///
/// Time comes from an injectable `now` closure so tests can move the clock.
public actor EmulatorState {
    /// What the fault schedule decided for one image call.
    struct FaultDecision: Sendable, Equatable {
        /// Answer 429 with this `Retry-After` (a burst).
        var rateLimitBurstRetryAfter: Int?
        /// Close the connection before billing.
        var dropBeforeBilling = false
        /// Answer 500.
        var serverError = false
        /// Close the connection after billing.
        var dropAfterBilling = false
        /// Trickle the body.
        var slowBody = false
        /// Damage the result (test-only).
        var damagedResult = false
        /// Send the head and a few bytes of the result, then stall.
        var stalledBody = false
    }

    /// The outcome of a charge attempt.
    enum ChargeOutcome: Sendable, Equatable {
        /// The call was charged this many images (0 for sandbox keys).
        case charged(Decimal)
        /// The balance cannot cover the call.
        case insufficient
    }

    private let configuration: EmulatorConfiguration
    private let now: @Sendable () -> Date

    private var available: Decimal
    private let subscription: Decimal
    private var callsPerEndpoint: [String: Int] = [:]
    private var successfulEdits = 0
    private var successfulSegments = 0
    private var chargedTotal: Decimal = 0
    private var inFlight = 0
    private var peakInFlight = 0
    private var rateLimited = 0
    private var serverErrors = 0
    private var paymentRequired = 0
    private var drops = 0
    private var injectedLatencyMs = 0

    /// The rate limiter (a sliding-window log of admitted requests).
    private var rateLimiter: SlidingWindowRateLimiter

    private var sandboxDay: Int = -1
    private var sandboxCallsToday = 0
    private var sandboxMonth: Int = -1
    private var sandboxCallsThisMonth = 0

    private var imageCalls = 0
    private var burstRemaining = 0
    private var random: SeededGenerator

    /// Creates the state for `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: the account, limits and faults.
    ///   - now: the clock, `Date.init` unless a test moves time itself.
    public init(configuration: EmulatorConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.now = now
        self.available = configuration.credits
        self.subscription = configuration.subscription ?? configuration.credits
        self.random = SeededGenerator(seed: configuration.seed)
        self.rateLimiter = SlidingWindowRateLimiter(
            limit: configuration.rateLimit.limit,
            windowSeconds: configuration.rateLimit.windowSeconds
        )
    }

    /// The plan the account is on.
    public nonisolated var plan: Plan { configuration.plan }

    /// The rate limit in force.
    public nonisolated var rateLimitRule: RateLimitRule { configuration.rateLimit }

    // MARK: Ledger

    /// The balance now: `(available, subscription)`.
    func balance() -> (available: Decimal, subscription: Decimal) {
        (available, subscription)
    }

    /// What one successful call of `operation` costs with this key kind.
    func cost(of operation: BilledOperation, sandbox: Bool) throws(PricingError) -> Decimal {
        try configuration.pricing.cost(of: operation, on: configuration.plan, sandbox: sandbox)
    }

    /// Whether the balance can cover `cost` right now (a quick check before doing the image work).
    func canAfford(_ cost: Decimal) -> Bool {
        cost <= 0 || available >= cost
    }

    /// Charges a successful call atomically: takes `cost` off the balance when it covers it.
    func charge(_ operation: BilledOperation, cost: Decimal) -> ChargeOutcome {
        guard canAfford(cost) else { return .insufficient }
        available -= cost
        chargedTotal += cost
        switch operation {
        case .edit: successfulEdits += 1
        case .segment: successfulSegments += 1
        }
        return .charged(cost)
    }

    /// Adds `amount` images to the balance (negative amounts take images away, down to zero at most).
    ///
    /// - Returns: the new available balance.
    @discardableResult
    public func addCredits(_ amount: Decimal) -> Decimal {
        available = max(0, available + amount)
        return available
    }

    /// Sets the available balance.
    public func setCredits(_ amount: Decimal) {
        available = max(0, amount)
    }

    // MARK: Request accounting

    /// Records that a request started; `endpoint` is `"METHOD /path"`.
    func requestStarted(endpoint: String) {
        callsPerEndpoint[endpoint, default: 0] += 1
        inFlight += 1
        peakInFlight = max(peakInFlight, inFlight)
    }

    /// Records that a request finished with `status`, or was dropped when `status` is nil.
    func requestFinished(status: Int?) {
        inFlight -= 1
        switch status {
        case nil: drops += 1
        case 429: rateLimited += 1
        case 500: serverErrors += 1
        case 402: paymentRequired += 1
        default: break
        }
    }

    // MARK: Rate limit

    /// Admits a request under the rate limit, or returns the whole seconds (rounded up, at least 1) until the next
    /// slot frees.
    func admitUnderRateLimit() -> Int? {
        rateLimiter.admit(at: now().timeIntervalSinceReferenceDate).retryAfterSeconds
    }

    // MARK: Sandbox quota

    /// Why a sandbox call was refused: which quota is spent and the seconds until it resets.
    struct SandboxRefusal: Sendable, Equatable {
        /// The monthly quota (rather than the daily one) is spent.
        var monthly: Bool
        /// Seconds until the quota resets (UTC midnight, or the first of the next month).
        var retryAfter: Int
    }

    /// Counts one sandbox call against the day's and the month's quota (UTC), or says which one is spent.
    func admitSandboxCall() -> SandboxRefusal? {
        let current = now()
        let seconds = current.timeIntervalSince1970
        let day = Int((seconds / 86_400).rounded(.down))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: current)
        let month = parts.year! * 12 + parts.month! - 1
        if day != sandboxDay {
            sandboxDay = day
            sandboxCallsToday = 0
        }
        if month != sandboxMonth {
            sandboxMonth = month
            sandboxCallsThisMonth = 0
        }
        guard sandboxCallsThisMonth < configuration.sandboxCallsPerMonth else {
            let next = DateComponents(year: (month + 1) / 12, month: (month + 1) % 12 + 1, day: 1)
            let reset = calendar.date(from: next)?.timeIntervalSince1970 ?? seconds + 86_400
            return SandboxRefusal(monthly: true, retryAfter: max(1, Int((reset - seconds).rounded(.up))))
        }
        guard sandboxCallsToday < configuration.sandboxCallsPerDay else {
            let untilMidnight = Double(day + 1) * 86_400 - seconds
            return SandboxRefusal(monthly: false, retryAfter: max(1, Int(untilMidnight.rounded(.up))))
        }
        sandboxCallsToday += 1
        sandboxCallsThisMonth += 1
        return nil
    }

    // MARK: Faults

    /// The latency to add to one API response (base plus seeded jitter), in milliseconds.
    func nextLatencyMs() -> Int {
        let faults = configuration.faults
        var total = max(0, faults.latencyMs)
        if faults.latencyJitterMs > 0 {
            total += Int.random(in: 0...faults.latencyJitterMs, using: &random)
        }
        injectedLatencyMs += total
        return total
    }

    /// Advances the image-call counter and decides which faults hit this call.
    func nextImageCallFaults() -> FaultDecision {
        let faults = configuration.faults
        imageCalls += 1
        let n = imageCalls
        func every(_ period: Int) -> Bool { period > 0 && n % period == 0 }

        var decision = FaultDecision()
        if burstRemaining == 0, every(faults.rateLimitBurstEvery) {
            burstRemaining = max(1, faults.rateLimitBurstLength)
        }
        if burstRemaining > 0 {
            burstRemaining -= 1
            decision.rateLimitBurstRetryAfter = max(0, faults.rateLimitBurstRetryAfterSeconds)
            return decision
        }
        if every(faults.dropBeforeBillingEvery) {
            decision.dropBeforeBilling = true
            return decision
        }
        var serverError = every(faults.serverErrorEvery)
        if faults.serverErrorProbability > 0 {
            let draw = Double.random(in: 0..<1, using: &random)
            serverError = serverError || draw < faults.serverErrorProbability
        }
        if serverError {
            decision.serverError = true
            return decision
        }
        decision.dropAfterBilling = every(faults.dropAfterBillingEvery)
        decision.slowBody = every(faults.slowBodyEvery)
        decision.damagedResult = every(faults.damagedResultEvery)
        decision.stalledBody = !decision.dropAfterBilling && every(faults.stallBodyEvery)
        return decision
    }

    // MARK: Snapshot

    /// A copy of the account and counters.
    public func snapshot() -> EmulatorSnapshot {
        EmulatorSnapshot(
            plan: configuration.plan.name,
            balance: .init(available: available, subscription: subscription),
            callsPerEndpoint: callsPerEndpoint,
            successfulEdits: successfulEdits,
            successfulSegments: successfulSegments,
            chargedTotal: chargedTotal,
            peakConcurrentRequests: peakInFlight,
            inFlightRequests: inFlight,
            rateLimitedResponses: rateLimited,
            serverErrorResponses: serverErrors,
            paymentRequiredResponses: paymentRequired,
            droppedConnections: drops,
            sandboxCallsToday: sandboxCallsToday,
            sandboxCallsThisMonth: sandboxCallsThisMonth,
            injectedLatencyMs: injectedLatencyMs
        )
    }
}
