import Foundation
import PhotoroomPipeline
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Stopping a run: signals to ``RunControl``, and an immediate stop cancelling calls in flight.
@Suite(.timeLimit(.minutes(1))) struct RunControlTests {
    @Test func signalsEscalateTheControl() async {
        let control = RunControl()
        // SIGUSR2 stands in for SIGINT so that nothing else in the test process reacts to it.
        let handler = SignalStopHandler(control: control, signals: [SIGUSR2])
        defer { handler.uninstall() }
        kill(getpid(), SIGUSR2)
        await control.wait(until: .graceful)
        #expect(await control.level == .graceful)
        kill(getpid(), SIGUSR2)
        await control.wait(until: .immediate)
        #expect(await control.level == .immediate)
    }

    @Test func immediateStopCancelsTheCallsInFlight() async throws {
        try await withRunDirectories { input, output in
            for index in 0..<6 { try writeRunInput(input, "img\(index).jpg", "image \(index)") }
            // Calls that would take a minute: only cancellation ends them.
            let fake = FakePhotoroom(balance: 1000, latency: .seconds(60))
            let control = RunControl()
            let recorder = RunEventRecorder()
            async let outcome = BatchRunner(
                options: testRunOptions(input: input, output: output, concurrency: 2),
                submitter: fake,
                account: fake,
                inspector: ContentInspector(),
                reporter: recorder,
                control: control
            ).run()
            #expect(await watchEventually { await fake.inFlight >= 2 }, "both calls started")
            await control.requestGracefulStop()
            await control.requestImmediateStop()
            let result = await outcome
            #expect(result.exitCode == 130)
            #expect(await fake.totalCharged == 0)
            let manifest = try readRunManifest(output)
            #expect(manifest.run.exitCode == 130)
            let cut = manifest.items.filter { $0.errorCode == "interrupted" }
            #expect(cut.count == 2)
            #expect(manifest.totals.pending == 4)
            #expect(manifest.totals.inputs == 6)
        }
    }
}
