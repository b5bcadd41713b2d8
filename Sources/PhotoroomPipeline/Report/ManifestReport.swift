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
    ///   - inputDirectory: INPUT_DIR, overriding the one the manifest records (``RunManifest/Header/inputDirectory``):
    ///     the cards then link to the inputs.
    ///   - thumbnails: Thumbnails already made, by input path; an item missing from it gets the thumbnails that
    ///     exist for its content hashes (a file-exists check, no decode).
    public static func document(
        for manifest: RunManifest,
        outputDirectory: URL,
        inputDirectory: URL?,
        thumbnails: [String: ItemThumbnails] = [:]
    ) -> ReportDocument {
        let cache = ThumbnailMaker.cacheDirectory(inOutputDirectory: outputDirectory)
        func existing(_ sha: String?) -> String? {
            guard let sha else { return nil }
            let relative = ThumbnailMaker.relativePath(sha256: sha)
            let exists = FileManager.default.fileExists(atPath: cache.appendingPathComponent(relative).path)
            return exists ? thumbnailFolder + relative : nil
        }
        let items = manifest.items.map { item in
            var made = thumbnails[item.inputPath] ?? ItemThumbnails()
            if made.input == nil { made.input = existing(item.sha256) }
            if made.output == nil, hasResult(item) { made.output = existing(item.outputSHA256) }
            return reportItem(item, thumbnails: made)
        }
        let inputDirectory = inputDirectory ?? recordedInputDirectory(of: manifest)
        return ReportDocument(
            summary: summary(of: manifest, outputDirectory: outputDirectory, inputDirectory: inputDirectory),
            items: items)
    }

    /// The input folder the manifest records, if any.
    static func recordedInputDirectory(of manifest: RunManifest) -> URL? {
        manifest.run.inputDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// Whether the item has a result in OUT_DIR (made now, copied from a paid result, or by an earlier run).
    static func hasResult(_ item: ManifestItem) -> Bool {
        item.status == .succeeded || item.status == .reused || item.status == .skipped
    }

    static func summary(of manifest: RunManifest, outputDirectory: URL, inputDirectory: URL?) -> ReportSummary {
        let header = manifest.run
        let totals = manifest.totals
        return ReportSummary(
            title: outputDirectory.standardizedFileURL.lastPathComponent,
            toolVersion: header.toolVersion,
            runID: header.runID,
            plan: header.plan,
            // No balance read and not a sandbox key: the run was offline, so live or sandbox is unknown.
            sandbox: totals.balanceBefore == nil && totals.balanceAfter == nil && !header.sandbox
                ? nil : header.sandbox,
            emulator: header.emulator ?? false,
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

    /// What reuse and routing saved, as the engine counted them (``RunManifest/Totals/reused`` and
    /// ``RunManifest/Totals/imagesSaved``; ``RunManifest/Totals/segmentItems`` and
    /// ``RunManifest/Totals/imagesSavedByRoute``), and the items an earlier run had done (not sent again; no price).
    static func savings(of manifest: RunManifest) -> [ReportSaving] {
        let totals = manifest.totals
        var lines: [ReportSaving] = []
        if let segmented = totals.segmentItems, segmented > 0, let saved = totals.imagesSavedByRoute {
            let noun = segmented == 1 ? "item" : "items"
            lines.append(
                ReportSaving(
                    label: "\(segmented) \(noun) cut out by /v1/segment and finished locally instead of /v2/edit",
                    images: saved))
        }
        if totals.reused > 0 {
            let noun = totals.reused == 1 ? "item" : "items"
            lines.append(
                ReportSaving(
                    label: "\(totals.reused) \(noun) with the content and settings of a paid result: copied, not sent",
                    images: totals.imagesSaved))
        }
        if totals.skipped > 0 {
            let noun = totals.skipped == 1 ? "item" : "items"
            lines.append(
                ReportSaving(
                    label: "\(totals.skipped) \(noun) already done by an earlier run (output present): not sent again",
                    images: nil))
        }
        return lines
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
            outputPath: hasResult(item) ? item.outputPath : nil,
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
