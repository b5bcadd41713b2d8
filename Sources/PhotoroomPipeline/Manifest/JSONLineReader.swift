import Foundation

/// A strict reader of one JSON text (RFC 8259) held in a byte buffer: the journal replay's fast path.
///
/// It reads only what it can read exactly as `JSONDecoder` does and gives up (throws ``GiveUp``) on anything
/// else: a key with an escape or a non-ASCII byte, a number that is not a plain JSON number, a lone surrogate,
/// invalid UTF-8, nesting deeper than ``maximumDepth``, bytes after the value. The caller then decodes the line with
/// `JSONDecoder`, so giving up is never wrong; a value is returned only where `JSONDecoder` gives the same one.
struct JSONLineReader {
    /// The reader cannot read the text exactly: decode it with `JSONDecoder`.
    struct GiveUp: Error {}

    /// Deeper values are left to `JSONDecoder` (whose own limit is higher).
    static let maximumDepth = 32

    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The byte at `index`, or 0 past the end (0 is not valid JSON outside a string, where it is refused too).
    @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while true {
            switch byte(offset) {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `expected` (after whitespace) or gives up.
    mutating func expect(_ expected: UInt8) throws(GiveUp) {
        skipWhitespace()
        guard byte(offset) == expected else { throw GiveUp() }
        offset += 1
    }

    /// Gives up unless only whitespace is left.
    mutating func expectEnd() throws(GiveUp) {
        skipWhitespace()
        guard offset == bytes.count else { throw GiveUp() }
    }

    // MARK: Objects

    /// Reads `{`; returns whether the object has members (false for `{}`).
    mutating func openObject() throws(GiveUp) -> Bool {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if byte(offset) == UInt8(ascii: "}") {
            offset += 1
            return false
        }
        return true
    }

    /// After a member's value: reads `,` (true: another member follows) or `}` (false).
    mutating func nextMember() throws(GiveUp) -> Bool {
        skipWhitespace()
        switch byte(offset) {
        case UInt8(ascii: ","):
            offset += 1
            return true
        case UInt8(ascii: "}"):
            offset += 1
            return false
        default: throw GiveUp()
        }
    }

    /// Reads a member's key and its `:`. Keys are printable ASCII without escapes, so their bytes are their
    /// text (`JSONDecoder` unescapes and validates every key of an object it decodes).
    mutating func readKey() throws(GiveUp) -> UnsafeRawBufferPointer {
        try expect(UInt8(ascii: "\""))
        let start = offset
        while true {
            let next = byte(offset)
            if next == UInt8(ascii: "\"") { break }
            guard next >= 0x20, next < 0x80, next != UInt8(ascii: "\\") else { throw GiveUp() }
            offset += 1
        }
        let key = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
        offset += 1
        try expect(UInt8(ascii: ":"))
        return key
    }

    // MARK: Scalars

    /// Consumes `null` when it comes next.
    mutating func readNull() -> Bool {
        skipWhitespace()
        guard byte(offset) == UInt8(ascii: "n"), byte(offset + 1) == UInt8(ascii: "u"),
            byte(offset + 2) == UInt8(ascii: "l"), byte(offset + 3) == UInt8(ascii: "l")
        else { return false }
        offset += 4
        return true
    }

    /// A string, or nil for `null`.
    mutating func readOptionalString() throws(GiveUp) -> String? {
        readNull() ? nil : try readString()
    }

    /// `true`, `false`, or nil for `null`.
    mutating func readOptionalBool() throws(GiveUp) -> Bool? {
        if readNull() { return nil }
        if byte(offset) == UInt8(ascii: "t"), byte(offset + 1) == UInt8(ascii: "r"),
            byte(offset + 2) == UInt8(ascii: "u"), byte(offset + 3) == UInt8(ascii: "e")
        {
            offset += 4
            return true
        }
        if byte(offset) == UInt8(ascii: "f"), byte(offset + 1) == UInt8(ascii: "a"),
            byte(offset + 2) == UInt8(ascii: "l"), byte(offset + 3) == UInt8(ascii: "s"),
            byte(offset + 4) == UInt8(ascii: "e")
        {
            offset += 5
            return false
        }
        throw GiveUp()
    }

    /// A count written as plain digits (at most 18, not negative), or nil for `null`.
    mutating func readOptionalInt() throws(GiveUp) -> Int? {
        if readNull() { return nil }
        let number = try readNumber()
        guard number.isInteger, let value = integerValue(of: number.text) else { throw GiveUp() }
        return value
    }

    /// A number as `Decimal` (the way `JSONDecoder` reads it: from the number's text), or nil for `null`.
    mutating func readOptionalDecimal() throws(GiveUp) -> Decimal? {
        if readNull() { return nil }
        let number = try readNumber()
        if number.isInteger, let value = integerValue(of: number.text) {
            return Decimal(value)
        }
        guard let value = Decimal(string: String(decoding: number.text, as: UTF8.self)) else { throw GiveUp() }
        return value
    }

    /// The value of a whole number of at most 18 digits, not negative.
    private func integerValue(of text: UnsafeRawBufferPointer) -> Int? {
        guard text.count <= 18, text.first != UInt8(ascii: "-") else { return nil }
        var value = 0
        for digit in text { value = value * 10 + Int(digit &- UInt8(ascii: "0")) }
        return value
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    private mutating func readNumber() throws(GiveUp) -> (text: UnsafeRawBufferPointer, isInteger: Bool) {
        skipWhitespace()
        let start = offset
        if byte(offset) == UInt8(ascii: "-") { offset += 1 }
        if byte(offset) == UInt8(ascii: "0") {
            offset += 1
        } else {
            guard Self.isDigit(byte(offset)) else { throw GiveUp() }
            skipDigits()
        }
        var isInteger = true
        if byte(offset) == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard Self.isDigit(byte(offset)) else { throw GiveUp() }
            skipDigits()
        }
        if byte(offset) | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            offset += 1
            if byte(offset) == UInt8(ascii: "+") || byte(offset) == UInt8(ascii: "-") { offset += 1 }
            guard Self.isDigit(byte(offset)) else { throw GiveUp() }
            skipDigits()
        }
        return (UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), isInteger)
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while Self.isDigit(byte(offset)) { offset += 1 }
    }

    // MARK: Skipping

    /// Reads past any value, checking its syntax (and the UTF-8 of its strings) without keeping it.
    mutating func skipValue(depth: Int = 0) throws(GiveUp) {
        guard depth < Self.maximumDepth else { throw GiveUp() }
        skipWhitespace()
        switch byte(offset) {
        case UInt8(ascii: "\""):
            _ = try readString(keep: false)
        case UInt8(ascii: "{"):
            var more = try openObject()
            while more {
                _ = try readString(keep: false)
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                more = try nextMember()
            }
        case UInt8(ascii: "["):
            offset += 1
            skipWhitespace()
            if byte(offset) == UInt8(ascii: "]") {
                offset += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                let next = byte(offset)
                offset += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw GiveUp() }
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            _ = try readOptionalBool()
        default:
            _ = try readNumber()
        }
    }
}
