/// An 8-bit straight-alpha sRGB colour (`background.color`, `bg_color`).
public struct RGBAColour: Sendable, Equatable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8

    public static let white = RGBAColour(r: 255, g: 255, b: 255, a: 255)
    public static let transparent = RGBAColour(r: 0, g: 0, b: 0, a: 0)

    /// The colour names understood besides hex (a CSS subset).
    public static let named: [String: RGBAColour] = [
        "white": .white,
        "black": RGBAColour(r: 0, g: 0, b: 0, a: 255),
        "red": RGBAColour(r: 255, g: 0, b: 0, a: 255),
        "green": RGBAColour(r: 0, g: 128, b: 0, a: 255),
        "lime": RGBAColour(r: 0, g: 255, b: 0, a: 255),
        "blue": RGBAColour(r: 0, g: 0, b: 255, a: 255),
        "yellow": RGBAColour(r: 255, g: 255, b: 0, a: 255),
        "orange": RGBAColour(r: 255, g: 165, b: 0, a: 255),
        "purple": RGBAColour(r: 128, g: 0, b: 128, a: 255),
        "pink": RGBAColour(r: 255, g: 192, b: 203, a: 255),
        "gray": RGBAColour(r: 128, g: 128, b: 128, a: 255),
        "grey": RGBAColour(r: 128, g: 128, b: 128, a: 255),
        "lightgray": RGBAColour(r: 211, g: 211, b: 211, a: 255),
        "lightgrey": RGBAColour(r: 211, g: 211, b: 211, a: 255),
        "beige": RGBAColour(r: 245, g: 245, b: 220, a: 255),
        "transparent": .transparent,
    ]

    /// Parses `FF0000`, `FF0000EE`, `F00`, an optional leading `#`, or a colour name (case-insensitive).
    public init?(parsing text: String) {
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

    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }
}
