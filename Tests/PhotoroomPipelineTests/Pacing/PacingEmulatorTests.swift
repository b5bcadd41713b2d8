import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// The adaptive pacer in the engine, against the emulator's rate limit: a run learns the limit from its 429s,
/// keeps it in `pacing.json` and the manifest, and the next run on the same OUT_DIR starts from it.
@Suite struct PacingEmulatorTests {
    typealias Support = RunEmulatorSupport

    /// 3 image calls in any 5 s, with `Retry-After`; account calls are not limited. Fewer than the 4 workers that
    /// start together, so the first run meets the limit at once however slow a busy machine makes each call.
    static func limitedEmulator(windowSeconds: Double = 5) -> EmulatorConfiguration {
        var configuration = Support.emulator(credits: 10_000)
        configuration.rateLimit = RateLimitRule(
            limit: 3, windowSeconds: windowSeconds, sendsRetryAfter: true, scope: .imageCalls)
        return configuration
    }

    /// Test options whose `Retry-After` cap is long enough for the server's 1 s answer.
    static func options(input: URL, output: URL) -> RunOptions {
        var options = testRunOptions(input: input, output: output, concurrency: 4)
        options.retry = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(1), maxDelay: .seconds(5))
        return options
    }

    static func writeImages(_ range: Range<Int>, in input: URL) throws {
        for seed in range {
            try Support.png(seed: seed).write(to: input.appendingPathComponent("item\(seed).png"))
        }
    }

    @Test func aRunLearnsTheLimitKeepsItAndTheNextRunStartsFromIt() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(0..<9, in: input)
            let recorder = RunEventRecorder()
            let first = try await Emulator.withEmulator(Self.limitedEmulator()) { running in
                let outcome = await Support.run(Self.options(input: input, output: output), running, reporter: recorder)
                return (outcome, await running.state())
            }
            #expect(first.0.exitCode == 0)
            #expect(first.0.totals.succeeded == 9)
            #expect(first.1.rateLimitedResponses > 0, "the run met the limit")

            let manifest = try readRunManifest(output)
            let pacing = try #require(manifest.pacing)
            #expect(pacing.throttledCalls == first.1.rateLimitedResponses)
            // Learned from the 429s: at most the server's 3 per 5 s (an unpredicted 429 may have widened the window
            // a little), and close to it.
            let learned = try #require(pacing.learnedLimit)
            let rate = try #require(pacing.learnedRatePerSecond)
            #expect(learned.limit <= 3)
            #expect(rate == learned.ratePerSecond)
            // Close to it, too; on a busy machine jitter in when calls reach the server causes 429s the pacer did not
            // predict, and each widens the window: slower, never faster (the benchmark measures how close it gets).
            #expect(rate <= 0.6 && rate >= 0.1, "learned \(rate)/s")
            let files = ManifestFiles(outputDirectory: output)
            #expect(PacingMemory.load(from: files, apiBase: "default") == learned)
            #expect(PacingMemory.load(from: files, apiBase: "https://elsewhere.example") == nil)
            let events = await recorder.events.compactMap { event -> PacingSnapshot? in
                if case .pacing(let snapshot) = event { snapshot } else { nil }
            }
            // Workers report concurrently: the newest snapshot is the one with the most 429s.
            let newest = events.max { $0.throttledCalls < $1.throttledCalls }
            #expect(newest?.throttledCalls == pacing.throttledCalls)
            #expect(newest?.progressText?.hasSuffix("/s learned, \(pacing.throttledCalls) × 429") == true)

            // New images, a fresh server (no calls in its window): paced from the first call, no 429. One worker,
            // so each call's trip to the server takes about as long as the others' (a busy machine delays a first
            // connection of several workers by more than the pacer's margin). The server's window is a second
            // shorter than the learned one: the pacer counts a call from its turn, the server from its arrival, and
            // the first call's arrival also waits for its connection, which a test process sharing two cores with
            // the whole suite (load 7 to 8) delayed by more than a quarter second. Without the learned limit the nine
            // calls would still meet the limit at once.
            try Self.writeImages(9..<18, in: input)
            let secondRecorder = RunEventRecorder()
            var secondOptions = Self.options(input: input, output: output)
            secondOptions.concurrency = 1
            let second = try await Emulator.withEmulator(Self.limitedEmulator(windowSeconds: 4)) {
                [secondOptions] running in
                let outcome = await Support.run(secondOptions, running, reporter: secondRecorder)
                return (outcome, await running.state())
            }
            #expect(second.0.exitCode == 0)
            // Paced by the learned limit: 9 calls at 3 per window take at least two windows.
            #expect(second.0.seconds >= 2 * learned.windowSeconds)
            #expect(second.0.totals.succeeded == 9)
            #expect(second.1.rateLimitedResponses == 0)
            let secondPacing = try #require(try readRunManifest(output).pacing)
            #expect(secondPacing.throttledCalls == 0)
            #expect(secondPacing.learnedLimit == learned, "9 quiet calls do not narrow the window")
            let loaded = await secondRecorder.events.first { if case .pacing = $0 { true } else { false } }
            #expect(
                loaded == .pacing(PacingSnapshot(learnedRatePerSecond: rate, throttledCalls: 0, learnedLimit: learned)))
        }
    }

    @Test func aRunThatMeetsNoLimitKeepsNothing() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(0..<4, in: input)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(Self.options(input: input, output: output), running)
                #expect(outcome.exitCode == 0)
            }
            #expect(try readRunManifest(output).pacing == PacingSnapshot(learnedRatePerSecond: nil, throttledCalls: 0))
            let files = ManifestFiles(outputDirectory: output)
            #expect(!FileManager.default.fileExists(atPath: PacingMemory.url(in: files).path))
        }
    }

    @Test func theProgressLineShowsTheLearnedLimitAndThe429s() async {
        let lines = TextLines()
        let bar = ProgressBarRunReporter(write: { lines.append($0) })
        #expect(!(await bar.line()).contains("429"))
        await bar.handle(.pacing(PacingSnapshot(learnedRatePerSecond: 10, throttledCalls: 4)))
        #expect(await bar.line().hasSuffix("(limit 10.0/s learned, 4 × 429)"))
    }
}

/// Collects written text (the progress bar's output) across tasks.
final class TextLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ text: String) { lock.withLock { storage.append(text) } }
    var all: [String] { lock.withLock { storage } }
}
