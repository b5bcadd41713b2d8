internal import CPhotoroomImaging

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Reads an image's facts (format, dimensions, colour model) and, in `.full` mode, checks every row decodes.
///
/// PNG and JPEG go through libpng and libjpeg-turbo; WebP is read at header level only (there is no WebP decoder),
/// HEIC/HEIF at container level (``HEIFHeader``: dimensions from `ispe`, no HEVC decoder). Other formats are
/// recognised and refused as unsupported. A probe holds no shared state, so one value can be
/// used from many tasks at once; each call is blocking CPU work.
public struct ImageProbe: Sendable {
    /// How deeply to check.
    public var mode: ProbeMode
    /// Images with more pixels are refused with `.tooManyPixels` before any image-sized allocation.
    public var maxPixels: Int
    /// When `true` (the default), a JPEG that libjpeg had to repair is an error (`.truncated` or `.corrupt`);
    /// when `false`, it is returned with ``ImageInfo/decoderWarning`` set.
    public var strictJPEG: Bool

    /// Creates a probe.
    public init(mode: ProbeMode = .full, maxPixels: Int = ValidationLimits.defaultMaxPixels, strictJPEG: Bool = true) {
        self.mode = mode
        self.maxPixels = maxPixels
        self.strictJPEG = strictJPEG
    }

    /// Probes an encoded image held in memory.
    ///
    /// - Throws: ``ImageProbeError``: `.empty`, `.unsupportedFormat`, `.corrupt`, `.truncated`, `.tooManyPixels`.
    public func probe(_ bytes: [UInt8]) throws(ImageProbeError) -> ImageInfo {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(ImageProbeError) in try probe(raw) } }
        return try result.get()
    }

    /// Probes the file at `url`. In `.full` mode the file is read whole; in `.header` mode only its first 256 KB
    /// (the whole file when the headers reach further). A file larger than `maxFileBytes` is refused after
    /// reading only its head (which still names its format and, when possible, its dimensions).
    ///
    /// - Throws: ``ImageProbeError``: `.unreadable`, `.fileTooLarge`, or any error of ``probe(_:)``.
    public func probe(fileAt url: URL, maxFileBytes: Int = ValidationLimits.defaultMaxFileBytes) throws(ImageProbeError)
        -> ImageInfo
    {
        switch try FileReader.read(path: url.path, maxBytes: maxFileBytes, headOnly: mode == .header) {
        case .whole(let bytes):
            return try probe(bytes)
        case .head(let size, let head):
            let result = head.withUnsafeBytes { raw in
                Result { () throws(ImageProbeError) in try probe(raw, fileSize: size) }
            }
            switch result {
            case .success(let info):
                return info
            case .failure(let error) where error.code == .truncated:
                // The headers run past the head (large metadata): read the whole file after all.
                guard case .whole(let bytes) = try FileReader.read(path: url.path, maxBytes: maxFileBytes) else {
                    throw error
                }
                return try probe(bytes)
            case .failure(let error):
                throw error
            }
        case .tooLarge(let size, let head):
            let format = ImageFormat.sniff(head)
            let headerProbe = ImageProbe(mode: .header, maxPixels: Int.max, strictJPEG: false)
            let dimensions = (try? headerProbe.probe(head)).map {
                ImageProbeError.Dimensions(width: $0.width, height: $0.height)
            }
            var what = format == .unknown ? "" : " (\(format.displayName)"
            if let dimensions { what += " \(dimensions.width)x\(dimensions.height)" }
            if !what.isEmpty { what += ")" }
            throw ImageProbeError(
                code: .fileTooLarge,
                message: "\(ByteSize.describe(size)) is over the \(ByteSize.describe(maxFileBytes)) limit\(what)",
                format: format, dimensions: dimensions)
        }
    }

    /// Probes bytes held anywhere in memory: the whole file, or (header mode) its head when `fileSize` says the
    /// file is longer.
    func probe(_ raw: UnsafeRawBufferPointer, fileSize: Int? = nil) throws(ImageProbeError) -> ImageInfo {
        guard !raw.isEmpty else { throw ImageProbeError(code: .empty, message: "the file is empty (0 bytes)") }
        let fileSize = max(raw.count, fileSize ?? raw.count)
        let format = ImageFormat.sniff(raw)
        switch format {
        case .png, .jpeg:
            var info = try probeWithDecoder(raw, format: format)
            info.byteCount = fileSize
            return info
        case .webp:
            return try probeWebP(raw, fileSize: fileSize)
        case .heic:
            return try probeHEIF(raw, fileSize: fileSize)
        default:
            if let damage = UnsupportedContent.damagedPNGSignature(Array(raw.prefix(16))) {
                throw ImageProbeError(code: .corrupt, message: damage, format: .png)
            }
            throw ImageProbeError(
                code: .unsupportedFormat, message: UnsupportedContent.describe(raw, format: format), format: format)
        }
    }

    private func probeWebP(_ raw: UnsafeRawBufferPointer, fileSize: Int) throws(ImageProbeError) -> ImageInfo {
        let header = try WebPHeader.parse(raw, fileSize: fileSize)
        if header.width * header.height > maxPixels {
            throw tooManyPixels(.webp, header.width, header.height)
        }
        let kind = header.lossless ? "lossless" : "lossy"
        return ImageInfo(
            format: .webp, width: header.width, height: header.height, channels: header.hasAlpha ? 4 : 3,
            bitDepth: 8, colorModel: header.hasAlpha ? .rgba : .rgb, hasAlpha: header.hasAlpha,
            byteCount: fileSize, checkedDepth: .header,
            note: "WebP (\(kind)\(header.animated ? ", animated" : "")) checked at header level only: no WebP decoder")
    }

    private func probeHEIF(_ raw: UnsafeRawBufferPointer, fileSize: Int) throws(ImageProbeError) -> ImageInfo {
        let facts = try HEIFHeader.parse(raw, fileSize: fileSize)
        // ispe sizes are 32-bit each: their product can overflow Int.
        let (pixels, overflow) = facts.width.multipliedReportingOverflow(by: facts.height)
        if overflow || pixels > maxPixels {
            throw tooManyPixels(.heic, facts.width, facts.height)
        }
        let rotated = facts.rotation == 0 ? "" : ", rotated \(facts.rotation)°"
        return ImageInfo(
            format: .heic, width: facts.width, height: facts.height, channels: 3, bitDepth: 8, colorModel: .ycbcr,
            hasAlpha: false, byteCount: fileSize, checkedDepth: .header,
            note: "HEIC/HEIF (\(facts.majorBrand)\(rotated)) checked at container level only: dimensions from its "
                + "ispe property, content integrity not checked (no HEVC decoder); only /v1/segment accepts HEIC")
    }

    private func probeWithDecoder(_ raw: UnsafeRawBufferPointer, format: ImageFormat) throws(ImageProbeError)
        -> ImageInfo
    {
        var info = primg_info()
        let status = primg_probe(raw.baseAddress, raw.count, mode == .full ? 1 : 0, UInt64(max(0, maxPixels)), &info)
        let message = CMessage.string(from: info)
        let width = Int(info.width)
        let height = Int(info.height)
        let name = format.displayName
        var decoderWarning: String? = nil
        switch status {
        case PRIMG_OK:
            if info.warnings > 0, !message.isEmpty { decoderWarning = message }
        case PRIMG_WARNING:
            let code: ImageProbeError.Code = info.truncated != 0 ? .truncated : .corrupt
            let rows = "\(info.rows_decoded) of \(height) rows"
            if strictJPEG {
                throw ImageProbeError(
                    code: code,
                    message: "damaged \(name) (\(rows) decoded, \(info.warnings) libjpeg warnings): \(message)",
                    format: format, dimensions: .init(width: width, height: height))
            }
            decoderWarning = "\(message) (\(info.warnings) libjpeg warnings)"
        case PRIMG_TOO_MANY_PIXELS:
            throw tooManyPixels(format, width, height)
        case PRIMG_UNSUPPORTED:
            throw ImageProbeError(code: .unsupportedFormat, message: "\(name): \(message)", format: format)
        case PRIMG_NO_MEMORY:
            throw ImageProbeError(code: .corrupt, message: "\(name): out of memory while decoding", format: format)
        default:
            let code: ImageProbeError.Code = info.truncated != 0 ? .truncated : .corrupt
            let what = code == .truncated ? "truncated" : "corrupt"
            let detail = message.isEmpty ? "undecodable data" : message
            throw ImageProbeError(
                code: code, message: "\(what) \(name): \(detail)", format: format,
                dimensions: width > 0 ? .init(width: width, height: height) : nil)
        }
        return ImageInfo(
            format: format, width: width, height: height, channels: Int(info.channels), bitDepth: Int(info.bit_depth),
            colorModel: Self.colorModel(info.color_model), hasAlpha: info.has_alpha != 0,
            isProgressive: info.progressive != 0, isInterlaced: info.interlaced != 0, byteCount: raw.count,
            checkedDepth: mode, decoderWarning: decoderWarning)
    }

    private func tooManyPixels(_ format: ImageFormat, _ width: Int, _ height: Int) -> ImageProbeError {
        let megapixels = (Double(width) * Double(height) / 1_000_000).formatted2
        return ImageProbeError(
            code: .tooManyPixels,
            message: "\(format.displayName) claims \(width)x\(height) (\(megapixels) MP), more than the "
                + "\((Double(maxPixels) / 1_000_000).formatted2) MP limit: refused without decoding",
            format: format, dimensions: .init(width: width, height: height))
    }

    private static func colorModel(_ model: Int32) -> ColorModel {
        switch model {
        case PRIMG_MODEL_GRAY: .gray
        case PRIMG_MODEL_GRAY_ALPHA: .grayAlpha
        case PRIMG_MODEL_RGB: .rgb
        case PRIMG_MODEL_RGBA: .rgba
        case PRIMG_MODEL_PALETTE: .palette
        case PRIMG_MODEL_YCBCR: .ycbcr
        case PRIMG_MODEL_CMYK: .cmyk
        case PRIMG_MODEL_YCCK: .ycck
        default: .unknown
        }
    }
}
