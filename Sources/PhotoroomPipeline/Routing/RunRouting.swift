import Foundation
import PhotoroomImaging
import PhotoroomPricing
import PhotoroomRendering

/// The endpoint one item takes.
public enum ItemRoute: String, Sendable, Codable, Equatable {
    /// `/v2/edit` renders the result.
    case edit
    /// `/v1/segment` cuts the subject out; the result is finished locally.
    case segment
}

/// How a run's `--route` applies to its items: the recipe's ``RenderPlan`` decides whether segment + local finishing
/// can render it, and each input's size decides whether `/v1/segment` takes it.
public struct RunRouting: Sendable {
    /// The route asked for.
    public var route: Route
    /// Whether the recipe can be finished locally, and how.
    public var plan: RenderPlan

    public init(route: Route, parameters: [String: String]) {
        self.route = route
        self.plan = RenderPlan.plan(parameters)
    }

    /// The validation limits for a run on `route`: with the default file-size limit (`/v2/edit`'s 30 MB), a run that
    /// may use `/v1/segment` lets files up to its 50 MB through validation, and ``decide(format:bytes:width:height:)``
    /// then checks each file against the limits of the endpoint it takes. A limit set in pipeline.json is kept.
    public static func validationLimits(_ limits: ValidationLimits, route: Route) -> ValidationLimits {
        guard route != .edit, limits.maxFileBytes == ValidationLimits.defaultMaxFileBytes else { return limits }
        var widened = limits
        widened.maxFileBytes = max(limits.maxFileBytes, EndpointInputLimits.segment.maxFileBytes)
        return widened
    }

    /// Whether `/v2/edit` takes an input of `format`, `bytes` long, `width` × `height`, whatever the recipe and the
    /// route: not HEIC (only `/v1/segment` takes it), not over its size limit. What `/v2/edit` alone would cost is
    /// counted over these inputs only (a comparison with a call that could not be made would not be one).
    public static func editTakes(format: String?, bytes: Int64?, width: Int?, height: Int?) -> Bool {
        if case .route = editOnly.decide(format: format, bytes: bytes, width: width, height: height) { return true }
        return false
    }

    /// `/v2/edit` alone: whether it takes an input depends only on the input (format, size), not on the recipe.
    private static let editOnly = RunRouting(route: .edit, parameters: [:])

    /// The recipe local finishing uses, when the recipe is local.
    public var recipe: FinishingRecipe? {
        if case .local(let recipe) = plan { return recipe }
        return nil
    }

    /// Refuses `segment` with a recipe that cannot be finished locally, naming the setting.
    public func check() throws(RunError) {
        if route == .segment, case .remote(let parameter, let reason) = plan {
            throw RunError(
                code: .usage,
                message: "--route segment cannot render edit.\(parameter): \(reason); use --route auto or edit"
            )
        }
    }

    /// The route of one valid input, and why it differs from the run's when it does.
    public enum Decision: Sendable, Equatable {
        case route(ItemRoute, note: String?)
        /// An input the route's endpoint does not take (a HEIC file for `/v2/edit`, a file too large for
        /// `/v1/segment` under `segment`): invalid for this route, nothing is sent (costs nothing).
        case invalid(String)
    }

    /// Decides for an input of `format` (its container), `bytes` long, `width` × `height`.
    ///
    /// - `edit`: `/v2/edit`, unless its limits refuse the input (HEIC, which only `/v1/segment` takes; over 30 MB):
    ///   then invalid, with a hint when `/v1/segment` would take it.
    /// - `segment`: `/v1/segment` when its limits (format, 50 MB, 6,000 px) take the input, else invalid.
    /// - `auto`: `/v1/segment` when the recipe is local and its limits take the input; else `/v2/edit`, when it
    ///   takes the input.
    public func decide(format: String?, bytes: Int64?, width: Int?, height: Int?) -> Decision {
        let imageFormat = format.flatMap { ImageFormat(rawValue: $0) }
        func problem(_ limits: EndpointInputLimits, _ endpoint: String) -> String? {
            imageFormat.flatMap {
                limits.problem(endpoint: endpoint, format: $0, fileBytes: Int(bytes ?? 0), width: width, height: height)
            }
        }
        let editProblem = problem(.edit, "/v2/edit")
        guard route != .edit, plan.isLocal else {
            guard let editProblem else { return .route(.edit, note: nil) }
            if problem(.segment, "/v1/segment") == nil {
                // /v1/segment would take it: say so, and what stands in the way.
                if case .remote(let parameter, _) = plan {
                    return .invalid(
                        "\(editProblem), but edit.\(parameter) needs /v2/edit (it cannot be finished locally)")
                }
                let hint = editProblem.hasSuffix("/v1/segment accepts it") ? "" : "; /v1/segment accepts it"
                return .invalid("\(editProblem)\(hint): use --route segment or auto")
            }
            return .invalid(editProblem)
        }
        guard let segmentProblem = problem(.segment, "/v1/segment") else { return .route(.segment, note: nil) }
        if route == .segment { return .invalid(segmentProblem) }
        if let editProblem {
            if let imageFormat, !EndpointInputLimits.edit.acceptedFormats.contains(imageFormat) {
                return .invalid("\(segmentProblem), and /v2/edit does not accept \(imageFormat.displayName)")
            }
            return .invalid("\(segmentProblem), and \(editProblem)")
        }
        return .route(.edit, note: "sent to /v2/edit: \(segmentProblem)")
    }
}

extension PreparedItem {
    /// Sets the item's route, its settings hash for that route, and its row's `route` (and, for HEIC, a note that
    /// its content is not checked); an input the route's endpoint does not take becomes invalid (nothing is sent).
    mutating func applyRoute(_ routing: RunRouting, segmentSettingsHash: String) {
        guard row.status != .invalid else { return }
        switch routing.decide(format: row.format, bytes: row.bytes, width: row.width, height: row.height) {
        case .route(let chosen, let note):
            route = chosen
            row.route = chosen.rawValue
            if chosen == .segment { row.settingsHash = segmentSettingsHash }
            if let note { row.note = note }
            if row.format == ImageFormat.heic.rawValue {
                let heic = "HEIC: its size read from the container; its content is not checked (no HEVC decoder)"
                row.note = row.note.map { "\($0); \(heic)" } ?? heic
            }
        case .invalid(let problem):
            row.status = .invalid
            row.errorCode = "invalid-for-route"
            row.errorMessage = "--route \(routing.route.rawValue): \(problem)"
            row.issues = (row.issues ?? []) + [ManifestItem.Issue(code: "invalid-for-route", message: problem)]
            row.outputPath = nil
        }
    }
}
