import Foundation
import Hummingbird
import PhotoroomImaging
import PhotoroomPricing
import PhotoroomRendering

/// The steps every image call (`/v2/edit`, `/v1/segment`) shares: the key, the sandbox quota, the fault
/// schedule, the balance check, the charge, and the image response (possibly trickled or dropped).
struct ImageCall: Sendable {
    let state: EmulatorState
    let keys: KeyCheck
    let configuration: EmulatorConfiguration

    /// What admission found out about a call.
    struct Admission: Sendable {
        var key: KeyKind
        var faults: EmulatorState.FaultDecision
        var cost: Decimal
    }

    /// Checks the key and the sandbox quota, then applies the faults that strike before any work
    /// (429 burst, drop before billing, 500) and the quick balance check.
    func admit(
        _ request: Request,
        context: EmulatorRequestContext,
        operation: BilledOperation,
        style: EmulatorError.Style
    ) async throws -> Admission {
        let key = try keys.check(request, style: style)
        if key.isSandbox, let refusal = await state.admitSandboxCall() {
            throw refusal.monthly
                ? EmulatorError.sandboxQuotaExhausted(
                    style, limit: configuration.sandboxCallsPerMonth, period: "month", retryAfter: refusal.retryAfter)
                : EmulatorError.sandboxQuotaExhausted(
                    style, limit: configuration.sandboxCallsPerDay, period: "day", retryAfter: refusal.retryAfter)
        }
        let faults = await state.nextImageCallFaults()
        if let retryAfter = faults.rateLimitBurstRetryAfter {
            throw EmulatorError.rateLimited(style, retryAfter: retryAfter)
        }
        if faults.dropBeforeBilling {
            throw ConnectionDropped(afterBilling: false)
        }
        if faults.serverError {
            throw EmulatorError.unexpected(style)
        }
        let cost: Decimal
        do {
            cost = try await state.cost(of: operation, sandbox: key.isSandbox)
        } catch {
            throw EmulatorError.unexpected(style)
        }
        guard await state.canAfford(cost) else {
            throw EmulatorError.creditsExhausted(style)
        }
        return Admission(key: key, faults: faults, cost: cost)
    }

    /// Reads the whole body, up to the configured maximum.
    func collectBody(_ request: Request, style: EmulatorError.Style) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: configuration.maxUploadBytes)
        } catch {
            throw EmulatorError(
                status: .contentTooLarge,
                style: style,
                message: "The request is larger than \(configuration.maxUploadBytes / 1_000_000) MB",
                type: "payload_too_large"
            )
        }
    }

    /// Decodes an uploaded or fetched image. HEIC is refused here (only `/v1/segment` takes it, through
    /// ``segmentInput(_:parameter:)``) with a 400 naming the unsupported format.
    func decode(_ bytes: [UInt8], parameter: String, style: EmulatorError.Style) throws(EmulatorError) -> RGBAImage {
        if ImageFormat.sniff(bytes) == .heic {
            throw .badRequest(
                style, "\(parameter): unsupported image format HEIC/HEIF; use PNG, JPEG or WebP",
                type: "unsupported_format")
        }
        do {
            return try ImageCodec.decode(bytes, maxPixels: configuration.maxInputPixels)
        } catch {
            throw .badRequest(
                style, "\(parameter) could not be read as a PNG or JPEG image: \(error.message)", type: "invalid_image")
        }
    }

    /// Decodes `/v1/segment`'s `image_file`: PNG or JPEG, or HEIC (which the emulator cannot decode: it segments a
    /// stand-in of the HEIC's size, ``HEICStandIn``).
    func segmentInput(_ bytes: [UInt8], parameter: String) throws(EmulatorError) -> RGBAImage {
        guard ImageFormat.sniff(bytes) == .heic else { return try decode(bytes, parameter: parameter, style: .sdk) }
        return try HEICStandIn.image(bytes, maxPixels: configuration.maxInputPixels, parameter: parameter)
    }

    /// Encodes the result in `format` (`png`, `jpeg`; `webp`/`avif` fall back to PNG). PNG goes through
    /// ``FastPNG`` (libpng at level 6 is too slow for the emulator's throughput target), JPEG through the
    /// project's libjpeg codec at quality 80.
    ///
    /// - Returns: the bytes, their content type, and a note when the format was substituted.
    func encode(
        _ image: RGBAImage, format: EditOptions.ExportFormat, style: EmulatorError.Style
    ) throws(EmulatorError) -> (bytes: [UInt8], contentType: String, note: String?) {
        do {
            switch format {
            case .png:
                return (FastPNG.encode(image), "image/png", nil)
            case .jpeg:
                return (try ImageCodec.encodeJPEG(image, quality: 80), "image/jpeg", nil)
            case .webp, .avif:
                let note = "\(format.rawValue) is not encoded by the emulator; the body is PNG"
                return (FastPNG.encode(image), "image/png", note)
            }
        } catch {
            throw .unexpected(style)
        }
    }

    /// Charges the call, applies the drop-after-billing fault, and builds the image response (trickled or stalled
    /// when a fault says so).
    func complete(
        _ admission: Admission,
        operation: BilledOperation,
        context: EmulatorRequestContext,
        style: EmulatorError.Style,
        body: [UInt8],
        headers: HTTPFields
    ) async throws -> Response {
        switch await state.charge(operation, cost: admission.cost) {
        case .insufficient:
            throw EmulatorError.creditsExhausted(style)
        case .charged(let amount):
            context.notes.charged = amount
        }
        if admission.faults.dropAfterBilling {
            throw ConnectionDropped(afterBilling: true)
        }
        var headers = headers
        let body = admission.faults.damagedResult ? Self.damage(body, configuration.faults.damagedResultKind) : body
        headers[.contentLength] = String(body.count)
        if admission.key.isSandbox {
            headers[.init("x-emulator-sandbox")!] = "watermarked"
        }
        if admission.faults.stalledBody {
            return StalledAnswer(faults: configuration.faults).response(headers: headers, body: body, context: context)
        }
        guard admission.faults.slowBody else {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let chunkSize = configuration.faults.slowBodyChunkBytes
        let delay = configuration.faults.slowBodyChunkDelayMs
        let slowBody = ResponseBody(contentLength: body.count) { writer in
            var offset = 0
            while offset < body.count {
                let end = min(body.count, offset + chunkSize)
                try await writer.write(ByteBuffer(bytes: body[offset..<end]))
                offset = end
                if offset < body.count {
                    try await Task.sleep(for: .milliseconds(delay))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: slowBody)
    }

    /// The damaged-result fault: `body` made wrong in the way `kind` says.
    static func damage(_ body: [UInt8], _ kind: FaultConfiguration.DamagedResult) -> [UInt8] {
        if kind == .truncated { return Array(body.prefix(body.count / 2)) }
        guard let image = try? ImageCodec.decode(body) else { return Array(body.prefix(body.count / 2)) }
        let isPNG = ImageFormat.sniff(body) == .png
        switch kind {
        case .truncated:
            return Array(body.prefix(body.count / 2))
        case .wrongSize:
            let width = max(1, image.width / 2)
            let height = max(1, image.height / 2)
            var pixels: [UInt8] = []
            pixels.reserveCapacity(width * height * 4)
            for row in 0..<height {
                let start = row * image.width * 4
                pixels += image.pixels[start..<start + width * 4]
            }
            let smaller = RGBAImage(width: width, height: height, pixels: pixels)
            let encoded = isPNG ? try? ImageCodec.encodePNG(smaller) : try? ImageCodec.encodeJPEG(smaller)
            return encoded ?? []
        case .wrongFormat:
            let encoded = isPNG ? try? ImageCodec.encodeJPEG(image) : try? ImageCodec.encodePNG(image)
            return encoded ?? []
        }
    }

    /// Formats an uncertainty score for the `x-uncertainty-score` header.
    static func format(uncertainty: Double) -> String {
        String(format: "%.2f", uncertainty)
    }
}
