import ArgumentParser
import Foundation
import PhotoroomImaging
import PhotoroomPipeline

/// `photoroom-batch validate-bench DIR` (hidden): times single-threaded validation for benchmarks/validate-vs-djpeg.sh.
struct ValidateBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-bench",
        abstract: "Validate every image of a folder on one thread and print the time (for benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "The folder of images.") var folder: String
    @Option(name: .customLong("validate"), help: "full or header.") var mode: ProbeModeArgument = .init(
        argument: "full")!

    func run() async throws {
        let context = CommandContext.current
        let files: [InputFile]
        do {
            files = try InputScanner(input: .init()).scan([folder]).files
        } catch {
            context.err("error: \(error.message)")
            throw ExitStatus.usage.exitCode
        }
        let validator = ImageValidator(limits: .default, mode: mode.mode)
        var valid = 0
        let started = ContinuousClock.now
        for file in files where validator.validate(fileAt: file.url).isAccepted {
            valid += 1
        }
        let seconds = (ContinuousClock.now - started).seconds
        let rate = seconds > 0 ? Double(files.count) / seconds : 0
        context.out(
            "files \(files.count) valid \(valid) invalid \(files.count - valid) seconds "
                + String(format: "%.3f", seconds) + " files/s " + String(format: "%.1f", rate)
        )
    }
}

extension Duration {
    /// This duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
