import Foundation
import PhotoroomEditCatalog
import PhotoroomImaging

/// Validates inputs with the foundation's ``ImageValidator`` (full decode or header only), then the rules of the
/// edit settings that depend on the image (``EditRules/imageViolations(_:width:height:)``: the upscaler's pixel
/// limits): an image that breaks one is invalid for these settings and costs nothing.
public struct ImageValidatorInspector: InputInspecting {
    /// The validator applied.
    public var validator: ImageValidator
    /// The `/v2/edit` parameters the images will be sent with.
    public var editParameters: [String: String]

    public init(validator: ImageValidator = ImageValidator(), editParameters: [String: String] = [:]) {
        self.validator = validator
        self.editParameters = editParameters
    }

    public func inspect(fileAt url: URL) async -> InputInspection {
        // Decoding is CPU work: off the cooperative pool, which the calls and timers of the run share.
        let validator = self.validator
        let verdict = await BlockingIO.value { validator.validate(fileAt: url) }
        var inspection = Self.inspection(from: verdict)
        if inspection.isValid, let width = inspection.width, let height = inspection.height {
            inspection.problems += EditRules.imageViolations(editParameters, width: width, height: height).map {
                ManifestItem.Issue(code: "invalid-for-settings", message: "edit.\($0.key): \($0.reason)")
            }
        }
        return inspection
    }

    /// Maps a verdict: its errors are problems, its warnings warnings; a format no endpoint takes is a problem
    /// even if the validator let it through. A format only some endpoints take (HEIC: `/v1/segment`) stays valid
    /// here: the item's route decides (``RunRouting/decide(format:bytes:width:height:)``).
    public static func inspection(from verdict: ValidationVerdict) -> InputInspection {
        let format = verdict.info?.format ?? verdict.format
        var problems = verdict.errors.map { ManifestItem.Issue(code: $0.code.rawValue, message: $0.message) }
        let someEndpointTakesIt = format.map { format in
            EndpointInputLimits.endpoints.contains { $0.limits.acceptedFormats.contains(format) }
        }
        if problems.isEmpty, let format, someEndpointTakesIt == false {
            problems.append(
                ManifestItem.Issue(
                    code: "unsupported-format",
                    message: "\(format.displayName) is not accepted by /v2/edit (PNG, JPEG or WebP only)"
                )
            )
        }
        return InputInspection(
            format: format.map(\.rawValue),
            width: verdict.info?.width,
            height: verdict.info?.height,
            problems: problems,
            warnings: verdict.warnings.map { ManifestItem.Issue(code: $0.code.rawValue, message: $0.message) }
        )
    }
}
