// The pieces of a deflate (RFC 1951) stream FastPNG writes: a bit writer and the fixed Huffman codes.

/// Writes deflate codes least-significant bit first into a buffer large enough for them.
struct BitWriter {
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
            output.storeBytes(
                of: UInt32(truncatingIfNeeded: buffer).littleEndian, toByteOffset: position, as: UInt32.self)
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
        return Length(
            symbol: 257 + index, extraBits: UInt32(length - bases[index].base), extraCount: bases[index].extra)
    }
}
