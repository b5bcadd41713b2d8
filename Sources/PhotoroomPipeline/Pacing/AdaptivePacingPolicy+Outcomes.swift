extension AdaptivePacingPolicy {
    /// The call that had a turn was answered with anything but 429 (a success, another error, or no answer at
    /// all: the call is over either way).
    public mutating func accepted(now: Double) {
        if var current = probe, current.inFlight {
            // The probe got through: the first counted call's slot had freed, so the window is the length tried.
            _ = resolveNewestPending()
            if current.candidate > 0 {
                windowFloor = max(windowFloor, settings.candidateWindows[current.candidate - 1])
            }
            learned = LearnedRateLimit(
                limit: current.limit, windowSeconds: settings.candidateWindows[current.candidate])
            current.inFlight = false
            probe = nil
            acceptedSinceThrottle = 1
            return
        }
        _ = resolveNewestPending()
        acceptedSinceThrottle += 1
        if var current = learned, acceptedSinceThrottle >= settings.quietWindowsBeforeIncrease * current.limit {
            // A quiet stretch: try a slightly narrower window (a little more rate), never below a known floor.
            acceptedSinceThrottle = 0
            let narrower = current.windowSeconds * settings.narrowingFactor
            if narrower > windowFloor {
                current.windowSeconds = narrower
                learned = current
            }
        }
    }

    /// The call that had a turn was answered 429, with the server's `Retry-After` in seconds if it sent one.
    ///
    /// - Returns: how long new calls are held back from `now`, in seconds.
    @discardableResult
    public mutating func throttled(now: Double, retryAfter: Double?) -> Double {
        throttledCalls += 1
        acceptedSinceThrottle = 0
        let removed = removeOldestPending()
        let startedBeforeLearning = removed.map { $0.time < learnedAt } ?? false
        let delay = retryAfter.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        if let delay {
            // Always obeyed.
            holdUntil = max(holdUntil, now + delay)
        }

        if var current = probe {
            if startedBeforeLearning || !current.inFlight {
                // A call sent before the first 429 was refused too: the server's window held one call fewer.
                current.limit = max(1, current.limit - 1)
                probe = current
            } else {
                probeRefused(current, now: now, retryAfter: delay)
            }
        } else if var current = learned {
            if startedBeforeLearning {
                current.limit = max(1, current.limit - 1)
            } else {
                // A refusal the copy of the window did not predict: less rate, and wait for the next slot.
                current.windowSeconds = min(86_400, current.windowSeconds * settings.wideningFactor)
                if delay == nil {
                    let span = current.windowSeconds + margin(current.windowSeconds)
                    let first = firstIndex(after: now - span)
                    let oldestInWindow = first < entries.count ? entries[first].time + span : now
                    holdUntil = max(holdUntil, now + current.windowSeconds / Double(current.limit), oldestInWindow)
                }
            }
            learned = current
        } else {
            learnAtFirstRefusal(now: now, retryAfter: delay)
        }
        return max(0, holdUntil - now)
    }

    /// The first 429: the calls counted so far are the limit; the window comes from `Retry-After` or probes.
    private mutating func learnAtFirstRefusal(now: Double, retryAfter: Double?) {
        let limit = max(1, entries.count)
        let origin = entries.first?.time ?? now
        learnedAt = now
        windowFloor = now - origin
        if let retryAfter {
            // The oldest counted call frees its slot at now + Retry-After (whole seconds, rounded up, maybe with
            // jitter): the window is at most that long; prefer a common length that fits.
            let longest = now + retryAfter - origin
            let shortest = max(windowFloor, longest - 1 - 0.25 * retryAfter)
            let window = settings.candidateWindows.last { $0 > shortest && $0 <= longest } ?? longest
            learned = LearnedRateLimit(limit: limit, windowSeconds: max(window, .ulpOfOne))
            return
        }
        guard let index = settings.candidateWindows.firstIndex(where: { $0 > windowFloor }) else {
            learned = LearnedRateLimit(limit: limit, windowSeconds: max(2 * windowFloor, 1))
            holdUntil = max(holdUntil, origin + 2 * windowFloor)
            return
        }
        let candidate = settings.candidateWindows[index]
        let time = origin + candidate + margin(candidate)
        probe = Probe(origin: origin, candidate: index, time: time, inFlight: false, limit: limit)
        holdUntil = max(holdUntil, time)
    }

    /// A probe was refused: the window is longer than the length tried; try the next one.
    private mutating func probeRefused(_ refused: Probe, now: Double, retryAfter: Double?) {
        var current = refused
        windowFloor = max(windowFloor, settings.candidateWindows[current.candidate])
        current.inFlight = false
        guard let index = settings.candidateWindows.indices.first(where: { $0 > current.candidate }) else {
            learned = LearnedRateLimit(limit: current.limit, windowSeconds: 2 * windowFloor)
            probe = nil
            holdUntil = max(holdUntil, current.origin + 2 * windowFloor)
            return
        }
        let candidate = settings.candidateWindows[index]
        current.candidate = index
        current.time = max(current.origin + candidate + margin(candidate), retryAfter.map { now + $0 } ?? now)
        probe = current
        holdUntil = max(holdUntil, current.time)
    }

    /// Forgets the oldest call still awaiting its answer (the refused one, or if not, a call that started earlier:
    /// keeping the later start time errs on the safe side).
    mutating func removeOldestPending() -> Entry? {
        guard let index = entries.firstIndex(where: \.pending) else { return nil }
        return entries.remove(at: index)
    }

    /// Marks the newest call awaiting its answer as answered (the safe side again: older calls stay pending, so
    /// a later 429 removes an older start).
    mutating func resolveNewestPending() -> Entry? {
        guard let index = entries.lastIndex(where: \.pending) else { return nil }
        entries[index].pending = false
        return entries[index]
    }
}
