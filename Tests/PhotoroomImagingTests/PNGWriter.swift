/// A minimal PNG writer for tests: any colour type, bit depth, palette, tRNS and Adam7, with stored (uncompressed)
/// zlib blocks, so fixtures cover what libpng's writer in the codec does not produce.
struct PNGWriter {
    var width: Int
    var height: Int
    var bitDepth: Int
    /// 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
    var colorType: Int
    var interlaced = false
    /// RGB triples for colour type 3.
    var palette: [UInt8] = []
    /// Raw tRNS chunk data, if any.
    var transparency: [UInt8]? = nil
    /// Sample value for (x, y, channel), already in 0..<(1 << bitDepth).
    var sample: (Int, Int, Int) -> Int

    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }

    func encode() -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = Bytes.bigEndian32(width) + Bytes.bigEndian32(height)
        header += [UInt8(bitDepth), UInt8(colorType), 0, 0, interlaced ? 1 : 0]
        png += Self.chunk("IHDR", header)
        if !palette.isEmpty { png += Self.chunk("PLTE", palette) }
        if let transparency { png += Self.chunk("tRNS", transparency) }
        png += Self.chunk("IDAT", Self.zlibStored(scanlines()))
        png += Self.chunk("IEND", [])
        return png
    }

    /// Filter-0 scanlines, pass by pass when interlaced.
    func scanlines() -> [UInt8] {
        let passes: [(x0: Int, y0: Int, dx: Int, dy: Int)] =
            interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        var data: [UInt8] = []
        for pass in passes {
            let xs = Array(stride(from: pass.x0, to: width, by: pass.dx))
            let ys = Array(stride(from: pass.y0, to: height, by: pass.dy))
            guard !xs.isEmpty, !ys.isEmpty else { continue }
            for y in ys {
                data.append(0)
                data += packRow(xs: xs, y: y)
            }
        }
        return data
    }

    private func packRow(xs: [Int], y: Int) -> [UInt8] {
        var row: [UInt8] = []
        var accumulator = 0
        var bits = 0
        for x in xs {
            for channel in 0..<channels {
                let value = sample(x, y, channel)
                if bitDepth == 16 {
                    row += [UInt8(value >> 8), UInt8(value & 0xFF)]
                } else {
                    accumulator = accumulator << bitDepth | value
                    bits += bitDepth
                    if bits == 8 {
                        row.append(UInt8(accumulator))
                        accumulator = 0
                        bits = 0
                    }
                }
            }
        }
        if bits > 0 { row.append(UInt8(accumulator << (8 - bits))) }
        return row
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return Bytes.bigEndian32(data.count) + typeBytes + data
            + Bytes.bigEndian32(Int(CRC32.checksum(typeBytes + data)))
    }

    /// A zlib stream of stored deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out += [
                final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF),
            ]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + Bytes.bigEndian32(Int(b << 16 | a))
    }
}

/// CRC-32 as PNG uses it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Byte surgery helpers.
enum Bytes {
    static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func littleEndian32(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 24) & 0xFF)]
    }

    /// The offset of the first occurrence of `needle`, if any.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// A PNG whose IHDR claims `width`x`height`, with the CRC recomputed so libpng accepts the header.
    static func pngClaiming(width: Int, height: Int, from png: [UInt8]) -> [UInt8] {
        var bytes = png
        bytes.replaceSubrange(16..<24, with: bigEndian32(width) + bigEndian32(height))
        bytes.replaceSubrange(29..<33, with: bigEndian32(Int(CRC32.checksum(bytes[12..<29]))))
        return bytes
    }

    /// A JPEG whose SOF claims `width`x`height`.
    static func jpegClaiming(width: Int, height: Int, from jpeg: [UInt8]) -> [UInt8] {
        var bytes = jpeg
        let sof = find([0xFF, 0xC0], in: bytes) ?? find([0xFF, 0xC2], in: bytes)!
        // FFC0, length (2), precision (1), height (2), width (2)
        bytes.replaceSubrange(
            sof + 5..<sof + 9, with: [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF)])
        return bytes
    }

    /// The PNG with the chunk of the given type removed.
    static func pngRemovingChunk(_ type: String, from png: [UInt8]) -> [UInt8] {
        var offset = 8
        while offset + 8 <= png.count {
            let length =
                Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let name = String(decoding: png[offset + 4..<offset + 8], as: UTF8.self)
            let end = offset + 12 + length
            if name == type { return Array(png[..<offset] + png[end...]) }
            offset = end
        }
        return png
    }
}
