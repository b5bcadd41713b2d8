/// The rules of the adaptive pacer as plain state: no clock, no tasks. Each method takes the time (seconds on
/// any monotonic scale) and returns a decision, so the rules are tested table by table and against a simulated
/// server in virtual time.
///
/// What it does:
/// - **Before the first 429** nothing holds calls back but the `requestsPerMinute` cap (workers run at full
///   speed; a run that never meets the limit loses nothing).
/// - **At the first 429** it learns the limit as the calls accepted so far (the window the server just filled)
///   and the window's length: from `Retry-After` when the server sends it (the slot of the oldest call frees
///   then), otherwise by sending one probe call at a time at common window lengths (1 s, 2 s, 5 s, 10 s, …, 1 h)
///   after the first call: the first probe accepted gives the length.
/// - **Then** it keeps a copy of the server's window: a call starts only when fewer than `limit` calls started
///   in the last `windowSeconds` (plus a small margin for the network's jitter). Calls go out as slots free,
///   one by one: the same schedule the server's own rule allows, without stalls and without 429s.
///   (Spacing calls evenly at `limit / window` would be smoother but cannot use the window's credit: against a
///   sliding window it finishes a whole window later, 1.2 × the ideal for 300 calls at 50 per 5 s.)
/// - **Later 429s** that the copy did not predict widen the window (multiplicative decrease of the rate) and
///   hold everyone back until the next slot (or for `Retry-After`, always obeyed); after
///   ``Settings/quietWindowsBeforeIncrease`` windows without a 429 it narrows the window a little (additive
///   increase), never below a length known to be too short.
/// - `requestsPerMinute` is a hard cap: starts are at least `60 / requestsPerMinute` s apart, whatever was learned.
public struct AdaptivePacingPolicy: Sendable, Equatable {
    /// Tuning; the defaults are the ones measured in BENCHMARKS.md.
    public struct Settings: Sendable, Equatable {
        /// The hard cap on starts per minute (none by default).
        public var requestsPerMinute: Double?
        /// The jitter margin added to every window: this many seconds …
        public var marginSeconds: Double = 0.03
        /// … plus this fraction of the window.
        public var marginFraction: Double = 0.005
        /// The window lengths tried by probes when the server sends no `Retry-After`, in seconds.
        /// Each refused probe costs a 429, so the list is short: the lengths limiters commonly use.
        public var candidateWindows: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]
        /// How long a probe may stay unanswered before another one is sent (a call that ended without an answer).
        public var probeTimeoutSeconds: Double = 120
        /// Windows' worth of accepted calls without a 429 before the window is narrowed.
        public var quietWindowsBeforeIncrease: Int = 10
        /// The factor the window is narrowed by after a quiet stretch (additive increase of the rate).
        public var narrowingFactor: Double = 0.98
        /// The factor the window is widened by after a 429 the copy did not predict (multiplicative decrease).
        public var wideningFactor: Double = 1.05

        /// Creates settings; `requestsPerMinute` ≤ 0 means no cap.
        public init(requestsPerMinute: Double? = nil) {
            self.requestsPerMinute = requestsPerMinute.flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// When the next call may start.
    public enum Turn: Sendable, Equatable {
        /// Now.
        case now
        /// Not before this time.
        case at(Double)
        /// After the next answer (a probe is out), or at this time at the latest.
        case afterNextOutcome(orAt: Double)
    }

    /// One call that had the turn: when it started, and whether its answer is still awaited.
    struct Entry: Sendable, Equatable {
        var time: Double
        var pending: Bool
    }

    /// A probe for the window's length (no `Retry-After`).
    struct Probe: Sendable, Equatable {
        /// When the first call counted by the server started.
        var origin: Double
        /// The index in ``Settings/candidateWindows`` being tried.
        var candidate: Int
        /// When the probe goes (or went) out.
        var time: Double
        /// Whether it is out and unanswered.
        var inFlight: Bool
        /// The limit learned at the first 429, applied when the probe is accepted.
        var limit: Int
    }

    /// The settings.
    public let settings: Settings
    /// The limit learned so far (nil until a 429 taught one, or loaded from the previous run).
    public internal(set) var learned: LearnedRateLimit?
    /// 429s seen.
    public internal(set) var throttledCalls = 0

    var entries: [Entry] = []
    var holdUntil = -Double.infinity
    var nextCapSlot = -Double.infinity
    var probe: Probe?
    /// When the limit was learned: calls started before then and answered 429 later lower the learned limit.
    var learnedAt = -Double.infinity
    /// The longest window known to be too short.
    var windowFloor = 0.0
    var acceptedSinceThrottle = 0

    /// Creates a policy, starting from what a previous run learned if anything.
    public init(settings: Settings = Settings(), learned: LearnedRateLimit? = nil) {
        self.settings = settings
        self.learned = learned.flatMap { $0.isUsable ? $0 : nil }
    }

    /// For the progress line and the manifest.
    public var snapshot: PacingSnapshot {
        let cap = settings.requestsPerMinute.map { perMinute in perMinute / 60 } ?? .infinity
        return PacingSnapshot(
            learnedRatePerSecond: learned.map { limit in min(limit.ratePerSecond, cap) },
            throttledCalls: throttledCalls,
            learnedLimit: learned
        )
    }

    /// The jitter margin for a window of `window` seconds.
    func margin(_ window: Double) -> Double {
        settings.marginSeconds + settings.marginFraction * window
    }

    // MARK: Turns

    /// When a call asked for at `now` may start.
    public func nextTurn(now: Double) -> Turn {
        if let probe {
            if probe.inFlight {
                return .afterNextOutcome(orAt: probe.time + settings.probeTimeoutSeconds)
            }
            // A probe goes out alone: first the answers to the calls still out.
            if let pending = entries.first(where: \.pending), now < pending.time + settings.probeTimeoutSeconds {
                return .afterNextOutcome(orAt: max(probe.time, pending.time + settings.probeTimeoutSeconds))
            }
        }
        var start = max(now, holdUntil)
        if capSpacing != nil {
            start = max(start, nextCapSlot)
        }
        if let learned {
            start = max(start, windowSlot(at: start, learned))
        }
        return start <= now ? .now : .at(start)
    }

    /// Takes the turn at `now` (after ``nextTurn(now:)`` said `.now`): the call counts from here.
    public mutating func grant(now: Double) {
        if var timedOut = probe, timedOut.inFlight, now >= timedOut.time + settings.probeTimeoutSeconds {
            // The probe was never answered: count it out and send another.
            timedOut.inFlight = false
            probe = timedOut
        }
        entries.append(Entry(time: now, pending: true))
        if let spacing = capSpacing {
            nextCapSlot = max(nextCapSlot, now) + spacing
        }
        if var current = probe, !current.inFlight, now >= current.time {
            current.inFlight = true
            current.time = now
            probe = current
        }
        prune(now: now)
    }

    var capSpacing: Double? { settings.requestsPerMinute.map { 60 / $0 } }

    /// The earliest time at or after `time` when fewer than `limit` calls started in the window before it.
    func windowSlot(at time: Double, _ learned: LearnedRateLimit) -> Double {
        let span = learned.windowSeconds + margin(learned.windowSeconds)
        let first = firstIndex(after: time - span)
        let inWindow = entries.count - first
        guard inWindow >= learned.limit else { return time }
        // The slot that frees next is the one whose expiry leaves limit − 1 calls in the window.
        return max(time, entries[first + inWindow - learned.limit].time + span)
    }

    /// The index of the first entry that started after `time` (entries are in start order).
    func firstIndex(after time: Double) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].time > time { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Drops answered calls that no window can count any more (kept for two windows, or the last 4,096 before
    /// a limit is known).
    mutating func prune(now: Double) {
        let keepAfter: Double
        if let learned {
            keepAfter = now - 2 * (learned.windowSeconds + margin(learned.windowSeconds))
        } else if probe == nil, entries.count > 4096 {
            keepAfter = entries[entries.count - 4096].time
        } else {
            return
        }
        let cut = firstIndex(after: keepAfter)
        guard cut > 64 || cut * 2 > entries.count else { return }
        let stillPending = entries[..<cut].filter(\.pending)
        entries.removeFirst(cut)
        entries.insert(contentsOf: stillPending, at: 0)
    }
}
