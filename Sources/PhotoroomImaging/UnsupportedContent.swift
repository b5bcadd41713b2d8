/// Names what a file really holds when it is not an image format we accept.
enum UnsupportedContent {
    static let accepted = "Photoroom's /v2/edit accepts PNG, JPEG and WebP"

    /// A message such as "GIF image: Photoroom's /v2/edit accepts PNG, JPEG and WebP; convert it to PNG"
    /// or "text, not an image (…)".
    static func describe(_ raw: UnsafeRawBufferPointer, format: ImageFormat) -> String {
        switch format {
        case .heic:
            return "HEIC/HEIF image: \(accepted) (only the Remove Background API takes HEIC); convert it to JPEG"
        case .gif, .bmp, .tiff, .avif:
            let target = format == .gif ? "PNG" : "PNG or JPEG"
            return "\(format.displayName) image: \(accepted); convert it to \(target)"
        case .png, .jpeg, .webp, .unknown:
            break
        }
        let head = Array(raw.prefix(512))
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document, not an image (\(accepted))" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive, not an image (\(accepted))" }
        if head.starts(with: Array("<svg".utf8)) || head.starts(with: Array("<?xml".utf8)) {
            return "XML/SVG text, not a raster image (\(accepted))"
        }
        if looksLikeText(head) { return "text, not an image (\(accepted))" }
        return "unrecognised data, not a PNG, JPEG or WebP image"
    }

    /// The PNG signature, `89 50 4E 47 0D 0A 1A 0A`: its CR LF, lone LF and high-bit byte exist to catch text-mode
    /// transfers.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A message when `head` is a PNG whose signature a text-mode transfer changed (CR LF turned into LF, LF into
    /// CR LF, or the high bit stripped), `nil` otherwise.
    static func damagedPNGSignature(_ head: [UInt8]) -> String? {
        guard head.count >= 4, head[1] == 0x50, head[2] == 0x4E, head[3] == 0x47, head[0] == 0x89 || head[0] == 0x09
        else { return nil }
        let rest = Array(head.dropFirst(4).prefix(6))
        let change: String
        if head[0] == 0x09 {
            change = "the high bit of its first byte was stripped (a 7-bit transfer)"
        } else if rest.starts(with: [0x0A, 0x1A, 0x0A]) {
            change = "its CR LF became LF (line endings converted to Unix)"
        } else if rest.starts(with: [0x0D, 0x0D, 0x0A, 0x1A, 0x0D, 0x0A]) || rest.starts(with: [0x0D, 0x0D, 0x0A]) {
            change = "its LF became CR LF (line endings converted to Windows)"
        } else if rest.starts(with: [0x0D, 0x0A, 0x1A, 0x0D, 0x0A]) {
            change = "its final LF became CR LF (line endings converted to Windows)"
        } else if rest.starts(with: [0x0A, 0x1A, 0x0D, 0x0A]) || rest.starts(with: [0x0D, 0x0A, 0x1A]) {
            change = "its line-ending bytes were changed"
        } else {
            return nil
        }
        return "a PNG damaged by a text-mode transfer: \(change), so every line ending in the file was altered and "
            + "the image cannot be repaired; transfer the original again in binary mode (FTP \"binary\", no "
            + "line-ending conversion)"
    }

    /// Only printable characters and common whitespace, decoding as UTF-8 (a character cut at the end is allowed).
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        let hasControl = bytes.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }
        if hasControl { return false }
        // Drop up to three trailing bytes that may be a multi-byte character cut by the 512-byte window.
        return (0...min(3, bytes.count - 1)).contains { cut in
            String(validating: bytes.dropLast(cut), as: UTF8.self) != nil
        }
    }
}
