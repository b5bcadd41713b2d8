import ArgumentParser
import Foundation
import PhotoroomPipeline

/// `photoroom-batch report OUT_DIR`: writes `OUT_DIR/report.html` again from `OUT_DIR/manifest.json`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write OUT_DIR/report.html (the visual check of a run) from OUT_DIR/manifest.json.",
        discussion: """
            The page opens from file:// with no network: input and result side by side for every item, counts, \
            cost and balance, filters by status, warning and "check this cutout", and a search by path. \
            Missing thumbnails (256 px JPEGs under OUT_DIR/.photoroom-batch/thumbs, keyed by content hash) are \
            made from the results in OUT_DIR and, with --input, from the inputs; existing ones are reused. \
            Exit 0 when written; 64 when the manifest is missing or unreadable, or OUT_DIR cannot be written.
            """
    )

    @Argument(help: "The output folder of a run (it holds manifest.json).")
    var outputDirectory: String

    @Option(name: .customLong("input"), help: "The run's input folder, for the inputs' thumbnails and links.")
    var inputDirectory: String?

    @Flag(name: .customLong("no-thumbnails"), help: "Do not make missing thumbnails (existing ones are still used).")
    var noThumbnails = false

    func run() async throws {
        let context = CommandContext.current
        let output = URL(fileURLWithPath: outputDirectory, isDirectory: true)
        let manifestURL = ManifestFiles(outputDirectory: output).manifest
        let manifest: RunManifest
        do {
            manifest = try ManifestWriter.read(from: manifestURL)
        } catch {
            context.err("error: no report: cannot read the manifest \(manifestURL.path): \(error.message)")
            throw ExitStatus.usage.exitCode
        }
        var input: URL?
        if let inputDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: inputDirectory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                context.err("error: --input \(inputDirectory): not a folder")
                throw ExitStatus.usage.exitCode
            }
            input = URL(fileURLWithPath: inputDirectory, isDirectory: true)
        }
        let started = ContinuousClock.now
        let thumbnails =
            noThumbnails
            ? [:] : await ManifestReport.makeThumbnails(for: manifest, outputDirectory: output, inputDirectory: input)
        let url: URL
        do {
            url = try ManifestReport.write(
                manifest, outputDirectory: output, inputDirectory: input, thumbnails: thumbnails)
        } catch {
            context.err("error: \(error.message)")
            throw ExitStatus.usage.exitCode
        }
        let made = thumbnails.values.reduce(0) { $0 + ($1.input == nil ? 0 : 1) + ($1.output == nil ? 0 : 1) }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        context.out(
            "report: \(url.path) (\(manifest.items.count) items, \(made) thumbnails, "
                + String(format: "%.2f s", seconds) + ")")
    }
}
