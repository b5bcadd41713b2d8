import Foundation
import Hummingbird
import PhotoroomEditCatalog
import PhotoroomImaging

/// `POST /v2/edit` (multipart, `imageFile` plus every parameter in the body) and `GET /v2/edit` (query
/// parameters, `imageUrl` restricted to loopback URLs).
///
/// Parameter names are looked up in `EditParameters` (from the OpenAPI document): unknown names are listed in
/// `pr-unsupported-attributes` and otherwise ignored; bad values and documented conflicts give 400
/// `{"error":{"message":…}}`. Generative parameters are billed but rendered as a plain stand-in and flagged
/// with `x-emulator-ai: not-run`.
struct EditController: Sendable {
    let call: ImageCall

    var routes: RouteCollection<EmulatorRequestContext> {
        let routes = RouteCollection(context: EmulatorRequestContext.self)
        routes.post("/v2/edit") { request, context in try await self.post(request, context: context) }
        routes.get("/v2/edit") { request, context in try await self.get(request, context: context) }
        return routes
    }

    /// The file-valued parameters of POST.
    private static let fileParameters: Set<String> = [
        "imageFile", "background.imageFile", "background.guidance.imageFile",
    ]

    private func post(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let admission = try await call.admit(request, context: context, operation: .edit, style: .imageAPI)
        let body = try await call.collectBody(request, style: .imageAPI)
        let form: MultipartForm
        do {
            form = try MultipartForm.parse(body, contentType: request.headers[.contentType])
        } catch {
            throw EmulatorError.badRequest(
                .imageAPI, "POST /v2/edit takes multipart/form-data with imageFile and the parameters")
        }
        var values: [String: String] = [:]
        var repeated: [String: [String]] = [:]
        var files: [String: [UInt8]] = [:]
        for part in form.parts {
            if part.filename != nil || Self.fileParameters.contains(part.name) {
                files[part.name] = part.bytes
                values[part.name] = part.filename ?? "file"
            } else {
                repeated[part.name, default: []].append(part.text)
                values[part.name] = part.text
            }
        }
        context.notes.parameterNames = values.keys.sorted()
        let checked = try Self.check(values, repeated: repeated, headers: Self.modelHeaders(request), method: "POST")
        guard let imageBytes = files["imageFile"], checked.accepted["imageFile"] != nil else {
            throw EmulatorError.badRequest(.imageAPI, "imageFile: Required")
        }
        let call = self.call
        let backgroundBytes = checked.accepted["background.imageFile"] == nil ? nil : files["background.imageFile"]
        let (image, background) = try await CPUWork.run { () throws(EmulatorError) in
            let image = try call.decode(imageBytes, parameter: "imageFile", style: .imageAPI)
            let background = try backgroundBytes.map { bytes throws(EmulatorError) in
                try call.decode(bytes, parameter: "background.imageFile", style: .imageAPI)
            }
            return (image, background)
        }
        return try await render(image, background: background, checked: checked, admission: admission, context: context)
    }

    private func get(_ request: Request, context: EmulatorRequestContext) async throws -> Response {
        let admission = try await call.admit(request, context: context, operation: .edit, style: .imageAPI)
        var values: [String: String] = [:]
        var repeated: [String: [String]] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key).removingPercentEncoding ?? String(key)
            values[name] = String(value)
            repeated[name, default: []].append(String(value))
        }
        context.notes.parameterNames = values.keys.sorted()
        let checked = try Self.check(values, repeated: repeated, headers: Self.modelHeaders(request), method: "GET")
        guard let imageURL = checked.accepted["imageUrl"] else {
            throw EmulatorError.badRequest(.imageAPI, "imageUrl: Required")
        }
        let maxBytes = 30 * 1024 * 1024
        let imageBytes = try await LoopbackFetcher.fetch(imageURL, parameter: "imageUrl", maxBytes: maxBytes)
        var backgroundBytes: [UInt8]?
        if let backgroundURL = checked.accepted["background.imageUrl"] {
            backgroundBytes = try await LoopbackFetcher.fetch(
                backgroundURL, parameter: "background.imageUrl", maxBytes: maxBytes)
        }
        let (call, fetchedBackground) = (self.call, backgroundBytes)
        let (image, background) = try await CPUWork.run { () throws(EmulatorError) in
            let image = try call.decode(imageBytes, parameter: "imageUrl", style: .imageAPI)
            let background = try fetchedBackground.map { bytes throws(EmulatorError) in
                try call.decode(bytes, parameter: "background.imageUrl", style: .imageAPI)
            }
            return (image, background)
        }
        return try await render(image, background: background, checked: checked, admission: admission, context: context)
    }

    /// The parameters split into accepted and unknown ones.
    struct CheckedParameters: Sendable {
        /// Documented names with acceptable values.
        var accepted: [String: String]
        /// Names Photoroom does not document (reported, ignored).
        var unsupported: [String]
        /// The accepted names that are generative features.
        var aiNames: Set<String>
    }

    /// The request's `pr-*` headers (model versions), lower-cased.
    static func modelHeaders(_ request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers where field.name.canonicalName.hasPrefix("pr-") {
            headers[field.name.canonicalName] = field.value
        }
        return headers
    }

    /// Sorts parameters into accepted and unsupported ones, and refuses bad values and conflicts.
    ///
    /// - Parameters:
    ///   - values: each name's (last) value.
    ///   - repeated: every value of each name, in order (array parameters come as repeated fields).
    ///   - headers: the request's `pr-*` headers, which some features need.
    /// - Throws: ``EmulatorError`` 400 with the first bad value, a parameter the method does not take, an object
    ///   parameter sent as JSON text, a badly repeated field, or the document's rules (``EditRules``).
    static func check(
        _ values: [String: String],
        repeated: [String: [String]] = [:],
        headers: [String: String] = [:],
        method: String
    ) throws(EmulatorError) -> CheckedParameters {
        var checked = CheckedParameters(accepted: [:], unsupported: [], aiNames: [])
        for name in values.keys.sorted() {
            let value = values[name]!
            guard let spec = EditParameters.spec(named: name) else {
                checked.unsupported.append(name)
                continue
            }
            let allowed = method == "GET" ? spec.inGET : spec.inPOST
            guard allowed else {
                let hint = name.hasSuffix("imageUrl") ? "; POST takes files (imageFile)" : "; GET takes URLs (imageUrl)"
                throw .badRequest(.imageAPI, "\(name) is not accepted by \(method) /v2/edit\(hint)")
            }
            if spec.kind != .file, let problem = EditParameters.problem(name: name, value: value) {
                throw .badRequest(.imageAPI, problem)
            }
            if let problem = Self.wireProblem(name, values: repeated[name] ?? [value], kind: spec.kind) {
                throw .badRequest(.imageAPI, problem)
            }
            checked.accepted[name] = value
            if spec.isAI { checked.aiNames.insert(name) }
        }
        var rules = checked.accepted
        for (name, items) in repeated where EditParameters.lists[name] != nil && items.count > 1 {
            rules[name] = "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        }
        let violations =
            EditRules.violations(in: rules, headers: headers).filter { $0.place == .parameter }
            + EditHeaders.violations(in: headers).filter { EditHeaders.documented[$0.key.lowercased()] != nil }
        if !violations.isEmpty {
            throw .badRequest(.imageAPI, violations.map(\.reason).joined(separator: "; "))
        }
        return checked
    }

    /// How object and array parameters must arrive: dotted members and repeated fields, never JSON text.
    static func wireProblem(_ name: String, values: [String], kind: EditParameterSpec.Kind) -> String? {
        if kind == .json {
            if EditParameters.lists[name] != nil {
                if values.contains(where: { $0.hasPrefix("[") }) {
                    return "\(name) must be sent as one field per item (repeat \(name)), not as JSON text"
                }
                return nil
            }
            return "\(name) must be sent as dotted fields (such as \(name).preset.name), not as JSON text"
        }
        if values.count > 1 {
            return "\(name) was given \(values.count) times; only array parameters may repeat"
        }
        return nil
    }

    private func render(
        _ image: RGBAImage,
        background: RGBAImage?,
        checked: CheckedParameters,
        admission: ImageCall.Admission,
        context: EmulatorRequestContext
    ) async throws -> Response {
        // The upscaler's input limits depend on the image (1,000,000 px for ai.fast, 262,144 for ai.slow).
        let imageViolations = EditRules.imageViolations(checked.accepted, width: image.width, height: image.height)
        if !imageViolations.isEmpty {
            throw EmulatorError.badRequest(.imageAPI, imageViolations.map(\.reason).joined(separator: "; "))
        }
        var options = try EditOptions.parse(checked.accepted, aiNames: checked.aiNames)
        options.watermark = admission.key.isSandbox
        let (call, settings) = (self.call, options)
        let (rendered, encoded) = try await CPUWork.run { () throws(EmulatorError) in
            let rendered = EditRenderer.render(image, options: settings, backgroundImage: background)
            return (rendered, try call.encode(rendered.image, format: settings.exportFormat, style: .imageAPI))
        }

        var headers = HTTPFields()
        headers[.contentType] = encoded.contentType
        headers[.init("x-uncertainty-score")!] = ImageCall.format(uncertainty: rendered.uncertainty)
        if !checked.unsupported.isEmpty {
            headers[.init("pr-unsupported-attributes")!] =
                "Unsupported attributes: " + checked.unsupported.joined(separator: ", ")
        }
        if !options.aiParameters.isEmpty {
            headers[.init("x-emulator-ai")!] = "not-run"
        }
        if let seed = options.aiBackgroundSeed {
            headers[.init("pr-ai-background-seed")!] = String(seed)
        }
        if let note = encoded.note {
            headers[.init("x-emulator-note")!] = note
        }
        return try await call.complete(
            admission, operation: .edit, context: context, style: .imageAPI, body: encoded.bytes, headers: headers)
    }
}
