import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPricing
import Synchronization
import Testing

@testable import PhotoroomPipeline

/// The one dispatcher of `run` and `watch` (``BatchRunner/dispatch(_:mode:window:)``), driven by a stream that
/// yields items over time, against the built-in emulator: calls in flight stay at `--concurrency` while the window
/// is wider, bookkeeping overlaps the next call, and a stop asked for mid-stream starts no new call.
@Suite struct DispatcherTests {
    typealias Support = RunEmulatorSupport

    /// A runner on the emulator with the real validator; `submitter` replaces the client's edit calls.
    static func runner(
        _ options: RunOptions, _ running: RunningEmulator, submitter: (any EditSubmitting)? = nil,
        control: RunControl = RunControl(), reporter: any RunEventSink = SilentRunEventSink()
    ) -> BatchRunner {
        var options = options
        let apiKey = APIKey(Support.key)!
        options.redact = { apiKey.redact($0) }
        let client = Support.client(running)
        return BatchRunner(
            options: options, submitter: submitter ?? client, account: client, inspector: ImageValidatorInspector(),
            reporter: reporter, control: control)
    }

    /// The preflight of `run`, ready for the submission phase.
    static func prepared(_ runner: BatchRunner) async throws -> PreflightReady {
        let result = try await runner.preflightPhase(command: "run", stopOnShortfall: true, extraCheck: { _ in })
        guard case .ready(let ready) = result else {
            Issue.record("preflight ended the run")
            throw CancellationError()
        }
        return ready
    }

    @Test func aStreamYieldingItemsOverTimeKeepsTheCallsInFlightAtTheConcurrency() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 12)
            var configuration = Support.emulator(credits: 1000)
            configuration.faults.latencyMs = 30
            try await Emulator.withEmulator(configuration) { running in
                let recorder = RunEventRecorder()
                let runner = Self.runner(
                    testRunOptions(input: input, output: output, concurrency: 2), running, reporter: recorder)
                let ready = try await Self.prepared(runner)
                let items = ready.prepared.filter(\.needsWork)
                #expect(items.count == 12)
                let (feed, feeder) = AsyncStream.makeStream(of: PreparedItem.self)
                async let outcome = runner.submit(ready, feed: feed)
                // Half the items now; the rest once those finished, so the stream yields over time.
                for item in items.prefix(6) { feeder.yield(item) }
                let firstHalf = await watchEventually { await recorder.finishedCount() >= 6 }
                #expect(firstHalf)
                for item in items.dropFirst(6) { feeder.yield(item) }
                feeder.finish()
                let ended = try await outcome
                let state = await running.state()
                #expect(ended.ending == .completed)
                #expect(ended.totals.succeeded == 12)
                #expect(state.successfulEdits == 12)
                // The emulator counts the account reads too; they never overlap the edits here.
                #expect(state.peakConcurrentRequests <= 2, "the window is 4 items, the calls in flight stay at 2")
                #expect(state.peakConcurrentRequests == 2, "the concurrency is used")
            }
        }
    }

    @Test func aStopAskedForMidStreamStartsNoNewCallNotEvenForItemsAlreadyInTheWindow() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 8)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let held = HeldSubmitter(client: Support.client(running))
                let control = RunControl()
                let runner = Self.runner(
                    testRunOptions(input: input, output: output, concurrency: 2), running, submitter: held,
                    control: control)
                let ready = try await Self.prepared(runner)
                let items = ready.prepared.filter(\.needsWork)
                let (feed, feeder) = AsyncStream.makeStream(of: PreparedItem.self)
                async let outcome = runner.submit(ready, feed: feed)
                // Four items fill the window (2 × --concurrency): two calls go out and are held, two wait at the gate.
                for item in items.prefix(4) { feeder.yield(item) }
                let twoStarted = await watchEventually { await held.started >= 2 }
                #expect(twoStarted)
                await control.requestGracefulStop()
                await held.open()
                // More items arrive after the stop; the stream then ends.
                for item in items.dropFirst(4) { feeder.yield(item) }
                feeder.finish()
                let ended = try await outcome
                let state = await running.state()
                #expect(await held.started == 2, "no call started after the stop")
                #expect(state.callsPerEndpoint["POST /v2/edit", default: 0] == 2)
                #expect(ended.ending == .interrupted)
                #expect(ended.totals.succeeded == 2)
                #expect(ended.totals.pending == 6)
                let manifest = try readRunManifest(output)
                #expect(manifest.items.filter { $0.status == .pending }.allSatisfy { $0.attempts == 0 })
            }
        }
    }

    @Test func theNextCallStartsWhileTheLastResultIsStillBeingSaved() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let secondCall = DispatchSemaphore(value: 0)
                let counted = HeldSubmitter(client: Support.client(running), open: true) { number in
                    if number == 2 { secondCall.signal() }
                }
                var runner = Self.runner(
                    testRunOptions(input: input, output: output, concurrency: 1), running, submitter: counted)
                let saver = WaitingSaver(waitingFor: secondCall)
                runner.resultSaver = saver
                let outcome = await runner.run()
                #expect(outcome.ending == .completed)
                #expect(outcome.totals.succeeded == 3)
                // The first result's save waited for the second call: with --concurrency 1, the window of 2 items
                // lets that call start while the save runs (it would wait out the deadline otherwise).
                #expect(saver.firstWaitMet == true)
                #expect(await running.state().peakConcurrentRequests == 1)
            }
        }
    }

    @Test func underPauseAnItemWaitingAtTheGateWhenAnother402PausedTheWatchGoesOutAfterTheTopUp() async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("a.png").path, try watchPNG(90))
            try watchWrite(input.appendingPathComponent("b.png").path, try watchPNG(91))
            try watchWrite(input.appendingPathComponent("c.png").path, try watchPNG(92))
            // The 402 comes slowly, so the next item is waiting at the gate (--concurrency 1, a window of 2).
            let fake = FakePhotoroom(balance: 100, latency: .milliseconds(200))
            await fake.setScript([1: .status(402, "API credits exhausted")])
            let watch = WatchOptions(
                settle: .milliseconds(300), onLowBalance: .pause, balanceRetryInterval: .milliseconds(200))
            let outcome = try await withWatchService(
                input: input, output: output, fake: fake, watch: watch, concurrency: 1
            ) { _ in
                #expect(await watchEventually { await fake.totalCharged == 3 }, "every item goes out after the pause")
            }
            #expect(outcome.exitCode == 0)
            #expect(await fake.calls == 4, "one 402, then one call per item")
            let manifest = try readRunManifest(output)
            #expect(manifest.items.filter { $0.status == .succeeded }.count == 3)
        }
    }

    @Test func aPlaceGivenBackTwiceFreesOnePlace() async throws {
        let gate = CallGate(limit: 1)
        let first = CallPass(gate: gate)
        let second = CallPass(gate: gate)
        await first.take()
        let waiter = Task { await second.take() }
        let queued = await watchEventually(timeout: .seconds(30)) { await gate.waiting == 1 }
        #expect(queued)
        await first.giveBack()
        await first.giveBack()
        await waiter.value
        #expect(await gate.inUse == 1, "the second give-back of the same pass freed nothing")
        await second.giveBack()
        #expect(await gate.inUse == 0)
    }
}

/// Edit calls through a real client, each held until ``open()`` (or at once when opened from the start); counts
/// the calls that started and tells `onStart` each one's number.
actor HeldSubmitter: EditSubmitting {
    private let client: PhotoroomClient
    private var isOpen: Bool
    private let onStart: @Sendable (Int) -> Void
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var started = 0

    init(client: PhotoroomClient, open: Bool = false, onStart: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.client = client
        self.isOpen = open
        self.onStart = onStart
    }

    func edit(_ request: EditRequest) async throws(PhotoroomAPIError) -> EditResponse {
        started += 1
        onStart(started)
        if !isOpen { await withCheckedContinuation { waiting.append($0) } }
        return try await client.edit(request)
    }

    /// Lets the held calls and every later one go.
    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }
}

/// Saves results for real; the first save first waits (up to a deadline) for `signal`.
final class WaitingSaver: ResultSaving, Sendable {
    private let signal: DispatchSemaphore
    private let real = FileResultSaver()
    private let state = Mutex<(saves: Int, firstWaitMet: Bool?)>((0, nil))

    init(waitingFor signal: DispatchSemaphore) {
        self.signal = signal
    }

    /// Whether the first save got the signal before its deadline (nil before a first save).
    var firstWaitMet: Bool? { state.withLock { $0.firstWaitMet } }

    func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String {
        let isFirst = state.withLock { state in
            state.saves += 1
            return state.saves == 1
        }
        if isFirst {
            // Blocking is fine here: saves run on their own dispatch queue. The deadline matters only on failure.
            let met = signal.wait(timeout: .now() + .seconds(60)) == .success
            state.withLock { $0.firstWaitMet = met }
        }
        return try real.moveIntoPlace(temporary, to: destination)
    }

    func copyIfIntact(
        _ source: URL, expectedSHA256: String, to destination: URL, via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool {
        try real.copyIfIntact(source, expectedSHA256: expectedSHA256, to: destination, via: temporaryDirectory)
    }
}

extension RunEventRecorder {
    /// Items reported finished so far.
    func finishedCount() -> Int {
        events.filter {
            if case .itemFinished = $0 { return true }
            return false
        }.count
    }
}
