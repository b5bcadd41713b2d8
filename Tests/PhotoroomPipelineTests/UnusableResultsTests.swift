import Foundation
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// Issue 17, money rules 1 and 2 against the emulator: duplicates follow their leader (a twin of an input billed
/// without a usable result is not sent), and a run stops paying once billed results fail their check in a row.
@Suite struct UnusableResultsTests {
    typealias Support = RunEmulatorSupport

    /// `export.format` JPEG; the emulator's wrong-format fault answers PNG.
    static let jpegEdit = ["background.color": "FFFFFF", "export.format": "jpeg"]

    /// An emulator that answers every billed call with a result of the wrong format.
    static func wrongFormatEmulator() -> EmulatorConfiguration {
        var faults = FaultConfiguration()
        faults.damagedResultEvery = 1
        faults.damagedResultKind = .wrongFormat
        return Support.emulator(credits: 1000, faults: faults)
    }

    /// Writes `contents` distinct images, each under `copies` names (`c0-0.png`, `c0-1.png`, ...).
    static func writeImages(contents: Int, copies: Int, in input: URL) throws {
        for content in 0..<contents {
            let bytes = try Support.png(seed: content + 1)
            for copy in 0..<copies { try bytes.write(to: input.appendingPathComponent("c\(content)-\(copy).png")) }
        }
    }

    @Test func aRunWhoseResultsAllFailTheirCheckStopsAfterFiveBilled() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(contents: 10, copies: 1, in: input)
            try await Emulator.withEmulator(Self.wrongFormatEmulator()) { running in
                let options = testRunOptions(input: input, output: output, edit: Self.jpegEdit, concurrency: 1)
                let outcome = await Support.run(options, running)
                #expect(outcome.ending == .unusableResults)
                #expect(outcome.exitCode == 1)
                #expect(outcome.message?.contains("asked for JPEG, got PNG 5 times: check export.format") == true)
                #expect(await running.state().successfulEdits == 5, "no call starts after the fifth unusable result")
                let manifest = try readRunManifest(output)
                #expect(manifest.items.filter { $0.errorCode == "result-invalid" }.count == 5)
                #expect(manifest.items.filter { $0.status == .pending }.count == 5)
                #expect(RunSummary.text(outcome).contains("Stopped paying for unusable results"))
            }
        }
    }

    @Test func zeroNeverStopsAndAUsableResultEndsTheStreak() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(contents: 6, copies: 1, in: input)
            // Positive control: with the stop off, every call of the same batch is made (and billed).
            try await Emulator.withEmulator(Self.wrongFormatEmulator()) { running in
                var options = testRunOptions(input: input, output: output, edit: Self.jpegEdit, concurrency: 1)
                options.maxUnusableResults = 0
                let outcome = await Support.run(options, running)
                #expect(outcome.ending == .completed)
                #expect(await running.state().successfulEdits == 6)
            }
            // Every other result is usable: two in a row never fail, so a limit of 2 never trips.
            var faults = FaultConfiguration()
            faults.damagedResultEvery = 2
            faults.damagedResultKind = .wrongFormat
            let other = output.appendingPathComponent("other", isDirectory: true)
            try await Emulator.withEmulator(Support.emulator(credits: 1000, faults: faults)) { running in
                var options = testRunOptions(input: input, output: other, edit: Self.jpegEdit, concurrency: 1)
                options.maxUnusableResults = 2
                let outcome = await Support.run(options, running)
                #expect(outcome.ending == .completed)
                #expect(await running.state().successfulEdits == 6)
            }
        }
    }

    @Test func aTwinOfAnInputBilledWithoutAUsableResultIsNotSent() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(contents: 5, copies: 2, in: input)
            try await Emulator.withEmulator(Self.wrongFormatEmulator()) { running in
                var options = testRunOptions(input: input, output: output, edit: Self.jpegEdit)
                options.maxUnusableResults = 0
                let outcome = await Support.run(options, running)
                #expect(outcome.exitCode == 1)
                #expect(await running.state().successfulEdits == 5, "one bill per content, not one per file")
                let manifest = try readRunManifest(output)
                let billed = manifest.items.filter { $0.errorCode == "result-invalid" }
                let twins = manifest.items.filter { $0.errorCode == "twin-billed-unusable" }
                #expect(billed.count == 5)
                #expect(twins.count == 5)
                #expect(manifest.totals.imagesCharged == 25)
                for twin in twins {
                    let leader = try #require(billed.first { $0.sha256 == twin.sha256 })
                    #expect(
                        twin.errorMessage?.contains(
                            "not sent: its twin \(leader.inputPath) was billed without a usable result") == true)
                    #expect(twin.imagesCharged == 0)
                }
                _ = await Support.run(options, running)
                #expect(await running.state().successfulEdits == 5, "a re-run sends none of them")
            }
        }
    }

    @Test func inWatchATwinOfAnInputBilledWithoutAUsableResultIsNotSent() async throws {
        try await withRunDirectories { input, output in
            try Self.writeImages(contents: 3, copies: 2, in: input)
            try await Emulator.withEmulator(Self.wrongFormatEmulator()) { running in
                let control = RunControl()
                let rows = FinishedRows()
                var options = scanningRunOptions(input: input, output: output)
                options.edit = EditSettings(parameters: Self.jpegEdit)
                options.maxUnusableResults = 0
                let runner = BatchRunner(
                    options: options, client: Support.client(running), inspector: ImageValidatorInspector(),
                    reporter: rows, control: control)
                let service = WatchService(runner: runner, watch: WatchOptions(settle: .milliseconds(300)))
                let outcome = await withTaskGroup(of: RunOutcome?.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    // Positive control: all six rows are counted (the twins settled) before the watch is stopped.
                    #expect(await watchEventually { await rows.count == 6 })
                    await control.requestGracefulStop()
                    return await group.next() ?? nil
                }
                #expect(outcome?.exitCode == 1)
                #expect(await running.state().successfulEdits == 3, "one bill per content, not one per file")
                let manifest = try readRunManifest(output)
                #expect(manifest.items.filter { $0.errorCode == "twin-billed-unusable" }.count == 3)
            }
        }
    }

    @Test func maxUnusableResultsIsReadFromPipelineJSON() throws {
        let parsed = try PipelineConfiguration.parse(Data(#"{"maxUnusableResults": 3}"#.utf8), file: "pipeline.json")
        #expect(parsed.maxUnusableResults == 3)
        #expect(try PipelineConfiguration.parse(Data("{}".utf8), file: "pipeline.json").maxUnusableResults == 5)
        #expect(throws: ConfigurationError.self) {
            try PipelineConfiguration.parse(Data(#"{"maxUnusableResults": -1}"#.utf8), file: "pipeline.json")
        }
        let options = RunOptions(
            configuration: parsed, inputDirectory: URL(fileURLWithPath: "/in"),
            outputDirectory: URL(fileURLWithPath: "/out"), inputs: [], sandbox: false, toolVersion: "test",
            redact: { $0 })
        #expect(options.maxUnusableResults == 3)
    }

    /// The streak as a table: each row is the checked results in order (`nil` passed), the limit, and the stop's
    /// message (nil: no stop).
    @Test(
        arguments: [
            ([wrongFormat, wrongFormat, wrongFormat], 3, "asked for JPEG, got PNG 3 times: check export.format"),
            ([wrongFormat, wrongFormat, nil, wrongFormat, wrongFormat], 3, nil),
            ([wrongFormat, wrongFormat, wrongFormat, wrongFormat], 0, nil),
            (
                [wrongFormat, wrongSize, wrongSize], 3,
                "3 billed results in a row failed their check (last: the result is 1x1"
            ),
            ([wrongSize, wrongSize], 2, "results of another size than asked for 2 times: check edit.outputSize"),
        ] as [([ResultProblem?], Int, String?)])
    func theStreakStopsOnlyOnUnusableResultsInARow(results: [ResultProblem?], limit: Int, stop: String?) {
        var streak = UnusableResultStreak(limit: limit)
        var messages: [String] = []
        for result in results {
            if let message = streak.note(result) { messages.append(message) }
        }
        #expect(messages.count == (stop == nil ? 0 : 1))
        if let stop { #expect(messages.first?.hasPrefix(stop) == true) }
    }
}

private let wrongFormat = ResultProblem(
    kind: .format, message: "asked for JPEG (export.format), got PNG bytes", summary: "asked for JPEG, got PNG",
    hint: "check export.format")
private let wrongSize = ResultProblem(
    kind: .size, message: "the result is 1x1, outputSize asked for 2x2",
    summary: "results of another size than asked for", hint: "check edit.outputSize")

/// Counts the rows a run or watch reports finished.
actor FinishedRows: RunEventSink {
    private(set) var count = 0

    func handle(_ event: RunEvent) async {
        if case .itemFinished = event { count += 1 }
    }
}
