import Foundation
import PhotoroomImaging

/// Validates inputs with the foundation's ``ImageValidator`` (full decode or header only).
public struct ImageValidatorInspector: InputInspecting {
    /// The validator applied.
    public var validator: ImageValidator

    public init(validator: ImageValidator = ImageValidator()) {
        self.validator = validator
    }

    public func inspect(fileAt url: URL) async -> InputInspection {
        let verdict = validator.validate(fileAt: url)
        return Self.inspection(from: verdict)
    }

    /// Maps a verdict: its errors are problems, its warnings warnings; a format `/v2/edit` does not take is a
    /// problem even if the validator let it through.
    public static func inspection(from verdict: ValidationVerdict) -> InputInspection {
        let format = verdict.info?.format ?? verdict.format
        var problems = verdict.errors.map { ManifestItem.Issue(code: $0.code.rawValue, message: $0.message) }
        if problems.isEmpty, let format, !format.isAcceptedByEdit {
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
