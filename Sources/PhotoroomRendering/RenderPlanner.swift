/// Whether a recipe of `/v2/edit` settings can be rendered locally from a `/v1/segment` cutout.
///
/// The supported set: `removeBackground=true`, `background.color`, `padding`/`margin` and their per-side forms,
/// `outputSize` (`auto`, `WxH`, `originalImage`, `croppedSubject`), `scaling`, `maxWidth`/`maxHeight`,
/// `referenceBox`, `horizontalAlignment`/`verticalAlignment`, `ignorePaddingAndSnapOnCroppedSides` (pure
/// geometry) and `export.format` `png`, `jpeg` or `jpg`. Anything else (AI backgrounds, shadows, lighting,
/// upscale, text removal, templates, background images, WebP/AVIF export, DPI, metadata…) needs `/v2/edit`.
public enum RenderPlan: Sendable, Equatable {
    /// Every setting can be rendered locally; the recipe to finish with.
    case local(FinishingRecipe)
    /// `/v2/edit` is needed: `parameter` is the first setting (in the given order) that cannot be rendered
    /// locally, `reason` says why in a sentence.
    case remote(parameter: String, reason: String)

    /// Whether the recipe can be finished locally.
    public var isLocal: Bool {
        if case .local = self { return true }
        return false
    }

    /// The names whose every valid value is rendered locally.
    public static let supportedNames: Set<String> = [
        "background.color", "padding", "paddingTop", "paddingBottom", "paddingLeft", "paddingRight",
        "margin", "marginTop", "marginBottom", "marginLeft", "marginRight", "outputSize", "scaling", "maxWidth",
        "maxHeight", "referenceBox", "horizontalAlignment", "verticalAlignment", "ignorePaddingAndSnapOnCroppedSides",
    ]

    /// The input image's own parameters, which say nothing about rendering.
    static let inputNames: Set<String> = ["imageFile", "imageUrl"]

    /// Plans `parameters` (Photoroom's dotted names and text values, in the recipe's order).
    public static func plan(_ parameters: [(name: String, value: String)]) -> RenderPlan {
        for (name, value) in parameters where !inputNames.contains(name) {
            switch name {
            case "removeBackground":
                guard value.lowercased() == "true" else {
                    return .remote(
                        parameter: name,
                        reason: "removeBackground=\(value) keeps the original background, which /v1/segment cannot")
                }
            case "export.format":
                guard ["png", "jpeg", "jpg"].contains(value.lowercased()) else {
                    return .remote(
                        parameter: name, reason: "export.format=\(value) is not encoded locally (PNG and JPEG are)")
                }
            case let name where supportedNames.contains(name):
                continue
            default:
                return .remote(parameter: name, reason: "\(name) is rendered only by /v2/edit")
            }
        }
        do {
            return .local(try FinishingRecipe.parse(parameters))
        } catch {
            return .remote(parameter: error.parameter, reason: "\(error.message) (left to /v2/edit to judge)")
        }
    }

    /// Plans parameters given as a dictionary (names in sorted order decide which one is reported first).
    public static func plan(_ parameters: [String: String]) -> RenderPlan {
        plan(parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
    }
}
