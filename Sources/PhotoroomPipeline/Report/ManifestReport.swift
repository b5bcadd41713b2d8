import Foundation
import PhotoroomReport

/// The HTML report of an output folder (`OUT_DIR/report.html`), made from its manifest.
///
/// The mapping from ``RunManifest`` to the report's own model lives here, so `PhotoroomReport` does not know the
/// pipeline's types. Thumbnails are looked up by content hash under `OUT_DIR/.photoroom-batch/thumbs`: an input's
/// by the manifest's `sha256`, a result's by the hash in ``ItemThumbnails`` (recorded when it was made).
public enum ManifestReport {
    /// The two thumbnails of an item, as paths relative to OUT_DIR.
    public struct ItemThumbnails: Sendable, Equatable {
        /// The input's thumbnail (`.photoroom-batch/thumbs/ab/ab….jpg`).
        public var input: String?
        /// The result's thumbnail.
        public var output: String?

        public init(input: String? = nil, output: String? = nil) {
            self.input = input
            self.output = output
        }
    }

    /// `OUT_DIR/report.html`.
    public static func reportURL(inOutputDirectory outputDirectory: URL) -> URL {
        outputDirectory.appendingPathComponent(ReportWriter.fileName)
    }

    /// The thumbnail folder's path relative to OUT_DIR.
    static let thumbnailFolder = ".photoroom-batch/thumbs/"

    /// Maps `manifest` to the report's model.
    ///
    /// - Parameters:
    ///   - outputDirectory: OUT_DIR (the report's folder).
    ///   - inputDirectory: INPUT_DIR when known: the cards then link to the inputs.
    ///   - thumbnails: Thumbnails already made, by input path; an input missing from it gets its input thumbnail
    ///     when one exists for its content hash (a file-exists check, no decode).
    public static func document(
        for manifest: RunManifest,
        outputDirectory: URL,
        inputDirectory: URL?,
        thumbnails: [String: ItemThumbnails] = [:]
    ) -> ReportDocument {
        let cache = ThumbnailMaker.cacheDirectory(inOutputDirectory: outputDirectory)
        let items = manifest.items.map { item in
            var made = thumbnails[item.inputPath] ?? ItemThumbnails()
            if made.input == nil, let sha = item.sha256 {
                let relative = ThumbnailMaker.relativePath(sha256: sha)
                if FileManager.default.fileExists(atPath: cache.appendingPathComponent(relative).path) {
                    made.input = thumbnailFolder + relative
                }
            }
            return reportItem(item, thumbnails: made)
        }
        return ReportDocument(
            summary: summary(of: manifest, outputDirectory: outputDirectory, inputDirectory: inputDirectory),
            items: items)
    }

    static func summary(of manifest: RunManifest, outputDirectory: URL, inputDirectory: URL?) -> ReportSummary {
        let header = manifest.run
        let totals = manifest.totals
        return ReportSummary(
            title: outputDirectory.standardizedFileURL.lastPathComponent,
            toolVersion: header.toolVersion,
            runID: header.runID,
            plan: header.plan,
            sandbox: totals.balanceBefore == nil && totals.balanceAfter == nil && !header.sandbox ? nil : header.sandbox,
            startedAt: header.startedAt,
            finishedAt: header.finishedAt,
            state: header.state.rawValue,
            outcome: header.outcome,
            exitCode: header.exitCode,
            dryRun: header.dryRun,
            imagesCharged: totals.imagesCharged,
            imagesChargedAllRuns: totals.imagesChargedAllRuns,
            balanceBefore: totals.balanceBefore,
            balanceAfter: totals.balanceAfter,
            savings: savings(of: manifest),
            possiblyBilledTwice: totals.possiblyBilledTwice,
            inputBaseHref: inputDirectory.map { relativeHref(from: outputDirectory, to: $0) })
    }

    /// What reuse saved: items done by an earlier run, priced at what a call cost in this run when known.
    static func savings(of manifest: RunManifest) -> [ReportSaving] {
        let charged = manifest.items.filter { $0.status == .succeeded && $0.imagesCharged > 0 }
        let perItem: Decimal? =
            charged.isEmpty ? nil : charged.reduce(Decimal(0)) { $0 + $1.imagesCharged } / Decimal(charged.count)
        let skipped = manifest.totals.skipped
        guard skipped > 0 else { return [] }
        let noun = skipped == 1 ? "item" : "items"
        return [
            ReportSaving(
                label: "\(skipped) \(noun) already done by an earlier run (same content and settings): not sent again",
                images: perItem.map { $0 * Decimal(skipped) })
        ]
    }

    static func reportItem(_ item: ManifestItem, thumbnails: ItemThumbnails) -> ReportItem {
        var warnings: [ReportNote] = []
        var reason: String?
        let issues = (item.issues ?? []).map { ReportNote(code: $0.code, message: $0.message) }
        if item.status == .invalid {
            reason = issues.isEmpty ? item.errorMessage : issues.map(\.message).joined(separator: "; ")
        } else {
            warnings = issues
        }
        if item.possiblyBilledTwice {
            warnings.append(
                ReportNote(
                    code: "possibly-billed-twice",
                    message: "sent again after a call of unknown outcome: Photoroom may have charged it twice"))
        } else if item.unknownOutcomes > 0 {
            warnings.append(
                ReportNote(code: "unknown-outcome", message: "\(item.unknownOutcomes) call(s) of unknown outcome"))
        }
        let headers = item.responseHeaders
        let score = headers?.uncertaintyScore.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let unsupported = (headers?.unsupportedAttributes ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return ReportItem(
            path: item.inputPath,
            status: item.status.rawValue,
            outputPath: item.status == .succeeded || item.status == .skipped ? item.outputPath : nil,
            inputThumbnail: thumbnails.input,
            outputThumbnail: thumbnails.output,
            cost: item.imagesCharged,
            warnings: warnings,
            uncertaintyScore: score.flatMap { $0.isFinite ? $0 : nil },
            unsupportedAttributes: unsupported,
            totalSeconds: item.timings?.totalSeconds,
            callSeconds: item.timings?.callSeconds,
            reason: reason,
            error: item.status == .invalid ? nil : item.errorMessage,
            errorCode: item.status == .invalid ? nil : item.errorCode,
            note: item.note,
            format: item.format,
            width: item.width,
            height: item.height,
            attempts: item.attempts)
    }

    /// A relative URL (percent-encoded, ending in `/`) from the folder `base` to the folder `target`.
    static func relativeHref(from base: URL, to target: URL) -> String {
        let from = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let downs = to[common...].map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }
            .map { $0.replacingOccurrences(of: "/", with: "%2F") }
        let parts = ups + downs
        return parts.isEmpty ? "./" : parts.joined(separator: "/") + "/"
    }
}
