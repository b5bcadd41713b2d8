/// The rules ``ImageValidator`` applies. Every key is optional when decoded (the `validation` section of
/// pipeline.json embeds this struct); a missing key takes its default.
public struct ValidationLimits: Codable, Sendable, Equatable {
    /// 30 MB: the largest `imageFile` Photoroom's `/v2/edit` accepts.
    public static let defaultMaxFileBytes = 30_000_000
    /// 100 MP: above this an image is refused unread as a probable decompression bomb. `/v2/edit` documents no
    /// pixel maximum; 100 MP leaves room for every real camera (a 30 MB file rarely holds more) while keeping
    /// one decode's memory bounded (a full RGBA decode of 100 MP is 400 MB).
    public static let defaultMaxPixels = 100_000_000
    /// 25 MP: Photoroom's recommended maximum.
    public static let defaultWarnAbovePixels = 25_000_000
    /// 64 px: below this on either side the cutout is of little use.
    public static let defaultMinDimension = 64

    /// Files larger than this many bytes are invalid (`too-large-file`).
    public var maxFileBytes: Int
    /// Images with more pixels are invalid (`too-many-pixels`) and are never decoded.
    public var maxPixels: Int
    /// Images with more pixels get a warning (`above-recommended-pixels`).
    public var warnAbovePixels: Int
    /// Images narrower or shorter than this get a warning (`small-image`).
    public var minDimension: Int
    /// Warn about CMYK and YCCK JPEGs (`cmyk`): Photoroom supports sRGB only.
    public var warnOnCMYK: Bool
    /// Warn when the file name's extension names another format than the content (`extension-mismatch`).
    public var warnOnExtensionMismatch: Bool
    /// Treat any libjpeg warning (a repaired, damaged JPEG) as an error; otherwise it is a `damaged` warning.
    public var strictJPEGWarnings: Bool

    /// Creates limits; every parameter has the documented default.
    public init(
        maxFileBytes: Int = defaultMaxFileBytes, maxPixels: Int = defaultMaxPixels,
        warnAbovePixels: Int = defaultWarnAbovePixels, minDimension: Int = defaultMinDimension,
        warnOnCMYK: Bool = true, warnOnExtensionMismatch: Bool = true, strictJPEGWarnings: Bool = true
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
        self.warnAbovePixels = warnAbovePixels
        self.minDimension = minDimension
        self.warnOnCMYK = warnOnCMYK
        self.warnOnExtensionMismatch = warnOnExtensionMismatch
        self.strictJPEGWarnings = strictJPEGWarnings
    }

    /// The defaults.
    public static let `default` = ValidationLimits()

    private enum CodingKeys: String, CodingKey {
        case maxFileBytes, maxPixels, warnAbovePixels, minDimension, warnOnCMYK, warnOnExtensionMismatch
        case strictJPEGWarnings
    }

    /// Decodes limits, taking the default for every missing key; negative or zero sizes are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ValidationLimits.default
        func positive(_ key: CodingKeys, _ fallback: Int) throws -> Int {
            let value = try container.decodeIfPresent(Int.self, forKey: key) ?? fallback
            guard value > 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "\(key.stringValue) must be greater than 0")
            }
            return value
        }
        maxFileBytes = try positive(.maxFileBytes, defaults.maxFileBytes)
        maxPixels = try positive(.maxPixels, defaults.maxPixels)
        warnAbovePixels = try positive(.warnAbovePixels, defaults.warnAbovePixels)
        minDimension = try container.decodeIfPresent(Int.self, forKey: .minDimension) ?? defaults.minDimension
        warnOnCMYK = try container.decodeIfPresent(Bool.self, forKey: .warnOnCMYK) ?? defaults.warnOnCMYK
        warnOnExtensionMismatch =
            try container.decodeIfPresent(Bool.self, forKey: .warnOnExtensionMismatch)
            ?? defaults.warnOnExtensionMismatch
        strictJPEGWarnings =
            try container.decodeIfPresent(Bool.self, forKey: .strictJPEGWarnings) ?? defaults.strictJPEGWarnings
    }
}
