import ArgumentParser
import Foundation
import PhotoroomPipeline

/// `photoroom-batch merge OUT_DIR... --out DIR`: one manifest for the parts of a sharded run.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the manifests of the parts of a sharded run (--shard K/N) into one manifest.json.",
        discussion: """
            Reads every manifest.part-K-of-N.json in the folders given (one shared OUT_DIR, one OUT_DIR per part, \
            or a folder of downloaded artifacts) and writes DIR/manifest.json with the rows and totals of the whole, \
            DIR/report.html for the whole (thumbnails reused by content hash, missing ones made from the results), \
            and DIR/merge.json with what was found: missing or unfinished parts, outputs two parts both hold, and \
            content that two parts both paid for (the same bytes under different paths). Output paths are made \
            relative to DIR. Exit codes: 0 every part present and finished and every input succeeded or skipped, \
            1 a part is missing or did not finish, two parts hold one output, or some inputs failed or were invalid \
            (or DIR cannot be written), 64 nothing to merge or parts of different splits.
            """
    )

    @Argument(help: "The OUT_DIRs of the parts (or their manifest.part-K-of-N.json files).")
    var sources: [String]

    @Option(name: .long, help: "The folder for the merged manifest.json and merge.json (may be a shared OUT_DIR).")
    var out: String

    @Flag(help: "Print merge.json's content on standard output instead of the text summary.")
    var json = false

    @Flag(name: .customLong("no-report"), help: "Do not write DIR/report.html.")
    var noReport = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one OUT_DIR of a part") }
    }

    func run() async throws {
        let context = CommandContext.current
        let merger = ManifestMerger(
            sources: sources.map { URL(fileURLWithPath: $0).standardizedFileURL },
            destination: URL(fileURLWithPath: out).standardizedFileURL
        )
        let result: MergeResult
        do {
            result = try merger.merge()
            try merger.write(result)
        } catch {
            context.err("error: \(error.message)")
            throw (error.code == .io ? ExitStatus.itemsFailed : ExitStatus.usage).exitCode
        }
        var reportLine = ""
        if !noReport {
            let thumbnails = await ManifestReport.makeThumbnails(
                for: result.manifest, outputDirectory: merger.destination, inputDirectory: nil)
            do {
                let url = try ManifestReport.write(
                    result.manifest, outputDirectory: merger.destination, inputDirectory: nil, thumbnails: thumbnails)
                reportLine = "\nReport: \(url.path)"
            } catch {
                context.err("warning: no report: \(error.message)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            context.out(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            context.out(
                result.text + "Manifest: \(merger.destination.appendingPathComponent("manifest.json").path)"
                    + reportLine)
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
