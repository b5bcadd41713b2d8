import Foundation
import PhotoroomAPI
import PhotoroomImaging
import ServiceLifecycle
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// Validates with the real decoder (`ImageValidator`, full decode), as the `watch` command does.
struct WatchDecodingInspector: InputInspecting {
    func inspect(fileAt url: URL) async -> InputInspection {
        let verdict = await BlockingIO.value { ImageValidator(mode: .full).validate(fileAt: url) }
        let problems = verdict.errors.map { ManifestItem.Issue(code: $0.code.rawValue, message: $0.message) }
        return InputInspection(
            format: verdict.format?.rawValue, width: verdict.info?.width, height: verdict.info?.height,
            problems: problems)
    }
}

/// PNG bytes of a small image whose colour depends on `seed` (so different seeds give different content).
func watchPNG(_ seed: UInt8) throws -> [UInt8] {
    try ImageCodec.encodePNG(RGBAImage(width: 24, height: 16, fill: (seed, 255 &- seed, 40, 255)))
}

/// Waits until `condition` holds (polling every `interval`), up to `timeout`; returns whether it held. The deadline
/// only matters when the test fails: a busy 2-core machine running the whole suite can stretch a 2 s scenario tenfold.
func watchEventually(
    timeout: Duration = .seconds(90), pollingEvery interval: Duration = .milliseconds(25),
    _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}

/// A watch session on `input`/`output` against `fake`, run in a child task until `body` returns.
func withWatchService(
    input: URL, output: URL, fake: FakePhotoroom, watch: WatchOptions = WatchOptions(settle: .milliseconds(300)),
    concurrency: Int = 3, recorder: RunEventRecorder = RunEventRecorder(),
    _ body: (RunControl) async throws -> Void
) async throws -> RunOutcome {
    let control = RunControl()
    let options = scanningRunOptions(input: input, output: output, concurrency: concurrency)
    let runner = BatchRunner(
        options: options, submitter: fake, account: fake, inspector: WatchDecodingInspector(), reporter: recorder,
        control: control)
    let service = WatchService(runner: runner, watch: watch)
    return try await withThrowingTaskGroup(of: RunOutcome.self) { group in
        group.addTask { await service.watchUntilStopped() }
        do {
            try await body(control)
        } catch {
            await control.requestGracefulStop()
            throw error
        }
        await control.requestGracefulStop()
        return try await group.next()!
    }
}

@Suite("Watch service (end to end against a fake Photoroom)")
struct WatchServiceTests {
    @Test("existing files first, then new ones; each valid file billed once; corrupt files are invalid rows")
    func initialThenNew() async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("a.png").path, try watchPNG(1))
            try watchWrite(input.appendingPathComponent("b.png").path, try watchPNG(2))
            try watchWrite(input.appendingPathComponent("broken.png").path, Array(try watchPNG(3).prefix(60)))
            let fake = FakePhotoroom(balance: 1000)
            let outside = try WatchTempFolder("svc-outside")
            let recorder = RunEventRecorder()
            let outcome = try await withWatchService(input: input, output: output, fake: fake, recorder: recorder) {
                _ in
                #expect(await watchEventually { await fake.totalCharged == 2 })
                // New files: one in a folder created now, one moved in, one corrupt, one hidden.
                try FileManager.default.createDirectory(
                    at: input.appendingPathComponent("new"), withIntermediateDirectories: true)
                try watchWrite(input.appendingPathComponent("new/c.png").path, try watchPNG(4))
                try watchWrite(outside.sub("d.png"), try watchPNG(5))
                try FileManager.default.moveItem(
                    atPath: outside.sub("d.png"), toPath: input.appendingPathComponent("d.png").path)
                try watchWrite(
                    input.appendingPathComponent("late-broken.png").path, Array(try watchPNG(6).dropLast(30)))
                try watchWrite(input.appendingPathComponent(".hidden.png").path, try watchPNG(7))
                #expect(await watchEventually { await fake.totalCharged == 4 })
                let brokenReported = await watchEventually {
                    await recorder.events.contains {
                        if case .itemFinished(_, _, let item) = $0 { return item.inputPath == "late-broken.png" }
                        return false
                    }
                }
                #expect(brokenReported)
                // A file written last is billed only after every earlier change has settled and been dispatched:
                // a duplicate of one of the files above would be billed by then (or be in flight, and the graceful
                // stop lets it finish). It is also the positive control that the watch still bills new files.
                try watchWrite(input.appendingPathComponent("zz-barrier.png").path, try watchPNG(8))
                #expect(await watchEventually { await fake.totalCharged == 5 })
            }
            #expect(outcome.ending == .completed)
            #expect(outcome.exitCode == 1)  // Invalid files make the exit code 1, as in `run`.
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
            #expect(await fake.totalCharged == 5)
            let manifest = try readRunManifest(output)
            let status = Dictionary(uniqueKeysWithValues: manifest.items.map { ($0.inputPath, $0.status) })
            #expect(
                status == [
                    "a.png": .succeeded, "b.png": .succeeded, "new/c.png": .succeeded, "d.png": .succeeded,
                    "broken.png": .invalid, "late-broken.png": .invalid, "zz-barrier.png": .succeeded,
                ])
            #expect(manifest.run.state == .finished)
            for path in ["a.png", "b.png", "new/c.png", "d.png"] {
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path))
            }
        }
    }

    /// The edits billed for `shoe.png` (the fake keys its charges by the path it was sent).
    func shoeCharges(_ fake: FakePhotoroom) async -> Int {
        await fake.chargesByFile.filter { $0.key.hasSuffix("shoe.png") }.values.reduce(0, +)
    }

    @Test("a processed file whose content changes is billed again as a new item; unchanged rewrites are not")
    func changedFile() async throws {
        try await withRunDirectories { input, output in
            let fake = FakePhotoroom(balance: 1000)
            let path = input.appendingPathComponent("shoe.png").path
            let outcome = try await withWatchService(input: input, output: output, fake: fake) { _ in
                try watchWrite(path, try watchPNG(10))
                #expect(await watchEventually { await fake.totalCharged == 1 })
                try watchWrite(path, try watchPNG(10))  // Same bytes: not a new item.
                // Written after the rewrite, billed only once the rewrite has settled and been dispatched.
                try watchWrite(input.appendingPathComponent("zz-barrier.png").path, try watchPNG(12))
                #expect(await watchEventually { await fake.totalCharged == 2 })
                #expect(await shoeCharges(fake) == 1)
                try watchWrite(path, try watchPNG(11))  // The positive control: new bytes are a new item.
                #expect(await watchEventually { await shoeCharges(fake) == 2 })
            }
            #expect(outcome.exitCode == 0)
            #expect(await fake.totalCharged == 3)
            let manifest = try readRunManifest(output)
            #expect(manifest.items.map(\.inputPath).sorted() == ["shoe.png", "zz-barrier.png"])
            #expect(manifest.items.first?.sha256 == ContentDigest(hex: try ContentDigest.ofFile(atPath: path).hex).hex)
        }
    }

    @Test("a new watch on the same folders resumes without billing anything twice")
    func resumeWithoutDoubleBilling() async throws {
        try await withRunDirectories { input, output in
            for seed in UInt8(20)..<UInt8(25) {
                try watchWrite(input.appendingPathComponent("p\(seed).png").path, try watchPNG(seed))
            }
            let fake = FakePhotoroom(balance: 1000)
            let first = try await withWatchService(input: input, output: output, fake: fake) { _ in
                #expect(await watchEventually { await fake.totalCharged == 5 })
            }
            #expect(first.exitCode == 0)
            let callsAfterFirst = await fake.calls

            let second = try await withWatchService(input: input, output: output, fake: fake) { _ in
                try watchWrite(input.appendingPathComponent("fresh.png").path, try watchPNG(30))
                #expect(await watchEventually { await fake.totalCharged == 6 })
            }
            #expect(second.exitCode == 0)
            #expect(await fake.calls == callsAfterFirst + 1)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
            let manifest = try readRunManifest(output)
            #expect(manifest.items.filter { $0.status == .skipped }.count == 5)
            #expect(manifest.items.first { $0.inputPath == "fresh.png" }?.status == .succeeded)
        }
    }

    @Test("a graceful stop during processing finishes the calls in flight and leaves a complete manifest")
    func gracefulStopMidway() async throws {
        try await withRunDirectories { input, output in
            for seed in UInt8(40)..<UInt8(52) {
                try watchWrite(input.appendingPathComponent("q\(seed).png").path, try watchPNG(seed))
            }
            let fake = FakePhotoroom(balance: 1000, latency: .milliseconds(250))
            let outcome = try await withWatchService(input: input, output: output, fake: fake, concurrency: 2) { _ in
                #expect(await watchEventually { await fake.calls >= 3 })
            }
            #expect(outcome.ending == .completed)
            #expect(outcome.exitCode == 0)
            let manifest = try readRunManifest(output)
            #expect(manifest.run.state == .finished)
            #expect(manifest.items.count == 12)
            let succeeded = manifest.items.filter { $0.status == .succeeded }
            #expect(manifest.items.allSatisfy { $0.status == .succeeded || $0.status == .pending })
            #expect(succeeded.count == (await fake.totalCharged))
            #expect(succeeded.count < 12)

            // Resuming finishes the rest, billing nothing twice.
            let resumed = try await withWatchService(input: input, output: output, fake: fake) { _ in
                #expect(await watchEventually { await fake.totalCharged == 12 })
            }
            #expect(resumed.exitCode == 0)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("--on-low-balance stop ends with exit 3 when the next item cannot be paid for")
    func lowBalanceStop() async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("one.png").path, try watchPNG(60))
            let fake = FakePhotoroom(balance: 5)  // Basic: one edit costs 5 images.
            let control = RunControl()
            let runner = BatchRunner(
                options: scanningRunOptions(input: input, output: output), submitter: fake, account: fake,
                inspector: WatchDecodingInspector(), control: control)
            let service = WatchService(
                runner: runner, watch: WatchOptions(settle: .milliseconds(300), onLowBalance: .stop))
            let outcome = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                group.addTask { await service.watchUntilStopped() }
                #expect(await watchEventually { await fake.totalCharged == 1 })
                try watchWrite(input.appendingPathComponent("two.png").path, try watchPNG(61))
                let ended = try await group.next()!
                return ended
            }
            #expect(outcome.exitCode == 3)
            #expect(outcome.ending == .insufficientImages)
            #expect(await fake.totalCharged == 1)
            let manifest = try readRunManifest(output)
            #expect(manifest.items.first { $0.inputPath == "two.png" }?.status == .pending)
        }
    }

    @Test("--on-low-balance pause keeps watching, re-reads the balance and carries on after a top-up")
    func lowBalancePause() async throws {
        try await withRunDirectories { input, output in
            let fake = FakePhotoroom(balance: 5)
            let watch = WatchOptions(
                settle: .milliseconds(300), onLowBalance: .pause, balanceRetryInterval: .milliseconds(200))
            let outcome = try await withWatchService(input: input, output: output, fake: fake, watch: watch) { _ in
                try watchWrite(input.appendingPathComponent("first.png").path, try watchPNG(70))
                #expect(await watchEventually { await fake.totalCharged == 1 })
                try watchWrite(input.appendingPathComponent("second.png").path, try watchPNG(71))
                let readsBefore = await fake.accountReads
                #expect(await watchEventually { await fake.accountReads >= readsBefore + 3 })
                #expect(await fake.totalCharged == 1)
                await fake.topUp(5)
                #expect(await watchEventually { await fake.totalCharged == 2 })
            }
            #expect(outcome.exitCode == 0)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("--on-low-balance pause: the item answered 402 is pending again and goes out after the pause")
    func paymentRequiredItemIsSentAgainAfterAPause() async throws {
        try await withRunDirectories { input, output in
            let fake = FakePhotoroom(balance: 100)
            await fake.setScript([2: .status(402, "API credits exhausted")])
            let watch = WatchOptions(
                settle: .milliseconds(300), onLowBalance: .pause, balanceRetryInterval: .milliseconds(200))
            let outcome = try await withWatchService(input: input, output: output, fake: fake, watch: watch) { _ in
                try watchWrite(input.appendingPathComponent("first.png").path, try watchPNG(80))
                #expect(await watchEventually { await fake.totalCharged == 1 })
                try watchWrite(input.appendingPathComponent("second.png").path, try watchPNG(81))
                #expect(await watchEventually { await fake.totalCharged == 2 }, "sent again after the 402")
            }
            #expect(outcome.exitCode == 0)
            #expect(await fake.calls == 3)
            let manifest = try readRunManifest(output)
            #expect(manifest.items.first { $0.inputPath == "second.png" }?.status == .succeeded)
        }
    }

    @Test("an output folder inside the watched tree is refused")
    func outputInsideWatchedTree() async throws {
        try await withRunDirectories { input, _ in
            let fake = FakePhotoroom(balance: 100)
            let outcome = try await withWatchService(
                input: input, output: input.appendingPathComponent("results"), fake: fake
            ) { _ in }
            #expect(outcome.ending == .setupFailed)
            #expect(outcome.exitCode == 64)
            #expect(await fake.calls == 0)
        }
    }

    @Test("under a ServiceGroup, a graceful shutdown ends the watch with a finished manifest")
    func serviceGroupShutdown() async throws {
        try await withRunDirectories { input, output in
            try watchWrite(input.appendingPathComponent("x.png").path, try watchPNG(80))
            let fake = FakePhotoroom(balance: 100)
            let runner = BatchRunner(
                options: scanningRunOptions(input: input, output: output), submitter: fake, account: fake,
                inspector: WatchDecodingInspector())
            let service = WatchService(runner: runner, watch: WatchOptions(settle: .milliseconds(300)))
            let group = ServiceGroup(services: [service], logger: .init(label: "test"))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                #expect(await watchEventually { await fake.totalCharged == 1 })
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let outcome = await service.outcome
            #expect(outcome?.exitCode == 0)
            #expect(try readRunManifest(output).run.state == .finished)
        }
    }
}
