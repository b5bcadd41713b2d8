import Dispatch
import Foundation
import PhotoroomImaging

/// What a paid result must be to count (issue 9, rule 6): decodable by the project's own decoders, in the format
/// that was asked for, and of the fixed size that was asked for, if any.
public struct ResultExpectation: Sendable, Equatable {
    /// The format asked for (`export.format`, PNG by default).
    public var format: OutputFormat
    /// The size asked for, when `outputSize` is a fixed `WxH`.
    public var width: Int?
    public var height: Int?
    /// The result must carry an alpha channel (a `/v1/segment` cutout).
    public var requiresAlpha: Bool
    /// `height`x`width` is accepted too (a JPEG's EXIF orientation may turn the image a quarter).
    public var acceptsQuarterTurn: Bool

    public init(
        format: OutputFormat,
        width: Int? = nil,
        height: Int? = nil,
        requiresAlpha: Bool = false,
        acceptsQuarterTurn: Bool = false
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.requiresAlpha = requiresAlpha
        self.acceptsQuarterTurn = acceptsQuarterTurn
    }

    /// The expectation of a `/v1/segment` cutout of the input `row` describes (`format=png`, `channels=rgba`,
    /// `size=full`, `crop=false`): a PNG with alpha of the input's size.
    public init(cutoutOf row: ManifestItem) {
        self.init(
            format: .png,
            width: row.width,
            height: row.height,
            requiresAlpha: true,
            acceptsQuarterTurn: row.format == "jpeg"
        )
    }

    /// The expectation of a `/v2/edit` call with `settings`: `export.format` and a fixed `outputSize` (`auto`,
    /// `originalImage` and `croppedSubject` fix no size).
    public init(edit settings: EditSettings) {
        let format = (try? settings.outputFormat()) ?? .png
        let size = settings.parameters["outputSize"].flatMap(Self.fixedSize)
        self.init(format: format, width: size?.width, height: size?.height)
    }

    /// Parses `WxH` (both positive); anything else is no fixed size.
    static func fixedSize(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        return (width, height)
    }
}

/// Checks a downloaded result against its ``ResultExpectation`` before it counts: a header probe, then a full
/// decode (PNG, JPEG); WebP and AVIF by their magic bytes only (the project has no decoder for them).
///
/// The work is blocking CPU and file work: it runs on its own dispatch queue, at most one check per core at once,
/// never on the cooperative pool the network calls share.
public enum ResultCheck {
    /// The decoded-size ceiling of a result (400 MB of RGBA at most while decoding).
    static let maxPixels = 100_000_000

    /// What is wrong with the result at `url`, or `nil` when it is what was asked for.
    public static func problem(withResultAt url: URL, expecting expectation: ResultExpectation) -> String? {
        diagnose(url, expecting: expectation)?.message
    }

    /// What is wrong with the result at `url`, with its kind and short wording (for a stop that names the
    /// systematic fault), or `nil` when it is what was asked for.
    static func diagnose(_ url: URL, expecting expectation: ResultExpectation) -> ResultProblem? {
        let asked = expectation.format
        let head: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = [UInt8](try handle.read(upToCount: 64) ?? Data())
        } catch {
            return ResultProblem(
                kind: .unreadable, message: "the result cannot be read: \(error.localizedDescription)",
                summary: "results that cannot be read", hint: "check OUT_DIR's disk")
        }
        if head.isEmpty {
            return ResultProblem(
                kind: .empty, message: "the result is empty", summary: "empty results",
                hint: "check what answers the calls (endpoint, proxy)")
        }
        let found = ImageFormat.sniff(head)
        let wanted: ImageFormat
        switch asked {
        case .webp: wanted = .webp
        case .avif: wanted = .avif
        case .png: wanted = .png
        case .jpeg: wanted = .jpeg
        }
        guard found == wanted else {
            var text = "asked for \(wanted.displayName) (export.format), got \(found.displayName) bytes"
            if asked == .webp || asked == .avif, found == .png {
                text +=
                    "; the built-in emulator answers webp and avif with PNG (it has no encoder for them), so "
                    + "against the emulator use png or jpeg"
            }
            return ResultProblem(
                kind: .format, message: text, summary: "asked for \(wanted.displayName), got \(found.displayName)",
                hint: "check export.format")
        }
        // No WebP/AVIF decoder: the magic bytes are all that is checked.
        if asked == .webp || asked == .avif { return nil }
        return decodedProblem(url, expecting: expectation)
    }

    /// The checks that need the decoded result (PNG, JPEG): it decodes, has the size asked for, and alpha.
    private static func decodedProblem(_ url: URL, expecting expectation: ResultExpectation) -> ResultProblem? {
        let info: ImageInfo
        do {
            info = try ImageProbe(mode: .full, maxPixels: maxPixels).probe(fileAt: url, maxFileBytes: Int.max)
        } catch {
            return ResultProblem(
                kind: .undecodable, message: "the result does not decode: \(error.description)",
                summary: "results that do not decode", hint: "check what answers the calls (endpoint, proxy)")
        }
        if let width = expectation.width, let height = expectation.height,
            info.width != width || info.height != height,
            !(expectation.acceptsQuarterTurn && info.width == height && info.height == width)
        {
            let asked = expectation.requiresAlpha ? "the input is" : "outputSize asked for"
            return ResultProblem(
                kind: .size, message: "the result is \(info.width)x\(info.height), \(asked) \(width)x\(height)",
                summary: "results of another size than asked for",
                hint: expectation.requiresAlpha ? "check the segment endpoint" : "check edit.outputSize")
        }
        if expectation.requiresAlpha, !info.hasAlpha {
            return ResultProblem(
                kind: .noAlpha,
                message: "the result has no alpha channel (a cutout must be transparent around the subject)",
                summary: "cutouts without alpha", hint: "check the segment endpoint")
        }
        return nil
    }

    private static let queue = DispatchQueue(label: "photoroom-batch.result-check", attributes: .concurrent)
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// ``diagnose(_:expecting:)`` off the cooperative pool, bounded to one check per core.
    static func check(_ url: URL, expecting expectation: ResultExpectation) async -> ResultProblem? {
        await withCheckedContinuation { continuation in
            queue.async {
                slots.wait()
                defer { slots.signal() }
                continuation.resume(returning: diagnose(url, expecting: expectation))
            }
        }
    }
}

/// Why a billed result fails its check: the row's message, and the kind and short wording a stop uses when
/// results fail systematically (``UnusableResultStreak``).
struct ResultProblem: Sendable, Equatable {
    /// The ways a result can fail its check.
    enum Kind: Sendable, Equatable {
        case unreadable, empty, format, undecodable, size, noAlpha
    }

    var kind: Kind
    /// The row's wording (`asked for PNG (export.format), got JPEG bytes`).
    var message: String
    /// The short wording of the kind (`asked for JPEG, got PNG`).
    var summary: String
    /// What to check (`check export.format`).
    var hint: String
}
