import Foundation
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// Collects written text.
final class RunTextSink: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []
    var text: String { lock.withLock { chunks.joined() } }
    var writer: RunTextWriter { { [self] chunk in lock.withLock { chunks.append(chunk) } } }
}

@Suite struct RunReporterTests {
    func item(_ path: String, _ status: ManifestItem.Status, message: String? = nil, http: Int? = nil) -> ManifestItem {
        let start = Date(timeIntervalSince1970: 0)
        return ManifestItem(
            inputPath: path,
            settingsHash: "s",
            status: status,
            imagesCharged: status == .succeeded ? 5 : 0,
            attempts: 1,
            lastHTTPStatus: http,
            errorMessage: message,
            timings: .init(startedAt: start, finishedAt: start.addingTimeInterval(1.2), totalSeconds: 1.2)
        )
    }

    var preflight: RunPreflight {
        RunPreflight(
            inputs: 3,
            invalid: 1,
            alreadyDone: 0,
            blocked: 0,
            toDo: 2,
            possiblyBilledBefore: 0,
            plan: .basic,
            sandbox: false,
            costPerEdit: 5,
            cost: 10,
            balance: 100
        )
    }

    func outcome() -> RunOutcome {
        var totals = RunManifest.Totals()
        totals.count([item("shoes/a.jpg", .succeeded), item("shoes/b.jpg", .failed, message: "bad color", http: 400)])
        totals.balanceBefore = 100
        totals.balanceAfter = 95
        return RunOutcome(
            ending: .completed,
            preflight: preflight,
            totals: totals,
            failures: [item("shoes/b.jpg", .failed, message: "bad color", http: 400)],
            manifestPath: "/out/manifest.json",
            seconds: 2.5
        )
    }

    @Test func linesGiveOneLinePerItemAndASummaryListingFailures() async {
        let sink = RunTextSink()
        let reporter = RunReporters.make(
            style: .auto,
            json: false,
            isTerminal: false,
            standardOutput: { _ in Issue.record("nothing on stdout") },
            standardError: sink.writer
        )
        await reporter.handle(.preflightFinished(preflight))
        await reporter.handle(.itemFinished(index: 1, total: 2, item: item("shoes/a.jpg", .succeeded)))
        await reporter.handle(
            .itemFinished(index: 2, total: 2, item: item("shoes/b.jpg", .failed, message: "bad color", http: 400))
        )
        await reporter.handle(.finished(outcome()))
        let text = sink.text
        #expect(
            text.contains("preflight: 3 inputs, 1 invalid, 2 to do: 10 images on Basic (5 per edit); balance 100\n")
        )
        #expect(text.contains("[1/2] shoes/a.jpg ok 1.2s\n"))
        #expect(text.contains("[2/2] shoes/b.jpg failed (HTTP 400) 1.2s: bad color\n"))
        #expect(text.contains("Done in 2.5s: 1 succeeded, 1 failed, 0 invalid, 0 skipped."))
        #expect(text.contains("balance before 100, after 95 (spent 5; the manifest accounts for 5)"))
        #expect(text.contains("Failures:\n  shoes/b.jpg: failed: bad color\n"))
    }

    @Test func ndjsonGivesOneObjectPerEvent() async throws {
        let out = RunTextSink()
        let err = RunTextSink()
        let reporter = RunReporters.make(
            style: .none,
            json: true,
            isTerminal: false,
            standardOutput: out.writer,
            standardError: err.writer
        )
        await reporter.handle(.preflightStarted(inputs: 3))
        await reporter.handle(.preflightFinished(preflight))
        await reporter.handle(.itemFinished(index: 1, total: 2, item: item("shoes/a.jpg", .succeeded)))
        await reporter.handle(.retrying(path: "x.jpg", attempt: 1, delaySeconds: 0.5, reason: "rate limited"))
        await reporter.handle(.finished(outcome()))
        let lines = out.text.split(separator: "\n")
        #expect(lines.count == 5)
        var events: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            events.append(object["event"] as? String ?? "?")
        }
        #expect(events == ["preflight-started", "preflight", "item", "retry", "finished"])
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines[4].utf8)) as? [String: Any])
        #expect(last["exitCode"] as? Int == 1)
        #expect(err.text.contains("Done in 2.5s"), "--progress none still prints the end summary")
    }

    @Test func barRedrawsInPlaceAndPrintsFailuresAbove() async {
        let sink = RunTextSink()
        let reporter = ProgressBarRunReporter(write: sink.writer, width: 10)
        await reporter.handle(.preflightFinished(preflight))
        await reporter.handle(.itemFinished(index: 1, total: 2, item: item("shoes/a.jpg", .succeeded)))
        let line = await reporter.line()
        #expect(line.hasPrefix("[#####.....] 1/2 "))
        #expect(line.contains("ETA"))
        #expect(line.hasSuffix("5 images"))
        await reporter.handle(
            .itemFinished(index: 2, total: 2, item: item("shoes/b.jpg", .failed, message: "bad color", http: 400))
        )
        await reporter.handle(.finished(outcome()))
        let text = sink.text
        #expect(text.contains("\r\u{1B}[2K[##########] 2/2"))
        #expect(text.contains("[2/2] shoes/b.jpg failed (HTTP 400) 1.2s: bad color\n"))
        #expect(text.contains("1 failed"))
        #expect(text.hasSuffix("Manifest: /out/manifest.json\n"))
    }

    @Test func shortfallSummaryGivesTheNumbersAndTheOptions() {
        var pre = preflight
        pre.toDo = 50
        pre.cost = 250
        pre.balance = 120
        pre.alternativePlan = .plus
        pre.alternativeCost = 50
        let shortfall = pre.shortfall!
        let text = RunSummary.text(
            RunOutcome(
                ending: .insufficientImages,
                message: shortfall.description,
                preflight: pre,
                shortfall: shortfall
            )
        )
        #expect(
            text.contains("Not enough images: needs 250 images (50 edits × 5 on Basic); 120 available; short by 130")
        )
        #expect(text.contains("  - on Plus the same work costs 50 images"))
    }
}
