/// An image container format, recognised from a file's first bytes.
public enum ImageFormat: String, Codable, Sendable, CaseIterable {
    /// PNG: decoded and checked by libpng. Accepted by `/v2/edit`.
    case png
    /// JPEG: decoded and checked by libjpeg-turbo. Accepted by `/v2/edit`.
    case jpeg
    /// WebP: dimensions read from the RIFF header only (no decoder). Accepted by `/v2/edit`.
    case webp
    /// GIF: refused.
    case gif
    /// BMP: refused.
    case bmp
    /// TIFF (and BigTIFF): refused.
    case tiff
    /// HEIC/HEIF (an ISO-BMFF `ftyp` with a HEIF brand): dimensions read from the container only (no HEVC
    /// decoder). Accepted by `/v1/segment`, refused by `/v2/edit`.
    case heic
    /// AVIF (an ISO-BMFF `ftyp` with an AVIF brand): refused.
    case avif
    /// Anything else (text, PDF, random bytes…): refused.
    case unknown

    /// Whether Photoroom's `/v2/edit` accepts this format as `imageFile` (PNG, JPEG, WebP).
    public var isAcceptedByEdit: Bool {
        switch self {
        case .png, .jpeg, .webp: true
        default: false
        }
    }

    /// A name for people: "PNG", "JPEG", "HEIC/HEIF", …
    public var displayName: String {
        switch self {
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .webp: "WebP"
        case .gif: "GIF"
        case .bmp: "BMP"
        case .tiff: "TIFF"
        case .heic: "HEIC/HEIF"
        case .avif: "AVIF"
        case .unknown: "unknown"
        }
    }

    /// File name extensions (lower case, no dot) that normally hold this format.
    public var fileExtensions: [String] {
        switch self {
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg", "jpe", "jfif"]
        case .webp: ["webp"]
        case .gif: ["gif"]
        case .bmp: ["bmp", "dib"]
        case .tiff: ["tif", "tiff"]
        case .heic: ["heic", "heif", "hif"]
        case .avif: ["avif"]
        case .unknown: []
        }
    }

    /// The format a file name extension stands for (case-insensitive, with or without a dot), or `nil`.
    public init?(fileExtension: String) {
        var lowered = fileExtension.lowercased()
        if lowered.hasPrefix(".") { lowered.removeFirst() }
        guard let match = Self.allCases.first(where: { $0.fileExtensions.contains(lowered) }) else { return nil }
        self = match
    }

    /// Recognises the format from magic bytes; only the first few dozen bytes are looked at.
    ///
    /// PNG signature, JPEG SOI followed by a marker, `RIFF….WEBP`, `GIF87a`/`GIF89a`, `BM` with a known DIB
    /// header size, TIFF (`II*\0`, `MM\0*`, BigTIFF), and ISO-BMFF `ftyp` boxes whose brands name AVIF or HEIF.
    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageFormat {
        let head = Array(bytes.prefix(64))
        func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: Array("RIFF".utf8)) && starts(with: Array("WEBP".utf8), at: 8) { return .webp }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || starts(with: [0x49, 0x49, 0x2B, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2B])
        {
            return .tiff
        }
        if starts(with: Array("BM".utf8)) && head.count >= 18 {
            let dibSize = Int(head[14]) | Int(head[15]) << 8 | Int(head[16]) << 16 | Int(head[17]) << 24
            if [12, 16, 40, 52, 56, 64, 108, 124].contains(dibSize) { return .bmp }
        }
        if starts(with: Array("ftyp".utf8), at: 4) { return sniffISOBMFF(head) }
        return .unknown
    }

    /// AVIF or HEIF from an `ftyp` box's major and compatible brands.
    private static func sniffISOBMFF(_ head: [UInt8]) -> ImageFormat {
        let boxSize = Int(head[0]) << 24 | Int(head[1]) << 16 | Int(head[2]) << 8 | Int(head[3])
        let end = min(head.count, max(16, boxSize))
        var brands: [String] = []
        var offset = 8
        while offset + 4 <= end {
            if offset != 12 {  // bytes 12..<16 are the minor version, not a brand
                brands.append(String(decoding: head[offset..<offset + 4], as: UTF8.self))
            }
            offset += 4
        }
        if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .avif }
        let heifBrands: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]
        if brands.contains(where: heifBrands.contains) { return .heic }
        return .unknown
    }
}

extension ImageFormat: CustomStringConvertible {
    /// The display name.
    public var description: String { displayName }
}
