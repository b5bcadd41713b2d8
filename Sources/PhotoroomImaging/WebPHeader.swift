/// Reads a WebP file's dimensions from its RIFF header (`VP8 `, `VP8L` or `VP8X` chunk). There is no WebP decoder.
enum WebPHeader {
    /// The header facts, or an error naming what is wrong. `bytes` may be only the file's head: sizes announced by
    /// the RIFF header and the first chunk are checked against `fileSize`.
    static func parse(_ bytes: UnsafeRawBufferPointer, fileSize: Int) throws(ImageProbeError) -> (
        width: Int, height: Int, hasAlpha: Bool, lossless: Bool, animated: Bool
    ) {
        func fail(_ code: ImageProbeError.Code, _ message: String) -> ImageProbeError {
            ImageProbeError(code: code, message: "WebP: \(message)", format: .webp)
        }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u24(_ at: Int) -> Int { u16(at) | Int(bytes[at + 2]) << 16 }
        func u32(_ at: Int) -> Int { u24(at) | Int(bytes[at + 3]) << 24 }

        guard bytes.count >= 20 else { throw fail(.truncated, "file ends inside the RIFF header") }
        let riffSize = u32(4)
        if riffSize + 8 > fileSize {
            throw fail(.truncated, "RIFF header announces \(riffSize + 8) bytes but the file has \(fileSize)")
        }
        let chunk = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[12..<16]), as: UTF8.self)
        let chunkSize = u32(16)
        let body = 20
        guard chunkSize <= fileSize - body else { throw fail(.truncated, "the \(chunk) chunk is cut short") }
        func need(_ count: Int) throws(ImageProbeError) {
            guard chunkSize >= count else { throw fail(.corrupt, "\(chunk) chunk too short") }
            guard bytes.count >= body + count else { throw fail(.truncated, "file ends inside the \(chunk) header") }
        }
        switch chunk {
        case "VP8 ":
            try need(10)
            guard bytes[body + 3] == 0x9D, bytes[body + 4] == 0x01, bytes[body + 5] == 0x2A else {
                throw fail(.corrupt, "VP8 start code missing")
            }
            let width = u16(body + 6) & 0x3FFF
            let height = u16(body + 8) & 0x3FFF
            guard width > 0, height > 0 else { throw fail(.corrupt, "zero dimensions in the VP8 header") }
            return (width, height, false, false, false)
        case "VP8L":
            try need(5)
            guard bytes[body] == 0x2F else { throw fail(.corrupt, "VP8L signature missing") }
            let bits = u32(body + 1)
            let width = (bits & 0x3FFF) + 1
            let height = ((bits >> 14) & 0x3FFF) + 1
            let hasAlpha = (bits >> 28) & 1 == 1
            guard (bits >> 29) & 0x7 == 0 else { throw fail(.corrupt, "unknown VP8L version") }
            return (width, height, hasAlpha, true, false)
        case "VP8X":
            try need(10)
            let flags = bytes[body]
            let width = u24(body + 4) + 1
            let height = u24(body + 7) + 1
            return (width, height, flags & 0x10 != 0, false, flags & 0x02 != 0)
        default:
            throw fail(.corrupt, "unknown first chunk \(chunk.debugDescription)")
        }
    }
}
