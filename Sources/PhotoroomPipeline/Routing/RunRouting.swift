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
    /// - `edit`: `/v2/edit`, unless it refuses the input's format (HEIC: only `/v1/segment` takes it).
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
        // Only the format: the validator applies the byte and pixel limits `/v2/edit` shares with every route.
        let editRefusesFormat = imageFormat.map { !EndpointInputLimits.edit.acceptedFormats.contains($0) } ?? false
        guard route != .edit, plan.isLocal else {
            guard editRefusesFormat, let refusal = problem(.edit, "/v2/edit") else { return .route(.edit, note: nil) }
            if case .remote(let parameter, _) = plan {
                return .invalid("\(refusal), but edit.\(parameter) needs /v2/edit (it cannot be finished locally)")
            }
            return .invalid("\(refusal) (use --route segment or auto)")
        }
        guard let segmentProblem = problem(.segment, "/v1/segment") else { return .route(.segment, note: nil) }
        if route == .segment { return .invalid(segmentProblem) }
        if editRefusesFormat, let imageFormat {
            return .invalid("\(segmentProblem), and /v2/edit does not accept \(imageFormat.displayName)")
        }
        return .route(.edit, note: "sent to /v2/edit: \(segmentProblem)")
    }
}

extension PreparedItem {
    /// Sets the item's route, its settings hash for that route, and its row's `route`; under `segment`, an input
    /// `/v1/segment` does not take becomes invalid (nothing is sent).
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
