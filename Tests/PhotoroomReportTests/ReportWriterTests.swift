import Foundation
import Testing

@testable import PhotoroomReport

@Suite struct ReportWriterTests {
    @Test func embedsTheDataSoNoValueCanEndTheScript() async throws {
        try await withTemporaryDirectory { directory in
            let document = try makeSampleReport(in: directory)
            let html = try ReportWriter.html(for: document)
            // The hostile name appears only JSON-escaped: no raw `</script>` or `<img` besides the page's own code.
            #expect(!html.contains("</script><img"))
            #expect(!html.contains("onerror=alert(1)>"))
            #expect(html.contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e.jpg"))
            #expect(html.components(separatedBy: "</script>").count == 3)  // the data element and the code
            // The embedded JSON decodes back to the same document.
            let start = try #require(html.range(of: "<script type=\"application/json\" id=\"report-data\">"))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let decoded = try decoder.decode(
                ReportDocument.self, from: Data(html[start.upperBound..<end.lowerBound].utf8))
            #expect(decoded.items == document.items)
            #expect(decoded.summary.title == document.summary.title)
        }
    }

    @Test func fetchesNothingFromElsewhere() throws {
        let html = try ReportWriter.html(for: ReportDocument(summary: ReportSummary(title: "x"), items: []))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("src=\""))
        #expect(html.contains("Content-Security-Policy"))
    }

    @Test func escapesTheTitle() throws {
        let html = try ReportWriter.html(for: ReportDocument(summary: ReportSummary(title: "<b>&\"x'"), items: []))
        #expect(html.contains("<title>&lt;b&gt;&amp;&quot;x&#39; · photoroom-batch report</title>"))
    }

    @Test func replacesTheFileAtomically() async throws {
        try await withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("nested/report.html")
            try ReportWriter.write(ReportDocument(summary: ReportSummary(title: "one"), items: []), to: url)
            try ReportWriter.write(ReportDocument(summary: ReportSummary(title: "two"), items: []), to: url)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains("<title>two"))
            let names = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
            #expect(names == ["report.html"])
        }
    }
}
