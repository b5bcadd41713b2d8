import Foundation

/// Writes `report.html`: one self-contained page (styles and script inline, the data embedded as JSON, nothing
/// fetched from the network) that opens from `file://`.
///
/// The data goes into a `<script type="application/json">` element with `<`, `>` and `&` written as JSON escapes,
/// so no value (a file named `</script><img onerror=…>.jpg`) can end the element; the page's script puts every
/// value into the document as text (`textContent`), never as markup.
public enum ReportWriter {
    /// The file name the pipeline uses, beside `manifest.json`.
    public static let fileName = "report.html"

    /// Writes the page for `document` to `url` atomically (temporary file + rename).
    ///
    /// - Throws: ``ReportError`` with code `encoding` or `io`.
    public static func write(_ document: ReportDocument, to url: URL) throws(ReportError) {
        try AtomicWrite.write(Array(html(for: document).utf8), to: url)
    }

    /// The page for `document`.
    ///
    /// - Throws: ``ReportError`` with code `encoding` when the document cannot be encoded as JSON.
    public static func html(for document: ReportDocument) throws(ReportError) -> String {
        let json = try embeddedJSON(document)
        let title = escapeHTML(document.summary.title)
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="generator" content="photoroom-batch">
            <link rel="icon" href="data:,">
            <title>\(title) · photoroom-batch report</title>
            <style>
            \(ReportPage.style)
            </style>
            </head>
            <body>
            \(ReportPage.skeleton)
            <script type="application/json" id="report-data">\(json)</script>
            <script>
            \(ReportPage.script)
            </script>
            </body>
            </html>

            """
    }

    /// Inline styles and scripts only; images from files beside the page (or data: URLs); no network at all.
    static let contentSecurityPolicy =
        "default-src 'none'; img-src file: data: 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        + "base-uri 'none'; form-action 'none'"

    /// The document as JSON that is safe inside a `<script>` element.
    static func embeddedJSON(_ document: ReportDocument) throws(ReportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do {
            data = try encoder.encode(document)
        } catch {
            throw ReportError(code: .encoding, message: "cannot encode the report's data: \(error)")
        }
        // `<`, `>` and `&` only occur inside JSON strings, where \u escapes mean the same characters.
        var escaped = [UInt8]()
        escaped.reserveCapacity(data.count + data.count / 16)
        for byte in data {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: Array("\\u003c".utf8))
            case UInt8(ascii: ">"): escaped.append(contentsOf: Array("\\u003e".utf8))
            case UInt8(ascii: "&"): escaped.append(contentsOf: Array("\\u0026".utf8))
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
