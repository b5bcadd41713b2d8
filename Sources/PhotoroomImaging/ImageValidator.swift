#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Applies ``ValidationLimits`` to files: one ``ValidationVerdict`` per file, never a throw or a crash.
///
/// Errors: unreadable, empty, unsupported format (GIF, BMP, TIFF, AVIF, text, …), corrupt or truncated
/// data, a file over `maxFileBytes`, more pixels than `maxPixels`. Warnings: more pixels than Photoroom
/// recommends, CMYK/YCCK, an extension naming another format, a very small image. WebP is checked at header
/// level only; HEIC/HEIF at container level (its dimensions, not its HEVC data), and it is valid here because
/// `/v1/segment` takes it: which endpoint accepts which format is ``EndpointInputLimits``'s to say, per route.
/// The validator holds no shared state: call it from as many tasks as you like (each call is
/// blocking CPU and file work).
public struct ImageValidator: Sendable {
    /// The rules applied.
    public var limits: ValidationLimits
    /// How deeply each file is checked.
    public var mode: ProbeMode

    /// Creates a validator.
    public init(limits: ValidationLimits = .default, mode: ProbeMode = .full) {
        self.limits = limits
        self.mode = mode
    }

    private var probe: ImageProbe {
        ImageProbe(mode: mode, maxPixels: limits.maxPixels, strictJPEG: limits.strictJPEGWarnings)
    }

    /// Validates the file at `url`, reading it whole (a file over `maxFileBytes` only as far as its header).
    public func validate(fileAt url: URL) -> ValidationVerdict {
        let outcome = Result { () throws(ImageProbeError) in
            try probe.probe(fileAt: url, maxFileBytes: limits.maxFileBytes)
        }
        return verdict(outcome, fileExtension: url.pathExtension)
    }

    /// Validates an encoded image held in memory; `fileName` (if any) is used for the extension check.
    public func validate(_ bytes: [UInt8], fileName: String? = nil) -> ValidationVerdict {
        let outcome: Result<ImageInfo, ImageProbeError>
        if bytes.count > limits.maxFileBytes {
            outcome = .failure(
                ImageProbeError(
                    code: .fileTooLarge,
                    message:
                        "\(ByteSize.describe(bytes.count)) is over the \(ByteSize.describe(limits.maxFileBytes)) limit",
                    format: ImageFormat.sniff(bytes)))
        } else {
            outcome = Result { () throws(ImageProbeError) in try probe.probe(bytes) }
        }
        let fileExtension = fileName.map { name in
            name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]) : ""
        }
        return verdict(outcome, fileExtension: fileExtension ?? "")
    }

    private func verdict(_ outcome: Result<ImageInfo, ImageProbeError>, fileExtension: String) -> ValidationVerdict {
        switch outcome {
        case .success(let info):
            var issues = warnings(for: info)
            if let mismatch = extensionMismatch(fileExtension, format: info.format) { issues.append(mismatch) }
            return ValidationVerdict(info: info, format: info.format, issues: issues)
        case .failure(let error):
            var issues = [ValidationIssue(Self.issueCode(error.code), error.message)]
            if let format = error.format, format != .unknown,
                let mismatch = extensionMismatch(fileExtension, format: format)
            {
                issues.append(mismatch)
            }
            return ValidationVerdict(info: nil, format: error.format, issues: issues)
        }
    }

    private func warnings(for info: ImageInfo) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let damage = info.decoderWarning, info.format == .jpeg, !limits.strictJPEGWarnings {
            issues.append(ValidationIssue(.damaged, "libjpeg repaired damaged data: \(damage)"))
        }
        if info.pixelCount > limits.warnAbovePixels {
            issues.append(
                ValidationIssue(
                    .aboveRecommendedPixels,
                    "\(info.width)x\(info.height) is \(info.megapixels.formatted2) MP, above the "
                        + "\((Double(limits.warnAbovePixels) / 1_000_000).formatted2) MP Photoroom recommends"))
        }
        if limits.warnOnCMYK, info.colorModel.isCMYK {
            issues.append(
                ValidationIssue(
                    .cmyk,
                    "\(info.colorModel == .ycck ? "YCCK (CMYK)" : "CMYK") JPEG: Photoroom supports sRGB only, "
                        + "colours may shift; convert to RGB first"))
        }
        if min(info.width, info.height) < limits.minDimension {
            issues.append(
                ValidationIssue(
                    .smallImage,
                    "\(info.width)x\(info.height) is smaller than \(limits.minDimension) px on one side"))
        }
        return issues
    }

    private func extensionMismatch(_ fileExtension: String, format: ImageFormat) -> ValidationIssue? {
        guard limits.warnOnExtensionMismatch, !fileExtension.isEmpty else { return nil }
        let named = ImageFormat(fileExtension: fileExtension)
        guard named != format else { return nil }
        if let named {
            return ValidationIssue(
                .extensionMismatch,
                "named .\(fileExtension) (\(named.displayName)) but the content is \(format.displayName)")
        }
        return ValidationIssue(
            .extensionMismatch,
            "extension .\(fileExtension) is not an image extension; the content is \(format.displayName)")
    }

    private static func issueCode(_ code: ImageProbeError.Code) -> ValidationIssue.Code {
        switch code {
        case .empty: .emptyFile
        case .unreadable: .unreadable
        case .unsupportedFormat: .unsupportedFormat
        case .corrupt: .corrupt
        case .truncated: .truncated
        case .tooManyPixels: .tooManyPixels
        case .fileTooLarge: .tooLargeFile
        }
    }
}
