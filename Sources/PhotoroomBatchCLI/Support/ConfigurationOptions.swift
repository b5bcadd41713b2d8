import ArgumentParser
import Foundation
import PhotoroomPipeline

/// `--config F`: pipeline.json, defaulting to ./pipeline.json when it exists.
struct ConfigurationOptions: ParsableArguments {
    @Option(
        name: .long, help: "The pipeline.json to use (default: ./pipeline.json when present, else built-in defaults).")
    var config: String?

    /// Loads the configuration; errors name the file, the key and the reason (exit 64).
    func load(in context: CommandContext) throws -> PipelineConfiguration {
        let path: String
        if let config {
            path = config
        } else if FileManager.default.fileExists(atPath: "pipeline.json") {
            path = "pipeline.json"
        } else {
            return PipelineConfiguration()
        }
        do {
            return try PipelineConfiguration.load(from: path)
        } catch {
            context.err("error: \(error.description)")
            throw ExitStatus.usage.exitCode
        }
    }
}
