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

    public init(format: OutputFormat, width: Int? = nil, height: Int? = nil, requiresAlpha: Bool = false) {
        self.format = format
        self.width = width
        self.height = height
        self.requiresAlpha = requiresAlpha
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
        let asked = expectation.format
        let head: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = [UInt8](try handle.read(upToCount: 64) ?? Data())
        } catch {
            return "the result cannot be read: \(error.localizedDescription)"
        }
        if head.isEmpty { return "the result is empty" }
        let found = ImageFormat.sniff(head)
        switch asked {
        case .webp, .avif:
            let wanted: ImageFormat = asked == .webp ? .webp : .avif
            guard found == wanted else {
                var text = "asked for \(wanted.displayName) (export.format), got \(found.displayName) bytes"
                if found == .png {
                    text +=
                        "; the built-in emulator answers webp and avif with PNG (it has no encoder for them), so "
                        + "against the emulator use png or jpeg"
                }
                return text
            }
            // No WebP/AVIF decoder: the magic bytes are all that is checked.
            return nil
        case .png, .jpeg:
            let wanted: ImageFormat = asked == .png ? .png : .jpeg
            guard found == wanted else {
                return "asked for \(wanted.displayName) (export.format), got \(found.displayName) bytes"
            }
        }
        let info: ImageInfo
        do {
            info = try ImageProbe(mode: .full, maxPixels: maxPixels).probe(fileAt: url, maxFileBytes: Int.max)
        } catch {
            return "the result does not decode: \(error.description)"
        }
        if let width = expectation.width, let height = expectation.height,
            info.width != width || info.height != height
        {
            return "the result is \(info.width)x\(info.height), outputSize asked for \(width)x\(height)"
        }
        if expectation.requiresAlpha, !info.hasAlpha {
            return "the result has no alpha channel (a cutout must be transparent around the subject)"
        }
        return nil
    }

    private static let queue = DispatchQueue(label: "photoroom-batch.result-check", attributes: .concurrent)
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// ``problem(withResultAt:expecting:)`` off the cooperative pool, bounded to one check per core.
    static func check(_ url: URL, expecting expectation: ResultExpectation) async -> String? {
        await withCheckedContinuation { continuation in
            queue.async {
                slots.wait()
                defer { slots.signal() }
                continuation.resume(returning: problem(withResultAt: url, expecting: expectation))
            }
        }
    }
}
