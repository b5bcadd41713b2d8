/// How samples are stored in an image file.
public enum ColorModel: String, Codable, Sendable {
    /// One gray channel.
    case gray
    /// Gray and alpha (PNG colour type 4).
    case grayAlpha = "gray-alpha"
    /// Red, green, blue (PNG colour type 2, an RGB JPEG, lossy WebP).
    case rgb
    /// Red, green, blue, alpha (PNG colour type 6, WebP with alpha).
    case rgba
    /// Indexed colours (PNG colour type 3).
    case palette
    /// A usual JPEG: luma and chroma, shown as RGB.
    case ycbcr
    /// Print colours (JPEG): Photoroom supports only sRGB.
    case cmyk
    /// CMYK stored as YCbCr plus black (Adobe JPEG): Photoroom supports only sRGB.
    case ycck
    /// A colour space the decoder does not name.
    case unknown

    /// CMYK and YCCK are print colour spaces: Photoroom supports only sRGB.
    public var isCMYK: Bool { self == .cmyk || self == .ycck }
}

/// What a probe learned about one image.
public struct ImageInfo: Codable, Sendable, Equatable {
    /// The container format, from the bytes (not the file name).
    public var format: ImageFormat
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Channels stored in the file (a PNG palette counts 1, a CMYK JPEG 4).
    public var channels: Int
    /// Bits per sample (PNG 1–16, JPEG 8 or 12, WebP 8).
    public var bitDepth: Int
    /// How the samples are stored.
    public var colorModel: ColorModel
    /// An alpha channel or PNG transparency chunk is present.
    public var hasAlpha: Bool
    /// A progressive (multi-scan) JPEG.
    public var isProgressive: Bool
    /// An Adam7-interlaced PNG.
    public var isInterlaced: Bool
    /// The file's size in bytes.
    public var byteCount: Int
    /// How deeply the image was checked: `.full` means every row was decoded, `.header` only the headers.
    public var checkedDepth: ProbeMode
    /// Non-fatal decoder remarks: libpng warnings (benign), or the first libjpeg warning when JPEG damage is
    /// tolerated (`strictJPEG` off). `nil` when the decoder said nothing.
    public var decoderWarning: String?
    /// A remark for people, e.g. that WebP is checked at header level only.
    public var note: String?

    /// Creates an info value.
    public init(
        format: ImageFormat, width: Int, height: Int, channels: Int, bitDepth: Int, colorModel: ColorModel,
        hasAlpha: Bool, isProgressive: Bool = false, isInterlaced: Bool = false, byteCount: Int,
        checkedDepth: ProbeMode, decoderWarning: String? = nil, note: String? = nil
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.colorModel = colorModel
        self.hasAlpha = hasAlpha
        self.isProgressive = isProgressive
        self.isInterlaced = isInterlaced
        self.byteCount = byteCount
        self.checkedDepth = checkedDepth
        self.decoderWarning = decoderWarning
        self.note = note
    }

    /// `width * height`.
    public var pixelCount: Int { width * height }

    /// Megapixels, for messages.
    public var megapixels: Double { Double(pixelCount) / 1_000_000 }
}
