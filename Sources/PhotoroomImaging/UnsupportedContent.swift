/// Names what a file really holds when it is not an image format we accept.
enum UnsupportedContent {
    /// A message such as "GIF image: /v2/edit accepts PNG, JPEG and WebP" or "text, not an image".
    static func describe(_ raw: UnsafeRawBufferPointer, format: ImageFormat) -> String {
        let accepted = "Photoroom's /v2/edit accepts PNG, JPEG and WebP"
        if format != .unknown { return "\(format.displayName) image: \(accepted)" }
        let head = Array(raw.prefix(512))
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document, not an image" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive, not an image" }
        if head.starts(with: Array("<svg".utf8)) || head.starts(with: Array("<?xml".utf8)) {
            return "XML/SVG text, not a raster image (\(accepted))"
        }
        if looksLikeText(head) { return "text, not an image (\(accepted))" }
        return "unrecognised data, not a PNG, JPEG or WebP image"
    }

    /// Printable ASCII/UTF-8 and common whitespace only.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        let printable = bytes.filter { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) }
        return printable.count == bytes.count && String(validating: bytes, as: UTF8.self) != nil
            || (printable.count == bytes.count && bytes.allSatisfy { $0 < 0x80 })
    }
}
