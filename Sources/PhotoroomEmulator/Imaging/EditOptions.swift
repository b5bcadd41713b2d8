import Foundation
import PhotoroomRendering

/// The `/v2/edit` parameters the emulator acts on, parsed from their text values.
///
/// Which names exist and which values are valid is decided first by `EditParameters` (the table generated
/// from the OpenAPI document). Layout, background colour and export format are the rendering target's
/// ``FinishingRecipe`` (the same settings local finishing reads); this type adds what only the emulator does:
/// the stand-in for AI features and the sandbox watermark. Anything it cannot interpret is a 400.
struct EditOptions: Sendable, Equatable {
    typealias ExportFormat = FinishingRecipe.ExportFormat
    typealias Length = FinishingRecipe.Length

    /// Layout, background colour and export format.
    var finishing = FinishingRecipe()
    /// The plain colour standing in for an AI-generated background (`background.prompt`).
    var aiBackgroundStandIn: Colour?
    /// The seed reported in `pr-ai-background-seed` when a prompt was given.
    var aiBackgroundSeed: Int?
    /// The generative parameters that were asked for but not run.
    var aiParameters: [String] = []
    /// Draw the sandbox watermark.
    var watermark = false

    /// `export.format`.
    var exportFormat: ExportFormat { finishing.exportFormat }

    /// Parses the accepted parameters.
    ///
    /// - Parameters:
    ///   - parameters: name → text value, already checked against the parameter table.
    ///   - aiNames: the names among them that are generative features.
    /// - Throws: ``EmulatorError`` (400) for a value the emulator cannot interpret.
    static func parse(_ parameters: [String: String], aiNames: Set<String> = []) throws(EmulatorError) -> EditOptions {
        var options = EditOptions()
        do {
            options.finishing = try FinishingRecipe.parse(
                parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
        } catch {
            throw .badRequest(.imageAPI, error.message)
        }
        if let prompt = parameters["background.prompt"] {
            let hash = fnv1a(prompt)
            // A pale, prompt-dependent colour: plainly not a generated scene.
            options.aiBackgroundStandIn = Colour(
                r: UInt8(180 + hash % 60), g: UInt8(180 + (hash >> 8) % 60), b: UInt8(180 + (hash >> 16) % 60), a: 255)
            if let seed = parameters["background.seed"], let number = Int(seed) {
                options.aiBackgroundSeed = number
            } else {
                options.aiBackgroundSeed = Int(hash % 1_000_000)
            }
        }
        options.aiParameters = parameters.keys.filter { aiNames.contains($0) }.sorted()
        return options
    }

    /// Parses `0.1`, `"10%"` or `"100px"`.
    static func parseLength(_ text: String) -> Length? {
        FinishingRecipe.parseLength(text)
    }

    /// FNV-1a, for deterministic stand-ins derived from text.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
