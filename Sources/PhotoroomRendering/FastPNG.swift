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
            var end =
                FixedHuffman.literalCodes.withUnsafeBufferPointer { literals in
                    FixedHuffman.lengths.withUnsafeBufferPointer { lengths in
                        image.pixels.withUnsafeBufferPointer { pixels in
                            compressRows(
                                pixels.baseAddress!, width: width, height: height, channels: channels,
                                into: base + typeStart + 4, literals: literals.baseAddress!,
                                lengths: lengths.baseAddress!)
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

    // MARK: Chunks

    private static func appendBigEndian(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    private static func appendChunk(_ png: inout [UInt8], type: String, data: [UInt8]) {
        appendBigEndian(&png, UInt32(data.count))
        let start = png.count
        png += Array(type.utf8)
        png += data
        let crc = png.withUnsafeBufferPointer { crc32(UnsafeBufferPointer(rebasing: $0[start...])) }
        appendBigEndian(&png, crc)
    }
}
