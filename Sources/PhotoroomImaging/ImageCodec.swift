internal import CPhotoroomImaging

/// Decoding to and encoding from ``RGBAImage`` through libpng and libjpeg-turbo.
///
/// Every call is independent and holds no shared state, so the codec may be used from many tasks at once.
/// The work is blocking CPU work: run it on a bounded number of tasks.
public enum ImageCodec {
    /// Decodes a PNG or JPEG (format sniffed from the bytes) into RGBA.
    ///
    /// PNG of every colour type and bit depth is expanded to 8-bit RGBA (palette expanded, `tRNS` made alpha,
    /// 16-bit scaled down). JPEG gray, YCbCr and RGB become opaque RGBA; CMYK and YCCK are converted to RGB,
    /// honouring Adobe's inverted CMYK. Decoding is strict: a JPEG that libjpeg had to repair (truncated data,
    /// corrupt entropy data) is refused rather than returned grey-filled.
    ///
    /// - Parameters:
    ///   - bytes: The whole encoded file.
    ///   - maxPixels: Images with more than this many pixels are refused after reading the header,
    ///     before any image-sized allocation.
    /// - Returns: The decoded image.
    /// - Throws: ``ImageCodecError`` with code `.unsupported` (not PNG/JPEG, or an unknown JPEG colour space),
    ///   `.truncated`, `.corrupt` or `.tooManyPixels`.
    public static func decode(_ bytes: [UInt8], maxPixels: Int = 100_000_000) throws(ImageCodecError) -> RGBAImage {
        let limit = UInt64(max(0, maxPixels))
        var info = primg_info()
        // Read the dimensions first, so the pixels are decoded straight into the array (one image-sized buffer).
        var status = bytes.withUnsafeBytes { raw in primg_probe(raw.baseAddress, raw.count, 0, limit, &info) }
        if status == PRIMG_OK {
            let count = Int(info.width) * Int(info.height) * 4
            let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = bytes.withUnsafeBytes { raw in
                    primg_decode_rgba_into(raw.baseAddress, raw.count, limit, buffer.baseAddress!, count, &info)
                }
                initialized = status == PRIMG_OK ? count : 0
            }
            if status == PRIMG_OK {
                return RGBAImage(width: Int(info.width), height: Int(info.height), pixels: pixels)
            }
        }
        throw error(status: status, info: info, maxPixels: maxPixels)
    }

    /// Decodes a PNG or JPEG into RGBA at a size of at least `minimumSide` pixels on its longest side, where that
    /// is cheaper than the full size: a JPEG is decoded reduced by libjpeg's DCT scaling (1/2, 1/4 or 1/8, the
    /// smallest that keeps the longest side at least `minimumSide`; an image smaller than that comes out at full
    /// size); a PNG always comes out at full size. For previews and thumbnails, which downscale the result further.
    ///
    /// - Throws: ``ImageCodecError``, as ``decode(_:maxPixels:)``.
    public static func decode(
        _ bytes: [UInt8], maxPixels: Int = 100_000_000, atLeast minimumSide: Int
    ) throws(ImageCodecError) -> RGBAImage {
        let limit = UInt64(max(0, maxPixels))
        var info = primg_info()
        var output: UnsafeMutablePointer<UInt8>? = nil
        var width: UInt32 = 0
        var height: UInt32 = 0
        let side = UInt32(clamping: max(0, minimumSide))
        let status = bytes.withUnsafeBytes { raw in
            primg_decode_rgba_reduced(raw.baseAddress, raw.count, limit, side, &output, &width, &height, &info)
        }
        defer { primg_free(output) }
        guard status == PRIMG_OK, let output else { throw error(status: status, info: info, maxPixels: maxPixels) }
        let count = Int(width) * Int(height) * 4
        return RGBAImage(
            width: Int(width), height: Int(height), pixels: [UInt8](UnsafeBufferPointer(start: output, count: count)))
    }

    private static func error(status: Int32, info: primg_info, maxPixels: Int) -> ImageCodecError {
        let message = CMessage.string(from: info)
        let kind: ImageCodecError.Code = info.truncated != 0 ? .truncated : .corrupt
        switch status {
        case PRIMG_WARNING:
            return ImageCodecError(code: kind, message: "damaged JPEG: \(message)")
        case PRIMG_TOO_MANY_PIXELS:
            return ImageCodecError(
                code: .tooManyPixels, message: "\(info.width)x\(info.height) exceeds the limit of \(maxPixels) pixels")
        case PRIMG_UNSUPPORTED:
            return ImageCodecError(code: .unsupported, message: message.isEmpty ? "not a PNG or JPEG" : message)
        case PRIMG_NO_MEMORY:
            return ImageCodecError(code: .corrupt, message: "out of memory while decoding")
        default:
            return ImageCodecError(code: kind, message: message.isEmpty ? "undecodable image data" : message)
        }
    }

    /// Encodes as PNG; `includeAlpha: false` writes RGB (alpha dropped).
    ///
    /// - Throws: ``ImageCodecError`` with code `.encodeFailed` for an empty image or a libpng failure.
    public static func encodePNG(_ image: RGBAImage, includeAlpha: Bool = true) throws(ImageCodecError) -> [UInt8] {
        try checkEncodable(image)
        return try encode(pixels: image.pixels) { pixels, output, size, message, messageSize in
            primg_encode_png(
                pixels, UInt32(image.width), UInt32(image.height), 4, includeAlpha ? 1 : 0, 6,
                output, size, message, messageSize)
        }
    }

    /// Encodes as baseline JPEG at `quality` (1...100); alpha is dropped (composite first if needed).
    ///
    /// - Throws: ``ImageCodecError`` with code `.encodeFailed` for an empty or oversized image or a libjpeg failure.
    public static func encodeJPEG(_ image: RGBAImage, quality: Int = 80) throws(ImageCodecError) -> [UInt8] {
        try checkEncodable(image)
        let clamped = Int32(min(100, max(1, quality)))
        return try encode(pixels: image.pixels) { pixels, output, size, message, messageSize in
            primg_encode_jpeg(
                pixels, UInt32(image.width), UInt32(image.height), 4, clamped, output, size, message, messageSize)
        }
    }

    private static func checkEncodable(_ image: RGBAImage) throws(ImageCodecError) {
        guard image.width > 0, image.height > 0, image.width <= Int(Int32.max), image.height <= Int(Int32.max),
            image.pixels.count == image.width * image.height * 4
        else {
            throw ImageCodecError(
                code: .encodeFailed, message: "cannot encode a \(image.width)x\(image.height) image")
        }
    }

    typealias EncodeCall = (
        UnsafePointer<UInt8>, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
        UnsafeMutablePointer<CChar>, Int
    ) -> Int32

    static func encode(pixels: [UInt8], _ call: EncodeCall) throws(ImageCodecError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer { buffer in
            message.withUnsafeMutableBufferPointer { text in
                call(buffer.baseAddress!, &output, &size, text.baseAddress!, text.count)
            }
        }
        defer { primg_free(output) }
        guard status == PRIMG_OK, let output else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageCodecError(code: .encodeFailed, message: text.isEmpty ? "encoder failed" : text)
        }
        return [UInt8](UnsafeBufferPointer(start: output, count: size))
    }
}

/// Why an image could not be decoded or encoded.
public struct ImageCodecError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable kind of failure.
    public enum Code: String, Sendable, Codable {
        case unsupported, corrupt, truncated, tooManyPixels, encodeFailed
    }
    /// What kind of failure this is.
    public var code: Code
    /// A human explanation naming what is wrong.
    public var message: String
    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
    /// `code: message`, for terminals and logs.
    public var description: String { "\(code.rawValue): \(message)" }
}
