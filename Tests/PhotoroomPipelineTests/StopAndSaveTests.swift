import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// A result saver that fails like a full disk after `allowed` results.
final class FullDiskSaver: ResultSaving, @unchecked Sendable {
    private let lock = NSLock()
    private var saved = 0
    private let allowed: Int
    private let real = FileResultSaver()

    init(allowed: Int) { self.allowed = allowed }

    private func take() throws(ResultSaveError) {
        lock.lock()
        defer { lock.unlock() }
        guard saved < allowed else {
            throw ResultSaveError(errorNumber: ENOSPC, message: "No space left on device")
        }
        saved += 1
    }

    func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String {
        try take()
        return try real.moveIntoPlace(temporary, to: destination)
    }

    func copyIfIntact(
        _ source: URL,
        expectedSHA256: String,
        to destination: URL,
        via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool {
        try take()
        return try real.copyIfIntact(source, expectedSHA256: expectedSHA256, to: destination, via: temporaryDirectory)
    }
}

/// Full disks, locks, stops during waits, absurd `Retry-After`: the money rules hold.
@Suite struct StopAndSaveTests {
    typealias Support = RunEmulatorSupport

    @Test func aFullDiskStopsNewWorkAndNoPaidResultIsSentAgain() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 40)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                var options = testRunOptions(input: input, output: output, concurrency: 4)
                let apiKey = APIKey(Support.key)!
                options.redact = { apiKey.redact($0) }
                var runner = BatchRunner(
                    options: options,
                    client: Support.client(running),
                    inspector: ImageValidatorInspector()
                )
                runner.resultSaver = FullDiskSaver(allowed: 5)
                let outcome = await runner.run()
                let state = await running.state()
                #expect(outcome.ending == .outputFull)
                #expect(outcome.exitCode == 1)
                #expect(outcome.message?.contains("OUT_DIR is full") == true)
                let manifest = try readRunManifest(output)
                let notSaved = manifest.items.filter { $0.errorCode == "result-not-saved" }
                #expect(!notSaved.isEmpty)
                #expect(notSaved.allSatisfy { $0.imagesCharged == 5 && $0.attempts == 1 })
                // Every billed call is accounted for once: no image was billed twice.
                #expect(state.successfulEdits == manifest.items.filter { $0.imagesCharged > 0 }.count)
                #expect(state.chargedTotal == manifest.totals.imagesCharged)
                // At most the items in the dispatch window when the disk filled (2 × --concurrency): the calls in
                // flight, and billed items whose results were still being saved (saving overlaps the next calls).
                #expect(state.successfulEdits <= 5 + 8, "at most the items in the window when the disk filled")
                #expect(manifest.totals.pending >= 40 - 13)
            }
        }
    }

    @Test func aSecondWriterOnOneOutDirExits75AndSendsNothing() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            let files = ManifestFiles(outputDirectory: output)
            let holder = try OutputDirectoryLock.acquire(at: files.lock, command: "watch")
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let blocked = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(blocked.exitCode == 75)
                #expect(blocked.message?.contains("pid \(getpid())") == true)
                #expect(blocked.message?.contains("watch") == true)
                #expect(await running.state().successfulEdits == 0)
                holder.release()
                let after = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(after.exitCode == 0)
                #expect(await running.state().successfulEdits == 3)
            }
        }
    }

    @Test func aSignalDuringAPacedWaitStartsNoNewCall() async throws {
        try await withRunDirectories { input, output in
            let inputs = try (0..<8).map { try writeRunInput(input, "p\($0).png", "image \($0)") }
            let fake = FakePhotoroom(balance: 1000)
            let control = RunControl()
            var options = testRunOptions(input: input, output: output, inputs: inputs, concurrency: 4)
            // One start every 2 minutes: the workers wait for their turn. Were the waits not ended by the stop, the
            // run would last 6 minutes at least; the bound below leaves room for a very busy machine.
            options.requestsPerMinute = 0.5
            let reporter = StopOnFirstItem(control: control)
            let started = ContinuousClock.now
            let outcome = await BatchRunner(
                options: options,
                submitter: fake,
                account: fake,
                inspector: ContentInspector(),
                reporter: reporter,
                control: control
            ).run()
            #expect(outcome.exitCode == 130)
            #expect(await fake.calls == 1, "no call starts after the signal")
            #expect(ContinuousClock.now - started < .seconds(100), "the waits end at the signal")
            #expect(outcome.totals.pending == 7)
        }
    }

    /// Uncapped, the pause would last 2^60 s (the time limit would end the test).
    @Test(.timeLimit(.minutes(10))) func anAbsurdRetryAfterIsCappedAtTheMaximumDelay() async throws {
        try await withRunDirectories { input, output in
            let inputs = try (0..<3).map { try writeRunInput(input, "r\($0).png", "image \($0)") }
            let fake = FakePhotoroom(balance: 1000)
            await fake.setScript([1: .status(429, "slow down", retryAfter: .seconds(Int64(1) << 60))])
            let options = testRunOptions(input: input, output: output, inputs: inputs, concurrency: 1)
            let recorder = RunEventRecorder()
            let outcome = await BatchRunner(
                options: options,
                submitter: fake,
                account: fake,
                inspector: ContentInspector(),
                reporter: recorder
            ).run()
            #expect(outcome.exitCode == 0)
            #expect(outcome.totals.succeeded == 3)
            let delays = await recorder.events.compactMap { event -> Double? in
                if case .retrying(_, _, let delay, _) = event { delay } else { nil }
            }
            #expect(delays.count == 1, "the 429 was retried once")
            // The pause is the pacer's hold after a Retry-After capped at retry.maxDelay (20 ms here): at most the
            // short window it then tries, never the 2^60 s asked for.
            #expect(delays.allSatisfy { $0 <= 60 }, "paused \(delays) s")
        }
    }

    @Test func aSandboxQuotaStopsTheRunInsteadOfWaitingHours() async throws {
        try await withRunDirectories { input, output in
            let inputs = try (0..<3).map { try writeRunInput(input, "q\($0).png", "image \($0)") }
            let fake = FakePhotoroom(balance: 1000)
            // The emulator's answer past the daily quota: 429 with Retry-After until UTC midnight.
            await fake.setScript([
                1: .status(
                    429, "Sandbox quota exhausted: at most 100 sandbox calls a day.", retryAfter: .seconds(40_000))
            ])
            var options = testRunOptions(input: input, output: output, inputs: inputs, concurrency: 1)
            options.sandbox = true
            let started = ContinuousClock.now
            let outcome = await BatchRunner(
                options: options, submitter: fake, account: fake, inspector: ContentInspector()
            ).run()
            #expect(outcome.ending == .outOfImages)
            #expect(outcome.exitCode == 5)
            #expect(outcome.message?.contains("sandbox key's quota is used up") == true)
            #expect(await fake.calls == 1)  // No retry, and no call for the other items.
            #expect(await fake.totalCharged == 0)
            #expect(ContinuousClock.now - started < .seconds(100))
            let manifest = try readRunManifest(output)
            #expect(manifest.items.map(\.status) == [.pending, .pending, .pending])
            #expect(manifest.items.first?.errorCode == "quota-exhausted")
        }
    }

    @Test func theAttemptPolicyTable() {
        let policy = AttemptPolicy(
            retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(1)))
        let fresh = AttemptPolicy.State(unknownRetriesLeft: 1)
        var stopping = fresh
        stopping.stopRequested = true
        var exhausted = fresh
        exhausted.retryableFailures = 2
        var noUnknownLeft = fresh
        noUnknownLeft.unknownRetriesLeft = 0
        var cancelled = fresh
        cancelled.cancelled = true

        #expect(policy.decide(after: .resultLost, state: fresh) == .resultNotSaved)
        #expect(policy.decide(after: .resultLost, state: stopping) == .resultNotSaved)
        #expect(policy.decide(after: .paymentRequired, state: fresh) == .stopRun)
        #expect(policy.decide(after: .unauthorized, state: fresh) == .stopRun)
        #expect(policy.decide(after: .forbidden, state: fresh) == .stopRun)
        #expect(policy.decide(after: .rateLimited, state: fresh) == .throttle(retryAfter: nil))
        #expect(policy.decide(after: .rateLimited, state: stopping) == .leavePending)
        #expect(policy.decide(after: .serverError, state: stopping) == .leavePending)
        #expect(policy.decide(after: .serverError, state: exhausted) == .giveUp)
        #expect(policy.decide(after: .badRequest, state: fresh) == .giveUp)
        #expect(policy.decide(after: .outcomeUnknown, state: noUnknownLeft) == .unknownOutcome)
        #expect(policy.decide(after: .outcomeUnknown, state: stopping) == .unknownOutcome)
        #expect(policy.decide(after: .network, state: cancelled) == .giveUp)
        if case .retry(let delay) = policy.decide(after: .serverError, state: fresh) {
            #expect(delay >= .milliseconds(50) && delay <= .milliseconds(100))
        } else {
            Issue.record("a 5xx is retried")
        }
        if case .retryUnknown = policy.decide(after: .outcomeUnknown, state: fresh) {
        } else {
            Issue.record("an unknown outcome is retried once")
        }
        #expect(policy.cappedRetryAfter(.seconds(Int64(1) << 60)) == .seconds(1))
        #expect(policy.cappedRetryAfter(.milliseconds(10)) == .milliseconds(10))
        #expect(policy.cappedRetryAfter(nil) == nil)
    }
}

/// Asks for a graceful stop when the first item finishes.
actor StopOnFirstItem: RunEventSink {
    let control: RunControl
    private var stopped = false

    init(control: RunControl) { self.control = control }

    func handle(_ event: RunEvent) async {
        if case .itemFinished = event, !stopped {
            stopped = true
            await control.requestStop()
        }
    }
}
