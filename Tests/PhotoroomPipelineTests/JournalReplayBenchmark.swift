import Foundation
import Testing

@testable import PhotoroomPipeline

/// Times the replay of a 100,000-line journal (prints figures, asserts only that every line was read).
/// Disabled unless `JOURNAL_REPLAY_BENCH=1`; `benchmarks/journal-replay.sh` measures the release binary.
@Suite("Journal replay benchmark", .enabled(if: ProcessInfo.processInfo.environment["JOURNAL_REPLAY_BENCH"] == "1"))
struct JournalReplayBenchmark {
    @Test func replayOfAHundredThousandLines() throws {
        let encoder = ManifestWriter.makeEncoder(pretty: false)
        var data = Data()
        let lines = 100_000
        for index in 0..<(lines / 2) {
            let path = "shelf\(index % 50)/item\(index).jpg"
            let sha = String(repeating: String(index % 10), count: 64)
            data.append(
                try encoder.encode(
                    JournalEntry.attemptStarted(runID: "bench", path: path, sha256: sha, settingsHash: "s", attempt: 1))
            )
            data.append(0x0A)
            var item = ManifestItem(
                inputPath: path, sha256: sha, format: "jpeg", width: 900, height: 1200, bytes: 31337,
                settingsHash: "s", status: .succeeded, outputPath: path, imagesCharged: 5, attempts: 1,
                lastHTTPStatus: 200)
            item.outputSHA256 = sha
            item.timings = .init(startedAt: Date(), finishedAt: Date(), totalSeconds: 1.2, callSeconds: 1.1)
            data.append(try encoder.encode(JournalEntry.itemFinished(runID: "bench", item: item)))
            data.append(0x0A)
        }
        let started = ContinuousClock.now
        let index = ResumeIndex.replay(data: data)
        let elapsed = ContinuousClock.now - started
        print("journal replay: \(lines) lines, \(data.count / 1024) KiB, \(elapsed) (debug build)")
        #expect(index.records == lines)
    }
}
