import PhotoroomImaging

/// A fast PNG writer for rendered results (the emulator's responses and local finishing): Sub-filtered rows, compressed with a run-length
/// deflate (fixed Huffman codes, repeats of the previous byte as distance-1 matches, like zlib's `Z_RLE`).
///
/// libpng at zlib level 6 spends about 150 ms on a 1000 × 1000 RGBA cutout on this machine, which would cap
/// the emulator far below 100 edits/s. This writer takes a few milliseconds; its files are larger for
/// textured areas but any PNG decoder reads them (the tests decode them with libpng).
public enum FastPNG {
    /// Encodes `image` as an 8-bit RGBA PNG (RGB when every pixel is opaque).
    ///
    /// Rows are filtered, checksummed and compressed one at a time straight into the output, which holds the
    /// whole file: signature, IHDR, one IDAT, IEND.
    public static func encode(_ image: RGBAImage) -> [UInt8] {
        let width = image.width
        let height = image.height
        let opaque = image.pixels.withUnsafeBufferPointer { pixels in
            var o = 3
            while o < pixels.count {
                if pixels[o] != 255 { return false }
                o &+= 4
            }
            return true
        }
        let channels = opaque ? 3 : 4
        let stride = width * channels + 1
        let n = stride * height

        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var ihdr: [UInt8] = []
        appendBigEndian(&ihdr, UInt32(width))
        appendBigEndian(&ihdr, UInt32(height))
        ihdr += [8, opaque ? 2 : 6, 0, 0, 0]
        appendChunk(&header, type: "IHDR", data: ihdr)
        let idatStart = header.count  // the IDAT length goes here, then "IDAT", then the zlib stream
        // Literals take at most 9 bits, matches fewer bits than the bytes they replace.
        let capacity = idatStart + 8 + n + n / 8 + 64 + 4 + 4 + 12

        return [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
            let base = UnsafeMutableRawPointer(output.baseAddress!)
            header.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: header.count) }
            let typeStart = idatStart + 4
            (base + typeStart).copyMemory(from: Array("IDAT".utf8), byteCount: 4)
            var end = FixedHuffman.literalCodes.withUnsafeBufferPointer { literals in
                FixedHuffman.lengths.withUnsafeBufferPointer { lengths in
                    image.pixels.withUnsafeBufferPointer { pixels in
                        compressRows(
                            pixels.baseAddress!, width: width, height: height, channels: channels,
                            into: base + typeStart + 4, literals: literals.baseAddress!, lengths: lengths.baseAddress!)
                    }
                }
            } + typeStart + 4
            let dataLength = end - typeStart - 4
            storeBigEndian(base + idatStart, UInt32(dataLength))
            let crc = crc32(UnsafeBufferPointer(start: output.baseAddress! + typeStart, count: end - typeStart))
            storeBigEndian(base + end, crc)
            end += 4
            let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            (base + end).copyMemory(from: iend, byteCount: 12)
            initialized = end + 12
        }
    }

    /// Filters (Sub), checksums and deflates the rows into `output` as a zlib stream; returns its length.
    private static func compressRows(
        _ pixels: UnsafePointer<UInt8>,
        width: Int,
        height: Int,
        channels: Int,
        into output: UnsafeMutableRawPointer,
        literals: UnsafePointer<FixedHuffman.Code>,
        lengths: UnsafePointer<FixedHuffman.Length>
    ) -> Int {
        output.storeBytes(of: 0x78, toByteOffset: 0, as: UInt8.self)
        output.storeBytes(of: 0x01, toByteOffset: 1, as: UInt8.self)
        var writer = BitWriter(output: output, position: 2)
        writer.write(bits: 1, count: 1)  // BFINAL
        writer.write(bits: 1, count: 2)  // BTYPE = 01, fixed Huffman
        let stride = width * channels + 1
        let row = UnsafeMutablePointer<UInt8>.allocate(capacity: stride)
        defer { row.deallocate() }
        var adlerA: UInt32 = 1
        var adlerB: UInt32 = 0
        var previousByte = -1  // the stream's last byte, for runs that continue across rows
        for y in 0..<height {
            // Sub filter: each byte minus the one `channels` to its left.
            row[0] = 1
            var d = 1
            var s = y &* width &* 4
            var previous: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            for _ in 0..<width {
                let r = pixels[s]
                let g = pixels[s &+ 1]
                let b = pixels[s &+ 2]
                let a = pixels[s &+ 3]
                row[d] = r &- previous.0
                row[d &+ 1] = g &- previous.1
                row[d &+ 2] = b &- previous.2
                if channels == 4 { row[d &+ 3] = a &- previous.3 }
                previous = (r, g, b, a)
                d &+= channels
                s &+= 4
            }
            // Adler-32, reduced at least every 5552 bytes.
            var i = 0
            while i < stride {
                let chunkEnd = min(stride, i &+ 5552)
                while i < chunkEnd {
                    adlerA &+= UInt32(row[i])
                    adlerB &+= adlerA
                    i &+= 1
                }
                adlerA %= 65521
                adlerB %= 65521
            }
            // Deflate: runs of the previous byte as distance-1 matches, everything else as literals.
            i = 0
            while i < stride {
                let byte = row[i]
                let before = i > 0 ? Int(row[i &- 1]) : previousByte
                if Int(byte) == before {
                    var run = 1
                    while run < 258, i &+ run < stride, row[i &+ run] == byte { run &+= 1 }
                    if run >= 3 {
                        let entry = lengths[run]
                        let code = literals[entry.symbol]
                        writer.write(bits: code.bits, count: code.count)
                        if entry.extraCount > 0 { writer.write(bits: entry.extraBits, count: entry.extraCount) }
                        writer.write(bits: 0, count: 5)  // distance code 0 = distance 1, no extra bits
                        i &+= run
                        continue
                    }
                }
                let code = literals[Int(byte)]
                writer.write(bits: code.bits, count: code.count)
                i &+= 1
            }
            previousByte = Int(row[stride &- 1])
        }
        let endOfBlock = literals[256]
        writer.write(bits: endOfBlock.bits, count: endOfBlock.count)
        let length = writer.finish()
        storeBigEndian(output + length, adlerB << 16 | adlerA)
        return length + 4
    }

    /// Stores `value` big-endian at `pointer`.
    private static func storeBigEndian(_ pointer: UnsafeMutableRawPointer, _ value: UInt32) {
        pointer.storeBytes(of: value.bigEndian, as: UInt32.self)
    }

    /// Adler-32 of `data`.
    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        data.withUnsafeBufferPointer { input in
            var i = 0
            let n = input.count
            while i < n {
                let end = min(n, i &+ 5552)
                while i < end {
                    a &+= UInt32(input[i])
                    b &+= a
                    i &+= 1
                }
                a %= 65521
                b %= 65521
            }
        }
        return b << 16 | a
    }

    // MARK: Chunks

    private static func appendBigEndian(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value)]
    }

    private static func appendChunk(_ png: inout [UInt8], type: String, data: [UInt8]) {
        appendBigEndian(&png, UInt32(data.count))
        let start = png.count
        png += Array(type.utf8)
        png += data
        let crc = png.withUnsafeBufferPointer { crc32(UnsafeBufferPointer(rebasing: $0[start...])) }
        appendBigEndian(&png, crc)
    }

    /// CRC-32 tables for slicing by 8 (polynomial 0xEDB88320): table k at offset 256 × k.
    private static let crcTables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 256 * 8)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = tables[256 * (k - 1) + n]
                tables[256 * k + n] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// CRC-32 as PNG chunks use it (slicing by 8).
    static func crc32(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        crcTables.withUnsafeBufferPointer { table in
            var c: UInt32 = 0xFFFF_FFFF
            var i = 0
            let n = bytes.count
            if let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                while n &- i >= 8 {
                    let one = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ c
                    let two = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i &+ 4, as: UInt32.self))
                    c = table[1792 &+ Int(one & 0xFF)] ^ table[1536 &+ Int((one >> 8) & 0xFF)]
                        ^ table[1280 &+ Int((one >> 16) & 0xFF)] ^ table[1024 &+ Int(one >> 24)]
                        ^ table[768 &+ Int(two & 0xFF)] ^ table[512 &+ Int((two >> 8) & 0xFF)]
                        ^ table[256 &+ Int((two >> 16) & 0xFF)] ^ table[Int(two >> 24)]
                    i &+= 8
                }
            }
            while i < n {
                c = table[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i &+= 1
            }
            return c ^ 0xFFFF_FFFF
        }
    }
}

/// Writes deflate codes least-significant bit first into a buffer large enough for them.
private struct BitWriter {
    let output: UnsafeMutableRawPointer
    var position: Int
    private var buffer: UInt64 = 0
    private var used = 0

    init(output: UnsafeMutableRawPointer, position: Int) {
        self.output = output
        self.position = position
    }

    /// Appends the low `count` bits of `bits`.
    @inline(__always)
    mutating func write(bits: UInt32, count: Int) {
        buffer |= UInt64(bits) << UInt64(used)
        used &+= count
        if used >= 32 {
            output.storeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian, toByteOffset: position, as: UInt32.self)
            position &+= 4
            buffer >>= 32
            used &-= 32
        }
    }

    /// Writes the remaining bits, padded to a byte; returns the bytes written in all.
    mutating func finish() -> Int {
        while used > 0 {
            output.storeBytes(of: UInt8(truncatingIfNeeded: buffer), toByteOffset: position, as: UInt8.self)
            position &+= 1
            buffer >>= 8
            used = max(0, used - 8)
        }
        return position
    }
}

/// The fixed Huffman tables of RFC 1951 §3.2.6, with codes bit-reversed for LSB-first output.
enum FixedHuffman {
    struct Code {
        var bits: UInt32
        var count: Int
    }

    struct Length {
        var symbol: Int
        var extraBits: UInt32
        var extraCount: Int
    }

    static let literalCodes: [Code] = (0..<288).map { symbol in
        let (code, count): (UInt32, Int)
        switch symbol {
        case 0...143: (code, count) = (UInt32(0x30 + symbol), 8)
        case 144...255: (code, count) = (UInt32(0x190 + symbol - 144), 9)
        case 256...279: (code, count) = (UInt32(symbol - 256), 7)
        default: (code, count) = (UInt32(0xC0 + symbol - 280), 8)
        }
        var reversed: UInt32 = 0
        for bit in 0..<count where code & (1 << UInt32(count - 1 - bit)) != 0 {
            reversed |= 1 << UInt32(bit)
        }
        return Code(bits: reversed, count: count)
    }

    /// Base lengths and extra-bit counts of length symbols 257...285.
    private static let bases: [(base: Int, extra: Int)] = [
        (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 1), (13, 1), (15, 1), (17, 1),
        (19, 2), (23, 2), (27, 2), (31, 2), (35, 3), (43, 3), (51, 3), (59, 3), (67, 4), (83, 4), (99, 4),
        (115, 4), (131, 5), (163, 5), (195, 5), (227, 5), (258, 0),
    ]

    /// For each length 0...258 (3...258 used), its symbol and extra bits.
    static let lengths: [Length] = (0...258).map { length in
        guard length >= 3 else { return Length(symbol: 0, extraBits: 0, extraCount: 0) }
        if length == 258 { return Length(symbol: 285, extraBits: 0, extraCount: 0) }
        var index = 0
        while index + 1 < bases.count - 1, bases[index + 1].base <= length { index += 1 }
        return Length(symbol: 257 + index, extraBits: UInt32(length - bases[index].base), extraCount: bases[index].extra)
    }
}
