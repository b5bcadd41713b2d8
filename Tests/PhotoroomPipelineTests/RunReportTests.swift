import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import Testing

/// The report a run keeps up to date by itself: thumbnails made by the workers as items finish, and a
/// `report.html` whose cards are the manifest's items, without the `report` command.
@Suite struct RunReportTests {
    typealias Support = RunEmulatorSupport

    /// The JSON embedded in `report.html` (`<script type="application/json" id="report-data">`).
    static func reportData(_ output: URL) throws -> [String: Any] {
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let opening = #"<script type="application/json" id="report-data">"#
        let start = try #require(html.range(of: opening))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = Data(html[start.upperBound..<end.lowerBound].utf8)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    static func thumbnailFiles(_ output: URL) -> Set<String> {
        let folder = output.appendingPathComponent(".photoroom-batch/thumbs")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return Set(files.filter { $0.hasSuffix(".jpg") }.map { ".photoroom-batch/thumbs/" + $0 })
    }

    @Test func aRunLeavesThumbnailsForItsItemsAndAReportWhoseCardsAreTheItems() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 6, invalid: 1)
            // Same content as shelf0/cat.png under another name: a copy of its paid result (reused).
            try FileManager.default.copyItem(
                at: input.appendingPathComponent("shelf0/cat.png"), to: input.appendingPathComponent("copy.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(testRunOptions(input: input, output: output), running)
                #expect(outcome.exitCode == 1, "one input is invalid")
            }
            let manifest = try readRunManifest(output)
            #expect(manifest.totals.succeeded == 6)
            #expect(manifest.totals.reused == 1)
            #expect(manifest.totals.invalid == 1)
            #expect(manifest.run.inputDirectory == input.standardizedFileURL.path)

            let data = try Self.reportData(output)
            let cards = try #require(data["items"] as? [[String: Any]])
            #expect(cards.map { $0["path"] as? String } == manifest.items.map(\.inputPath))
            let files = Self.thumbnailFiles(output)
            for (card, item) in zip(cards, manifest.items) {
                let status = card["status"] as? String
                #expect(status == item.status.rawValue)
                let inputThumb = card["inputThumbnail"] as? String
                let outputThumb = card["outputThumbnail"] as? String
                if item.status == .invalid {
                    // A truncated PNG does not decode: no thumbnail, and the item is still reported.
                    #expect(inputThumb == nil)
                } else {
                    #expect(inputThumb.map(files.contains) == true, "\(item.inputPath): input thumbnail")
                    #expect(outputThumb.map(files.contains) == true, "\(item.inputPath): result thumbnail")
                    #expect(card["outputPath"] as? String == item.outputPath)
                }
            }
            // The copy's result has the same bytes as its source: one thumbnail serves both.
            let byPath = Dictionary(uniqueKeysWithValues: cards.map { ($0["path"] as? String ?? "", $0) })
            #expect(
                byPath["copy.png"]?["outputThumbnail"] as? String == byPath["shelf0/cat.png"]?["outputThumbnail"]
                    as? String)
            // 6 distinct inputs and 6 distinct results.
            #expect(files.count == 12)
            let summary = try #require(data["summary"] as? [String: Any])
            #expect(summary["inputBaseHref"] as? String == "../in/")
            let savings = try #require(summary["savings"] as? [[String: Any]])
            #expect(savings.count == 1)
            #expect((savings.first?["images"] as? NSNumber)?.intValue == 5, "one reused edit on Basic")
        }
    }

    @Test func noReportLeavesNeitherPageNorThumbnails() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 3)
            var unreported = testRunOptions(input: input, output: output)
            unreported.report = false
            let options = unreported
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let outcome = await Support.run(options, running)
                #expect(outcome.exitCode == 0)
            }
            #expect(try readRunManifest(output).totals.succeeded == 3)
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path))
            #expect(Self.thumbnailFiles(output).isEmpty)
        }
    }
}
