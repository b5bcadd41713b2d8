/// An 8-bit straight-alpha colour.
struct Colour: Sendable, Equatable {
    var r: UInt8
    var g: UInt8
    var b: UInt8
    var a: UInt8

    static let white = Colour(r: 255, g: 255, b: 255, a: 255)
    static let transparent = Colour(r: 0, g: 0, b: 0, a: 0)

    /// The colour names the emulator understands besides hex (a CSS subset).
    static let named: [String: Colour] = [
        "white": .white,
        "black": Colour(r: 0, g: 0, b: 0, a: 255),
        "red": Colour(r: 255, g: 0, b: 0, a: 255),
        "green": Colour(r: 0, g: 128, b: 0, a: 255),
        "lime": Colour(r: 0, g: 255, b: 0, a: 255),
        "blue": Colour(r: 0, g: 0, b: 255, a: 255),
        "yellow": Colour(r: 255, g: 255, b: 0, a: 255),
        "orange": Colour(r: 255, g: 165, b: 0, a: 255),
        "purple": Colour(r: 128, g: 0, b: 128, a: 255),
        "pink": Colour(r: 255, g: 192, b: 203, a: 255),
        "gray": Colour(r: 128, g: 128, b: 128, a: 255),
        "grey": Colour(r: 128, g: 128, b: 128, a: 255),
        "lightgray": Colour(r: 211, g: 211, b: 211, a: 255),
        "lightgrey": Colour(r: 211, g: 211, b: 211, a: 255),
        "beige": Colour(r: 245, g: 245, b: 220, a: 255),
        "transparent": .transparent,
    ]

    /// Parses `FF0000`, `FF0000EE`, `F00`, an optional leading `#`, or a colour name (case-insensitive).
    init?(parsing text: String) {
        let trimmed = text.trimmingPrefix("#")
        if let named = Self.named[trimmed.lowercased()] {
            self = named
            return
        }
        let digits = Array(trimmed.utf8)
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        let values = digits.compactMap(hex)
        guard values.count == digits.count else { return nil }
        switch values.count {
        case 3:
            self.init(r: values[0] * 17, g: values[1] * 17, b: values[2] * 17, a: 255)
        case 6, 8:
            func byte(_ i: Int) -> UInt8 { values[i] << 4 | values[i + 1] }
            self.init(r: byte(0), g: byte(2), b: byte(4), a: values.count == 8 ? byte(6) : 255)
        default:
            return nil
        }
    }

    init(r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }
}
