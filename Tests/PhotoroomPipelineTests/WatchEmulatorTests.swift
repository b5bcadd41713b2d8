import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomPricing
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// Watch mode end to end: the real HTTP client against the in-process emulator on an ephemeral port.
@Suite("Watch service against the emulator")
struct WatchEmulatorTests {
    static let key = "watch-test-key-0001"

    func runner(
        _ running: RunningEmulator, input: URL, output: URL, control: RunControl,
        reporter: RunEventRecorder = RunEventRecorder()
    ) -> BatchRunner {
        let client = PhotoroomClient(
            configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!, editTimeout: .seconds(90)))
        return BatchRunner(
            options: scanningRunOptions(input: input, output: output), client: client,
            inspector: WatchDecodingInspector(),
            reporter: reporter, control: control)
    }

    func edits(_ running: RunningEmulator) async -> Int {
        await running.state().successfulEdits
    }

    /// The balance reads the emulator answered (whichever account endpoint the client used).
    func accountReads(_ running: RunningEmulator) async -> Int {
        await running.state().callsPerEndpoint.filter { $0.key.contains("/account") }.values.reduce(0, +)
    }

    @Test("initial files, new files and a corrupt one; each valid file billed once; a second watch bills nothing twice")
    func endToEnd() async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("old-1.png").path, try watchPNG(90))
            try watchWrite(input.appendingPathComponent("old-2.png").path, try watchPNG(91))
            let configuration = EmulatorConfiguration(port: 0, plan: .basic, credits: 100, apiKey: Self.key)
            try await Emulator.withEmulator(configuration) { running in
                let control = RunControl()
                let service = WatchService(
                    runner: runner(running, input: input, output: output, control: control),
                    watch: WatchOptions(settle: .milliseconds(300)))
                let outcome = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    #expect(await watchEventually { await edits(running) == 2 })
                    try FileManager.default.createDirectory(
                        at: input.appendingPathComponent("drop/zone"), withIntermediateDirectories: true)
                    try watchWrite(input.appendingPathComponent("drop/zone/new.png").path, try watchPNG(92))
                    try watchWrite(input.appendingPathComponent("corrupt.png").path, Array(try watchPNG(93).prefix(50)))
                    #expect(await watchEventually { await edits(running) == 3 })
                    // Written last, billed only after everything before it has settled and been dispatched: a
                    // duplicate would be billed or in flight by then (the graceful stop lets it finish).
                    try watchWrite(input.appendingPathComponent("zz-barrier.png").path, try watchPNG(95))
                    #expect(await watchEventually { await edits(running) == 4 })
                    await control.requestGracefulStop()
                    return try await group.next()!
                }
                #expect(outcome.exitCode == 1)  // The corrupt file is an invalid row.
                let snapshot = await running.state()
                #expect(snapshot.successfulEdits == 4)
                #expect(snapshot.chargedTotal == 20)
                let manifest = try readRunManifest(output)
                #expect(
                    manifest.items.filter { $0.status == .succeeded }.map(\.inputPath).sorted()
                        == ["drop/zone/new.png", "old-1.png", "old-2.png", "zz-barrier.png"])
                #expect(manifest.items.first { $0.inputPath == "corrupt.png" }?.status == .invalid)

                // A second watch on the same folders: everything is done already; a new file is billed once.
                let control2 = RunControl()
                let events = RunEventRecorder()
                let again = WatchService(
                    runner: runner(running, input: input, output: output, control: control2, reporter: events),
                    watch: WatchOptions(settle: .milliseconds(300)))
                let second = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await again.watchUntilStopped() }
                    // Once preflight has scanned INPUT_DIR, a new file can only come in through the watcher.
                    let scanned = await watchEventually {
                        await events.events.contains { if case .preflightFinished = $0 { true } else { false } }
                    }
                    #expect(scanned)
                    try watchWrite(input.appendingPathComponent("newest.png").path, try watchPNG(94))
                    #expect(await watchEventually { await edits(running) == 5 })
                    await control2.requestGracefulStop()
                    return try await group.next()!
                }
                #expect(second.exitCode == 1)  // corrupt.png is still invalid.
                #expect(await edits(running) == 5)
                #expect(await running.state().chargedTotal == 25)
            }
        }
    }

    @Test("pause on a low balance, then carry on after a top-up")
    func pauseAndTopUp() async throws {
        try await withRunDirectories { input, output in
            let configuration = EmulatorConfiguration(port: 0, plan: .basic, credits: 5, apiKey: Self.key)
            try await Emulator.withEmulator(configuration) { running in
                let control = RunControl()
                let service = WatchService(
                    runner: runner(running, input: input, output: output, control: control),
                    watch: WatchOptions(settle: .milliseconds(300), balanceRetryInterval: .milliseconds(200)))
                let outcome = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    try watchWrite(input.appendingPathComponent("a.png").path, try watchPNG(100))
                    try watchWrite(input.appendingPathComponent("b.png").path, try watchPNG(101))
                    #expect(await watchEventually { await edits(running) == 1 })
                    // Paused: the watch keeps re-reading the balance (the event that shows the pause went on),
                    // and sends nothing; the top-up below is the positive control.
                    let readsBefore = await accountReads(running)
                    #expect(await watchEventually { await accountReads(running) >= readsBefore + 3 })
                    #expect(await edits(running) == 1)
                    #expect(await running.state().paymentRequiredResponses == 0)  // The guard held the call back.
                    await running.addCredits(5)
                    #expect(await watchEventually { await edits(running) == 2 })
                    await control.requestGracefulStop()
                    return try await group.next()!
                }
                #expect(outcome.exitCode == 0)
                #expect(await running.state().chargedTotal == 10)
            }
        }
    }
}
