import PhotoroomEmulator

@testable import PhotoroomPipeline

/// A run of `calls` image calls by `workers` workers against a rate-limited server, in virtual time.
///
/// The server is the emulator's own ``SlidingWindowRateLimiter`` (the rule `photoroom-batch emulator` applies):
/// it decides when a call arrives; a 429 comes back at once (with `Retry-After` or not), an accepted call after
/// `latency`. The workers behave like the runner's: one call at a time, a 429 sends the same item again, and
/// every call first waits for its turn from the policy (sleeping until the time it names, or until the next
/// answer when it says so, as ``AdaptivePacer`` does).
struct PacingScenario: CustomStringConvertible {
    var calls = 300
    var workers = 8
    var limit = 50
    var windowSeconds = 5.0
    var sendsRetryAfter = true
    /// Server time for an accepted call.
    var latency = 0.2
    /// Client → server delay of every call: this much…
    var uploadSeconds = 0.002
    /// … plus up to this much, drawn from a seeded generator (the network's and the machine's jitter).
    var uploadJitterSeconds = 0.01
    /// Time back for a 429 (answered before any work).
    var refusalSeconds = 0.001
    var learned: LearnedRateLimit?
    var requestsPerMinute: Double?
    var seed: UInt64 = 1

    /// The earliest the last call can start: every window's credit used at once, `(calls − limit) / rate`.
    var idealSeconds: Double {
        Double(max(0, calls - limit)) * windowSeconds / Double(limit)
    }

    var description: String {
        "\(calls) calls, \(workers) workers, \(limit)/\(windowSeconds)s, latency \(latency)s, "
            + (sendsRetryAfter ? "Retry-After" : "no Retry-After")
    }
}

/// What a simulated run measured.
struct PacingResult {
    /// When the last call's answer came back.
    var wallSeconds: Double
    var ideal: Double
    /// Calls sent, 429s included.
    var callsSent: Int
    var refused: Int
    var policy: AdaptivePacingPolicy

    var ratio: Double { wallSeconds / ideal }
    var refusedFraction: Double { Double(refused) / Double(callsSent) }
}

/// The discrete-event simulation.
func simulate(_ scenario: PacingScenario) -> PacingResult {
    enum Kind {
        case ask(worker: Int, generation: Int)
        case arrive(worker: Int)
        case answer(worker: Int, accepted: Bool, retryAfter: Int?)
    }
    var policy = AdaptivePacingPolicy(
        settings: .init(requestsPerMinute: scenario.requestsPerMinute),
        learned: scenario.learned
    )
    var server = SlidingWindowRateLimiter(limit: scenario.limit, windowSeconds: scenario.windowSeconds)
    var random = SplitMix64(seed: scenario.seed)
    var events: [(time: Double, order: Int, kind: Kind)] = []
    var order = 0
    func push(_ time: Double, _ kind: Kind) {
        order += 1
        let event = (time: time, order: order, kind: kind)
        let index = events.firstIndex { ($0.time, $0.order) > (time, order) } ?? events.count
        events.insert(event, at: index)
    }
    var generation = [Int](repeating: 0, count: scenario.workers)
    var holdsItem = [Bool](repeating: false, count: scenario.workers)
    var parked: [Int] = []
    var notStarted = scenario.calls
    var sent = 0
    var refused = 0
    var lastAnswer = 0.0
    for worker in 0..<scenario.workers { push(0, .ask(worker: worker, generation: 0)) }

    var steps = 0
    while !events.isEmpty, steps < 10_000_000 {
        steps += 1
        let (now, _, kind) = events.removeFirst()
        switch kind {
        case .ask(let worker, let asked):
            guard asked == generation[worker] else { continue }
            if !holdsItem[worker] {
                guard notStarted > 0 else { continue }
                notStarted -= 1
                holdsItem[worker] = true
            }
            switch policy.nextTurn(now: now) {
            case .now:
                policy.grant(now: now)
                sent += 1
                let delay = scenario.uploadSeconds + Double.random(in: 0...scenario.uploadJitterSeconds, using: &random)
                push(now + delay, .arrive(worker: worker))
            case .at(let time):
                generation[worker] += 1
                push(time, .ask(worker: worker, generation: generation[worker]))
            case .afterNextOutcome(let latest):
                generation[worker] += 1
                parked.append(worker)
                push(latest, .ask(worker: worker, generation: generation[worker]))
            }
        case .arrive(let worker):
            let decision = server.admit(at: now)
            if decision == .admitted {
                push(now + scenario.latency, .answer(worker: worker, accepted: true, retryAfter: nil))
            } else {
                push(
                    now + scenario.refusalSeconds,
                    .answer(worker: worker, accepted: false, retryAfter: decision.retryAfterSeconds)
                )
            }
        case .answer(let worker, let accepted, let retryAfter):
            if accepted {
                policy.accepted(now: now)
                holdsItem[worker] = false
                lastAnswer = now
            } else {
                refused += 1
                policy.throttled(now: now, retryAfter: scenario.sendsRetryAfter ? retryAfter.map(Double.init) : nil)
            }
            for waiting in parked + [worker] {
                generation[waiting] += 1
                push(now, .ask(worker: waiting, generation: generation[waiting]))
            }
            parked = []
        }
    }
    return PacingResult(
        wallSeconds: lastAnswer,
        ideal: scenario.idealSeconds,
        callsSent: sent,
        refused: refused,
        policy: policy
    )
}

/// A small seeded generator (SplitMix64), so every simulated run is the same run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
