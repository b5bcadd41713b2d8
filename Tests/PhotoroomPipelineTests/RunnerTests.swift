import Foundation
import PhotoroomAPI
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// The runner against ``FakePhotoroom``: outcomes, retries, billing, resume, outputs.
@Suite struct RunnerTests {
    func makeInputs(_ input: URL, count: Int, invalid: Int = 0) throws {
        for index in 0..<count {
            try writeRunInput(input, "set\(index % 3)/img\(index).jpg", "image \(index)")
        }
        for index in 0..<invalid {
            try writeRunInput(input, "broken/bad\(index).jpg", "BAD \(index)")
        }
    }

    func run(
        _ options: RunOptions,
        _ fake: FakePhotoroom,
        control: RunControl = RunControl(),
        recorder: RunEventRecorder? = nil
    )
        async -> RunOutcome
    {
        await BatchRunner(
            options: options,
            submitter: fake,
            account: fake,
            inspector: ContentInspector(),
            reporter: recorder ?? RunEventRecorder(),
            control: control
        ).run()
    }

    @Test func everyValidInputGetsAnOutputAndARow() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 7, invalid: 2)
            try writeRunInput(input, "a/cat.jpg", "cat a")
            try writeRunInput(input, "b/cat.jpg", "cat b")
            let fake = FakePhotoroom(balance: 100)
            let outcome = await run(testRunOptions(input: input, output: output), fake)

            #expect(outcome.ending == .completed)
            #expect(outcome.exitCode == 1, "two inputs are invalid")
            let manifest = try readRunManifest(output)
            #expect(manifest.totals.inputs == 11)
            #expect(manifest.totals.succeeded == 9)
            #expect(manifest.totals.invalid == 2)
            #expect(manifest.totals.succeeded + manifest.totals.invalid == manifest.items.count)
            #expect(manifest.totals.imagesCharged == 45)
            #expect(await fake.totalCharged == 9)
            #expect(await fake.balance == 55)
            #expect(manifest.totals.balanceBefore == 100)
            #expect(manifest.totals.balanceAfter == 55)
            for item in manifest.items where item.status == .succeeded {
                let out = try #require(item.outputPath)
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(out).path))
                #expect(item.sha256?.count == 64)
                #expect(item.imagesCharged == 5)
                #expect(item.responseHeaders?.uncertaintyScore == "0.25")
                #expect(item.responseHeaders?.aiBackgroundSeed == "42")
                #expect(item.attempts == 1)
            }
            #expect(manifest.items.map(\.outputPath).contains("a/cat.png"))
            #expect(manifest.items.map(\.outputPath).contains("b/cat.png"))
            let bad = try #require(manifest.items.first { $0.inputPath == "broken/bad0.jpg" })
            #expect(bad.status == .invalid)
            #expect(bad.errorMessage == "bad0.jpg is not an image")
            #expect(outcome.failures.map(\.inputPath) == ["broken/bad0.jpg", "broken/bad1.jpg"])
            #expect(manifest.run.exitCode == 1)
            #expect(manifest.run.state == .finished)
            #expect(manifest.run.plan == "basic")
            // The run's own temporary folder is gone (others' would be left alone).
            let tmp = ManifestFiles(outputDirectory: output).temporaryRoot
            let left = (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []
            #expect(left.isEmpty)
        }
    }

    @Test func tooLowBalanceSendsNothingAndExits3() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 10)
            let fake = FakePhotoroom(balance: 48)
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            #expect(outcome.exitCode == 3)
            #expect(outcome.message == "needs 50 images (10 edits × 5 on Basic); 48 available; short by 2")
            #expect(outcome.shortfall?.alternativeCost == 10)
            #expect(await fake.calls == 0)
        }
    }

    @Test func budgetBelowTheCostSendsNothing() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 4)
            let fake = FakePhotoroom(balance: 1000, plan: .plus)
            var options = testRunOptions(input: input, output: output)
            options.maxCredits = 3
            let outcome = await run(options, fake)
            #expect(outcome.exitCode == 3)
            #expect(outcome.shortfall?.limit == .budget)
            #expect(await fake.calls == 0)
            options.maxCredits = 4
            #expect(await run(options, fake).exitCode == 0)
            #expect(await fake.totalCharged == 4)
        }
    }

    @Test func dryRunStopsAfterPreflight() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 5, invalid: 1)
            let fake = FakePhotoroom(balance: 1000)
            var options = testRunOptions(input: input, output: output)
            options.dryRun = true
            let outcome = await run(options, fake)
            #expect(outcome.ending == .dryRun)
            #expect(outcome.preflight?.toDo == 5)
            #expect(outcome.preflight?.cost == 25)
            #expect(outcome.preflight?.invalid == 1)
            #expect(await fake.calls == 0)
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func serverErrorsAnd429BurstsAreRetriedAndNothingIsBilledTwice() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 12)
            let fake = FakePhotoroom(balance: 1000)
            // Faults by each file's own attempt number (not the global call order, which depends on scheduling):
            // every third file gets a 500 then a 429 before it succeeds, every other one a 500.
            let attempts = AttemptCounter()
            await fake.setRule { _, name in
                let file = Int(name.dropFirst(3).dropLast(4)) ?? 0
                let attempt = attempts.next(name)
                if file % 3 == 0, attempt == 1 { return .status(500, "internal error") }
                if file % 3 == 0, attempt == 2 { return .status(429, "slow down", retryAfter: .milliseconds(5)) }
                if file % 2 == 1, attempt == 1 { return .status(500, "internal error") }
                return nil
            }
            let recorder = RunEventRecorder()
            let outcome = await run(testRunOptions(input: input, output: output), fake, recorder: recorder)
            #expect(outcome.exitCode == 0)
            #expect(outcome.totals.succeeded == 12)
            #expect(await fake.totalCharged == 12)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
            #expect(await fake.calls > 12)
            #expect(outcome.totals.imagesCharged == 60)
            let retries = await recorder.events.filter { if case .retrying = $0 { true } else { false } }
            #expect(retries.count == (await fake.calls) - 12)
        }
    }

    @Test func badRequestIsNotRetriedAndKeepsTheAPIMessage() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a.jpg", "a")
            let fake = FakePhotoroom(balance: 100)
            await fake.setScript([1: .status(400, "background.color must be a color")])
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            #expect(outcome.exitCode == 1)
            #expect(await fake.calls == 1)
            let row = try #require(outcome.failures.first)
            #expect(row.status == .failed)
            #expect(row.lastHTTPStatus == 400)
            #expect(row.errorMessage == "background.color must be a color")
            #expect(row.imagesCharged == 0)
        }
    }

    @Test func outOfImagesMidRunKeepsFinishedItemsAndTheRerunCompletesTheRest() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 10)
            let fake = FakePhotoroom(balance: 1000)
            // The account says 1000 but the service runs dry after 4 edits (someone else spent the rest).
            await fake.setRule { number, _ in number > 4 ? .status(402, "API credits exhausted") : nil }
            let first = await run(testRunOptions(input: input, output: output, concurrency: 2), fake)
            #expect(first.exitCode == 5)
            #expect(first.totals.succeeded == 4)
            #expect(first.totals.succeeded + first.totals.failed + first.totals.pending == 10)
            #expect(await fake.calls <= 6, "no new work starts after the 402; in-flight calls finish")

            await fake.setRule { _, _ in nil }
            let second = await run(testRunOptions(input: input, output: output, concurrency: 2), fake)
            #expect(second.exitCode == 0)
            #expect(second.totals.skipped == 4)
            #expect(second.totals.succeeded == 6)
            #expect(await fake.chargesByFile.count == 10)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
            #expect(second.totals.imagesChargedAllRuns == 50)
        }
    }

    @Test func resumeSkipsDoneItemsAndSettingsChangesMakeThemPending() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 5)
            let fake = FakePhotoroom(balance: 1000)
            #expect(await run(testRunOptions(input: input, output: output), fake).exitCode == 0)
            let again = await run(testRunOptions(input: input, output: output), fake)
            #expect(again.totals.skipped == 5)
            #expect(await fake.calls == 5)

            // A changed input and a deleted output are redone; the others stay done.
            try writeRunInput(input, "set0/img0.jpg", "changed")
            try FileManager.default.removeItem(at: output.appendingPathComponent("set1/img1.png"))
            let partial = await run(testRunOptions(input: input, output: output), fake)
            #expect(partial.totals.succeeded == 2)
            #expect(partial.totals.skipped == 3)

            let changed = await run(
                testRunOptions(input: input, output: output, edit: ["background.color": "FFFFFF"]),
                fake
            )
            #expect(changed.totals.succeeded == 5)
            #expect(await fake.calls == 12)

            var forced = testRunOptions(input: input, output: output, edit: ["background.color": "FFFFFF"])
            forced.force = true
            #expect(await run(forced, fake).totals.succeeded == 5)
            #expect(await fake.calls == 17)
        }
    }

    @Test func unknownOutcomeIsRetriedOnceAndFlagged() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a.jpg", "a")
            try writeRunInput(input, "b.jpg", "b")
            let fake = FakePhotoroom(balance: 1000)
            await fake.setRule { _, name in name == "a.jpg" ? .dropAfterBilling : nil }
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            let manifest = try readRunManifest(output)
            let a = try #require(manifest.items.first { $0.inputPath == "a.jpg" })
            #expect(a.status == .failed)
            #expect(a.attempts == 2, "one retry after an unknown outcome by default")
            #expect(a.unknownOutcomes == 2)
            #expect(a.possiblyBilledTwice)
            #expect(a.errorMessage?.contains("may have been billed") == true)
            #expect(await fake.chargesByFile.values.sorted() == [1, 2])
            #expect(manifest.totals.possiblyBilledTwice == 1)
            #expect(outcome.exitCode == 1)

            // Once it works again, the redo is flagged too: an earlier call may have billed it.
            await fake.setRule { _, _ in nil }
            _ = await run(testRunOptions(input: input, output: output), fake)
            let redone = try #require(try readRunManifest(output).items.first { $0.inputPath == "a.jpg" })
            #expect(redone.status == .succeeded)
            #expect(redone.possiblyBilledTwice)
        }
    }

    @Test func anAttemptLeftOpenByAKillIsFlaggedWhenRedone() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a.jpg", "a")
            try writeRunInput(input, "b.jpg", "b")
            let files = ManifestFiles(outputDirectory: output)
            let journal = try Journal(url: files.journal)
            try await journal.append(
                .attemptStarted(runID: "old", path: "a.jpg", sha256: "x", settingsHash: "y", attempt: 1)
            )
            await journal.close()
            let fake = FakePhotoroom(balance: 1000)
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            #expect(outcome.exitCode == 0)
            #expect(outcome.preflight?.possiblyBilledBefore == 1)
            let manifest = try readRunManifest(output)
            #expect(manifest.items.first { $0.inputPath == "a.jpg" }?.possiblyBilledTwice == true)
            #expect(manifest.items.first { $0.inputPath == "b.jpg" }?.possiblyBilledTwice == false)
        }
    }

    @Test func anExistingFileNotWrittenByTheToolIsNeverOverwrittenSilently() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a/cat.jpg", "a")
            try writeRunInput(input, "b/dog.jpg", "b")
            try writeRunInput(output, "a/cat.png", "precious")
            let fake = FakePhotoroom(balance: 1000)
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            #expect(outcome.exitCode == 1)
            let row = try #require(outcome.failures.first)
            #expect(row.errorCode == "output-exists")
            // The way out named is safe: move that file away (not --force, which would redo and re-bill everything).
            #expect(row.errorMessage?.contains("move that file away") == true)
            #expect(row.errorMessage?.contains("--force") == false)
            #expect(try String(contentsOf: output.appendingPathComponent("a/cat.png"), encoding: .utf8) == "precious")
            #expect(await fake.calls == 1)

            var forced = testRunOptions(input: input, output: output)
            forced.force = true
            #expect(await run(forced, fake).exitCode == 0)
            #expect(try Data(contentsOf: output.appendingPathComponent("a/cat.png")) == FakePhotoroom.result(for: "cat.jpg"))
        }
    }

    @Test func outputsThatCollideAreRefused() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "cat.jpg", "a")
            try writeRunInput(input, "cat.png", "b")
            let outcome = await run(testRunOptions(input: input, output: output), FakePhotoroom(balance: 100))
            #expect(outcome.totals.succeeded == 1)
            #expect(outcome.failures.first?.errorCode == "output-collision")
        }
    }

    @Test func outputInsideInputIsAUsageError() async throws {
        try await withRunDirectories { input, _ in
            try writeRunInput(input, "a.jpg", "a")
            let fake = FakePhotoroom(balance: 100)
            let outcome = await run(testRunOptions(input: input, output: input.appendingPathComponent("out")), fake)
            #expect(outcome.exitCode == 64)
            #expect(await fake.calls == 0)
        }
    }

    @Test func concurrencyIsBounded() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 20)
            let fake = FakePhotoroom(balance: 1000, latency: .milliseconds(20))
            let outcome = await run(testRunOptions(input: input, output: output, concurrency: 3), fake)
            #expect(outcome.exitCode == 0)
            let peak = await fake.peakInFlight
            #expect(peak <= 3)
            #expect(peak >= 2, "the window is actually used")
        }
    }

    @Test func authenticationFailureStopsTheRun() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 9)
            let fake = FakePhotoroom(balance: 1000)
            await fake.setRule { _, _ in .status(401, "invalid api key") }
            let outcome = await run(testRunOptions(input: input, output: output, concurrency: 2), fake)
            #expect(outcome.exitCode == 4)
            #expect(await fake.calls <= 3)
            #expect(outcome.totals.pending >= 6)
        }
    }

    @Test func maxErrorsStopsStartingNewWork() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 12)
            let fake = FakePhotoroom(balance: 1000)
            await fake.setRule { _, _ in .status(400, "nope") }
            var options = testRunOptions(input: input, output: output, concurrency: 1)
            options.maxErrors = 3
            let outcome = await run(options, fake)
            #expect(outcome.ending == .maxErrorsReached)
            #expect(outcome.exitCode == 1)
            #expect(await fake.calls == 3)
            #expect(outcome.totals.pending == 9)
        }
    }

    @Test func gracefulStopFinishesInFlightCallsAndExits130() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 30)
            let fake = FakePhotoroom(balance: 1000, latency: .milliseconds(30))
            let control = RunControl()
            await fake.setRule { number, _ in
                if number == 4 { Task { await control.requestStop() } }
                return nil
            }
            let outcome = await run(
                testRunOptions(input: input, output: output, concurrency: 2),
                fake,
                control: control
            )
            #expect(outcome.exitCode == 130)
            let manifest = try readRunManifest(output)
            #expect(manifest.run.exitCode == 130)
            #expect(manifest.totals.failed == 0, "in-flight calls finished")
            #expect(manifest.totals.succeeded == (await fake.calls))
            #expect(manifest.totals.pending == 30 - manifest.totals.succeeded)
            #expect(manifest.totals.pending > 0)
            // Resume finishes the rest without redoing anything.
            let rest = await run(testRunOptions(input: input, output: output), fake)
            #expect(rest.exitCode == 0)
            #expect(await fake.chargesByFile.values.allSatisfy { $0 == 1 })
            #expect(await fake.chargesByFile.count == 30)
        }
    }

    @Test func theKeyNeverReachesTheManifestOrTheJournal() async throws {
        try await withRunDirectories { input, output in
            try writeRunInput(input, "a.jpg", "a")
            try writeRunInput(input, "b.jpg", "b")
            let key = "sk_live_SECRET1234567890"
            let fake = FakePhotoroom(balance: 100)
            await fake.setRule { _, name in name == "a.jpg" ? .status(400, "bad request for key \(key)") : nil }
            var options = testRunOptions(input: input, output: output)
            let apiKey = try #require(APIKey(key))
            options.redact = { apiKey.redact($0) }
            let recorder = RunEventRecorder()
            let outcome = await run(options, fake, recorder: recorder)
            #expect(outcome.failures.first?.errorMessage?.contains("…7890") == true)
            let files = ManifestFiles(outputDirectory: output)
            for url in [files.manifest, files.journal] {
                #expect(try !String(contentsOf: url, encoding: .utf8).contains(key))
            }
            #expect(!"\(await recorder.events)".contains(key))
        }
    }

    @Test func aRefusedKeyAtPreflightExits4WithoutEditCalls() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 3)
            let fake = FakePhotoroom(balance: 1000)
            await fake.setAccountFailure(PhotoroomAPIError(code: .forbidden, message: "forbidden", httpStatus: 403))
            let outcome = await run(testRunOptions(input: input, output: output), fake)
            #expect(outcome.exitCode == 4)
            #expect(await fake.calls == 0)
        }
    }

    @Test func aSandboxKeyRunsFreeEvenWhenTheAccountCannotBeRead() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 3)
            let fake = FakePhotoroom(balance: 0)
            await fake.setAccountFailure(PhotoroomAPIError(code: .forbidden, message: "forbidden", httpStatus: 403))
            var options = testRunOptions(input: input, output: output)
            options.sandbox = true
            await fake.topUp(100)
            let outcome = await run(options, fake)
            #expect(outcome.exitCode == 0)
            #expect(outcome.preflight?.cost == 0)
            #expect(outcome.totals.succeeded == 3)
            #expect(outcome.totals.imagesCharged == 0)
        }
    }

    @Test func autoPlanWithoutAnAccountIsAConfigurationError() async throws {
        try await withRunDirectories { input, output in
            try makeInputs(input, count: 2)
            let fake = FakePhotoroom(balance: 100)
            let outcome = await BatchRunner(
                options: testRunOptions(input: input, output: output),
                submitter: fake,
                account: nil,
                inspector: ContentInspector()
            ).run()
            #expect(outcome.exitCode == 64)
            #expect(outcome.message?.contains("--plan") == true)
            var fixed = testRunOptions(input: input, output: output, plan: .fixed(.plus))
            fixed.dryRun = true
            let dry = await BatchRunner(options: fixed, submitter: fake, account: nil, inspector: ContentInspector())
                .run()
            #expect(dry.exitCode == 0)
            #expect(dry.preflight?.cost == 2)
            #expect(dry.preflight?.balance == nil)
            #expect(await fake.calls == 0)
        }
    }
}

/// Counts calls per file name (thread-safe), for fault rules keyed by a file's own attempt number.
final class AttemptCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func next(_ name: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        counts[name, default: 0] += 1
        return counts[name]!
    }
}
