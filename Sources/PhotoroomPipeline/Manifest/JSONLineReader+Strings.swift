import Foundation

/// Strings: read and unescaped like `JSONDecoder` does (``JSONLineReader``), or given up on.
extension JSONLineReader {
    /// Reads a string, unescaping it.
    mutating func readString() throws(GiveUp) -> String {
        // `keep: true` always returns a string.
        try readString(keep: true) ?? ""
    }

    /// Reads a string; when its bytes are those of `previous` (a string read before without escapes), returns
    /// `previous` itself, sharing its storage instead of allocating a copy; else keeps the new one in `previous`
    /// when it has no escape. For values repeated from line to line (settings hashes, content hashes, paths).
    mutating func readString(reusing previous: inout String) throws(GiveUp) -> String {
        skipWhitespace()
        let length = previous.utf8.count
        if length > 15, byte(offset) == UInt8(ascii: "\""), byte(offset + 1 + length) == UInt8(ascii: "\""),
            previous.utf8.withContiguousStorageIfAvailable({
                memcmp($0.baseAddress!, bytes.baseAddress! + offset + 1, length) == 0
            }) == true
        {
            offset += length + 2
            return previous
        }
        let start = offset
        let string = try readString()
        // Without an escape the text is as long as its bytes in the line (every escape is longer than its text).
        if string.utf8.count == offset - start - 2 { previous = string }
        return string
    }

    /// Reads a string; with `keep: false` only checks it (nil).
    mutating func readString(keep: Bool) throws(GiveUp) -> String? {
        try expect(UInt8(ascii: "\""))
        let start = offset
        var isASCII = true
        while true {
            let next = byte(offset)
            if next == UInt8(ascii: "\"") { break }
            if next == UInt8(ascii: "\\") { return try readEscapedString(from: start, keep: keep) }
            guard next >= 0x20 else { throw GiveUp() }
            if next >= 0x80 { isASCII = false }
            offset += 1
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
        offset += 1
        if isASCII { return keep ? String(decoding: text, as: UTF8.self) : nil }
        guard let string = String(validating: text, as: UTF8.self) else { throw GiveUp() }
        return string
    }

    /// The rest of a string that holds an escape: decodes it into UTF-8, then checks the UTF-8.
    private mutating func readEscapedString(from start: Int, keep: Bool) throws(GiveUp) -> String? {
        var utf8 = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while true {
            let next = byte(offset)
            if next == UInt8(ascii: "\"") { break }
            guard next >= 0x20 else { throw GiveUp() }
            guard next == UInt8(ascii: "\\") else {
                utf8.append(next)
                offset += 1
                continue
            }
            let escaped = byte(offset + 1)
            offset += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var value = try readHex4()
                if (0xD800..<0xDC00).contains(value) {
                    guard byte(offset) == UInt8(ascii: "\\"), byte(offset + 1) == UInt8(ascii: "u") else {
                        throw GiveUp()
                    }
                    offset += 2
                    let low = try readHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw GiveUp() }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(value) else { throw GiveUp() }
                UTF8.encode(scalar) { utf8.append($0) }
            default: throw GiveUp()
            }
        }
        offset += 1
        guard let string = String(validating: utf8, as: UTF8.self) else { throw GiveUp() }
        return keep ? string : nil
    }

    /// Four hex digits of a `\u` escape.
    private mutating func readHex4() throws(GiveUp) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit = byte(offset)
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: throw GiveUp()
            }
            value = value << 4 | UInt32(nibble)
            offset += 1
        }
        return value
    }
}
