/// The checksums a PNG file carries: Adler-32 in its zlib stream, CRC-32 on each chunk.
extension FastPNG {
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
                    c =
                        table[1792 &+ Int(one & 0xFF)] ^ table[1536 &+ Int((one >> 8) & 0xFF)]
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
