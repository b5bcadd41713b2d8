import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// `watch` starts its watcher before the initial scan: a file landing while INPUT_DIR is scanned is processed, and a
/// file both the scan and the watcher saw is processed once.
@Suite("Watch: the watcher starts before the initial scan")
struct WatchScanOrderTests {
    static let key = "watch-order-key-0001"

    @Test("files landing during the initial scan are each billed exactly once", arguments: [false, true])
    func filesLandingDuringTheScan(polling: Bool) async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("old.png").path, try watchPNG(110))
            // Seen by the scan and by the watcher: written after the watcher started, before the folder is listed.
            let both = input.appendingPathComponent("both.png").path
            let bothBytes = try watchPNG(111)
            // Seen by the watcher only: written once the folder was listed, while the scan is still running.
            let late = input.appendingPathComponent("late.png").path
            let lateBytes = try watchPNG(112)
            var selection = InputSelection(roots: [input.path], input: .init())
            selection.willList = { try? watchWrite(both, bothBytes) }
            selection.didList = { try? watchWrite(late, lateBytes) }
            var scanning = testRunOptions(input: input, output: output, inputs: [])
            scanning.selection = selection
            let options = scanning

            let configuration = EmulatorConfiguration(port: 0, plan: .basic, credits: 100, apiKey: Self.key)
            try await Emulator.withEmulator(configuration) { running in
                let control = RunControl()
                let client = PhotoroomClient(
                    configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!, editTimeout: .seconds(90))
                )
                let recorder = RunEventRecorder()
                let runner = BatchRunner(
                    options: options, client: client, inspector: WatchDecodingInspector(), reporter: recorder,
                    control: control)
                var watch = WatchOptions(settle: .milliseconds(300))
                if polling { watch.pollInterval = .milliseconds(100) }
                let service = WatchService(runner: runner, watch: watch)
                let edits = { await running.state().successfulEdits }
                let outcome = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    #expect(await watchEventually { await edits() == 3 }, "old, both and late are each sent")
                    // A file landing after them settles after them: once it is sent, the watcher's events for
                    // both.png and late.png have been handled too.
                    try watchWrite(input.appendingPathComponent("sentinel.png").path, try watchPNG(113))
                    #expect(await watchEventually { await edits() == 4 })
                    await control.requestGracefulStop()
                    return try await group.next()!
                }
                #expect(outcome.exitCode == 0)
                let snapshot = await running.state()
                #expect(snapshot.successfulEdits == 4)
                #expect(snapshot.chargedTotal == 20)
                let rows = try readRunManifest(output).items
                #expect(rows.map(\.inputPath).sorted() == ["both.png", "late.png", "old.png", "sentinel.png"])
                #expect(rows.allSatisfy { $0.status == .succeeded })
                // The scan took old.png and both.png (late.png landed after the listing).
                let started = await recorder.events.compactMap { event -> Int? in
                    if case .preflightStarted(let inputs) = event { return inputs }
                    return nil
                }
                #expect(started == [2])
                let finished = await recorder.events.compactMap { event -> String? in
                    if case .itemFinished(_, _, let item) = event { return item.inputPath }
                    return nil
                }
                #expect(finished.filter { $0 == "both.png" }.count == 1)
            }
        }
    }
}
