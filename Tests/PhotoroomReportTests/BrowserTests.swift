import Foundation
import PhotoroomImaging
import Testing

@testable import PhotoroomReport

/// Opens the report in a real browser. Skipped (with the reason shown) where no Chromium is installed; `.ci/run`
/// installs Debian's `chromium-headless-shell`.
@Suite(
    .enabled(
        if: HeadlessBrowser.found != nil,
        "no headless Chromium: install chromium-headless-shell (apt) or set PHOTOROOM_BATCH_BROWSER"),
    .serialized)
struct BrowserTests {
    @Test func showsOneCardPerItemWithoutConsoleErrors() async throws {
        let browser = try #require(HeadlessBrowser.found)
        try await withTemporaryDirectory { directory in
            let document = try makeSampleReport(in: directory)
            let page = directory.appendingPathComponent("report.html")
            try ReportWriter.write(document, to: page)
            let load = try browser.load(page)
            #expect(load.exitCode == 0)
            #expect(load.consoleErrors == [])
            #expect(!load.dom.contains("data-errors=\""))
            #expect(count(of: "<article class=\"card", in: load.dom) == document.items.count)
            #expect(load.dom.contains("data-cards=\"\(document.items.count)\""))
            #expect(load.dom.contains("data-ready-ms=\""))
            // The hostile file name is shown as text, never parsed as markup.
            #expect(load.dom.contains("evil/&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.jpg"))
            #expect(!load.dom.contains("<img src=\"x\""))
            // The filter counts are right: 3 succeeded, 1 failed, 1 invalid, 1 reused; 2 to check (0.71 and -1).
            #expect(load.dom.contains("data-status=\"succeeded\" data-count=\"3\""))
            #expect(load.dom.contains("data-status=\"failed\" data-count=\"1\""))
            #expect(load.dom.contains("data-status=\"all\" data-count=\"6\""))
            let check = "id=\"check-filter\" class=\"chip check\" type=\"button\" aria-pressed=\"false\""
            #expect(load.dom.contains(check + " data-count=\"2\""))
        }
    }

    @Test func aFilterInTheURLChangesTheCardsAndTheCounts() async throws {
        let browser = try #require(HeadlessBrowser.found)
        try await withTemporaryDirectory { directory in
            let document = try makeSampleReport(in: directory)
            let page = directory.appendingPathComponent("report.html")
            try ReportWriter.write(document, to: page)
            let all = try browser.load(page)
            let failed = try browser.load(URL(string: page.absoluteString + "#status=failed")!)
            #expect(failed.consoleErrors == [])
            let allCards = count(of: "<article class=\"card", in: all.dom)
            let failedCards = count(of: "<article class=\"card", in: failed.dom)
            #expect(allCards == 6)
            #expect(failedCards == 1)
            #expect(failed.dom.contains("data-matching=\"1\""))
            // Faceted counts: under "check this cutout", the status chips count only the items to check.
            let checked = try browser.load(URL(string: page.absoluteString + "#check=1")!)
            #expect(count(of: "<article class=\"card", in: checked.dom) == 2)
            #expect(checked.dom.contains("data-status=\"succeeded\" data-count=\"1\""))
            #expect(checked.dom.contains("data-status=\"reused\" data-count=\"1\""))
            let searched = try browser.load(URL(string: page.absoluteString + "#q=shoes")!)
            #expect(count(of: "<article class=\"card", in: searched.dom) == 3)
        }
    }

    @Test func theScreenshotIsNotBlank() async throws {
        let browser = try #require(HeadlessBrowser.found)
        try await withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("report.html")
            try ReportWriter.write(try makeSampleReport(in: directory), to: page)
            let shot = directory.appendingPathComponent("shot.png")
            let load = try browser.load(page, screenshot: shot, width: 1000, height: 800)
            #expect(load.consoleErrors == [])
            let image = try ImageCodec.decode([UInt8](try Data(contentsOf: shot)))
            #expect((image.width, image.height) == (1000, 800))
            // Luminance spread and distinct colours: a blank (or single-colour) page has neither.
            var sum = 0.0
            var squares = 0.0
            var colours = Set<UInt32>()
            let pixels = image.width * image.height
            for index in 0..<pixels {
                let r = Double(image.pixels[index * 4])
                let g = Double(image.pixels[index * 4 + 1])
                let b = Double(image.pixels[index * 4 + 2])
                let luminance = 0.299 * r + 0.587 * g + 0.114 * b
                sum += luminance
                squares += luminance * luminance
                if index % 7 == 0 {
                    colours.insert(
                        UInt32(image.pixels[index * 4]) << 16 | UInt32(image.pixels[index * 4 + 1]) << 8
                            | UInt32(image.pixels[index * 4 + 2]))
                }
            }
            let mean = sum / Double(pixels)
            let variance = squares / Double(pixels) - mean * mean
            #expect(variance > 100)
            #expect(colours.count > 200)
        }
    }
}

func count(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
