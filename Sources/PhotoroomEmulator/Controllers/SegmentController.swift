import Foundation
import Hummingbird

/// `POST /v1/segment`: the Remove Background API. Multipart `image_file` plus `format`, `channels`,
/// `bg_color`, `size`, `crop`, `despill` (accepted, no effect). Errors use the flat
/// `{"detail","status_code","type"}` shape. With `Accept: application/json` the answer is
/// `{"base64img": "…"}` (an inference: the spec lists that alternative without saying how to pick it).
struct SegmentController: Sendable {
    let call: ImageCall

    var routes: RouteCollection<EmulatorRequestContext> {
        let routes = RouteCollection(context: EmulatorRequestContext.self)
        routes.post("/v1/segment") { request, context in try await self.segment(request, context: context) }
        return routes
    }

    private func segment(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let admission = try await call.admit(request, context: context, operation: .segment, style: .sdk)
        let body = try await call.collectBody(request, style: .sdk)
        let form: MultipartForm
        do {
            form = try MultipartForm.parse(body, contentType: request.headers[.contentType])
        } catch {
            throw EmulatorError.badRequest(.sdk, "Please provide an image.", type: "missing_image")
        }
        var fields: [String: String] = [:]
        for part in form.parts where part.name != "image_file" {
            fields[part.name] = part.text
        }
        context.notes.parameterNames = form.parts.map(\.name).sorted()
        guard let imagePart = form.part(named: "image_file"), !imagePart.bytes.isEmpty else {
            throw EmulatorError.badRequest(.sdk, "Please provide an image.", type: "missing_image")
        }
        var options = try SegmentOptions.parse(fields)
        options.watermark = admission.key.isSandbox
        let (call, settings, bytes) = (self.call, options, imagePart.bytes)
        let (rendered, encoded) = try await CPUWork.run { () throws(EmulatorError) in
            let image = try call.segmentInput(bytes, parameter: "image_file")
            let rendered = SegmentRenderer.render(image, options: settings)
            return (rendered, try call.encode(rendered.image, format: settings.format, style: .sdk))
        }

        var headers = HTTPFields()
        headers[.init("x-uncertainty-score")!] = ImageCall.format(uncertainty: rendered.uncertainty)
        if let note = encoded.note {
            headers[.init("x-emulator-note")!] = note
        }
        let wantsJSON = request.headers[.accept]?.lowercased().contains("application/json") ?? false
        var bodyBytes = encoded.bytes
        if wantsJSON {
            let object = ["base64img": Data(encoded.bytes).base64EncodedString()]
            bodyBytes = [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
            headers[.contentType] = "application/json"
        } else {
            headers[.contentType] = encoded.contentType
        }
        return try await call.complete(
            admission, operation: .segment, context: context, style: .sdk, body: bodyBytes, headers: headers)
    }
}
