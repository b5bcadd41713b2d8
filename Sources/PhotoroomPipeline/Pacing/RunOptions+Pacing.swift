import Foundation

extension RunOptions {
    /// The pacer of a run or watch: the one place that chooses its kind. It is the ``AdaptivePacer``, capped by
    /// `requestsPerMinute`, starting from what a previous run on the same OUT_DIR and server learned.
    func makeCallPacing(learned: LearnedRateLimit? = nil) -> any CallPacing {
        AdaptivePacer(settings: .init(requestsPerMinute: requestsPerMinute), learned: learned)
    }

    /// The server a learned limit belongs to in `pacing.json`: the edit endpoint (the emulator and a live key
    /// never share a limit).
    var pacingServer: String { endpoint ?? "default" }
}

extension BatchRunner {
    /// The session's pacer, from the limit kept in `files`' state (a missing or stale one means none).
    func openPacing(files: ManifestFiles) async -> any CallPacing {
        let learned = PacingMemory.load(from: files, apiBase: options.pacingServer)
        let pacer = options.makeCallPacing(learned: learned)
        if learned != nil { await reporter.handle(.pacing(await pacer.snapshot())) }
        return pacer
    }

    /// Keeps what `pacer` learned in `files`' state for the next run or watch.
    ///
    /// - Returns: a warning when the file cannot be written (it never fails the run); nil when saved or when
    ///   nothing was learned.
    @discardableResult
    func savePacing(_ pacer: any CallPacing, files: ManifestFiles) async -> String? {
        let snapshot = await pacer.snapshot()
        guard let learned = snapshot.learnedLimit else { return nil }
        let memory = PacingMemory(
            apiBase: options.pacingServer, learned: learned, throttledCalls: snapshot.throttledCalls)
        do throws(RunError) {
            // A few hundred bytes, once a run (or every few minutes in watch): written in place.
            try PacingMemory.save(memory, to: files)
            return nil
        } catch {
            return "warning: the learned rate limit was not kept: \(error.message)"
        }
    }
}
