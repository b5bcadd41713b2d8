import Foundation
import PhotoroomImaging
import PhotoroomReport

extension ManifestReport {
    /// Makes the thumbnails of one finished item (blocking CPU work: call it from the worker that finished the
    /// item, right after its result is in place). Each thumbnail is reused when one exists for the content hash.
    ///
    /// - Parameters:
    ///   - item: The finished row (its `sha256` keys the input's thumbnail, its `outputSHA256` the result's; a
    ///     missing hash is computed from the file).
    ///   - inputURL: The input file (nil when unknown: no input thumbnail is made). Invalid inputs get one too
    ///     when they decode.
    ///   - outputURL: The result file, when there is one.
    ///   - outputDirectory: OUT_DIR.
    /// - Returns: The paths relative to OUT_DIR of the thumbnails that could be made (a file that cannot be decoded,
    ///   such as an invalid input, simply has none).
    public static func thumbnails(
        for item: ManifestItem,
        inputURL: URL?,
        outputURL: URL?,
        outputDirectory: URL,
        maker: ThumbnailMaker = ThumbnailMaker()
    ) -> ItemThumbnails {
        let cache = ThumbnailMaker.cacheDirectory(inOutputDirectory: outputDirectory)
        var result = ItemThumbnails()
        if let inputURL,
            let sha = item.sha256 ?? (try? FileDigest.sha256(ofFileAt: inputURL))?.hex,
            let relative = try? maker.thumbnail(forImageAt: inputURL, sha256: sha, into: cache)
        {
            result.input = thumbnailFolder + relative
        }
        if let outputURL, let sha = item.outputSHA256 ?? (try? FileDigest.sha256(ofFileAt: outputURL))?.hex,
            let relative = try? maker.thumbnail(forImageAt: outputURL, sha256: sha, into: cache)
        {
            result.output = thumbnailFolder + relative
        }
        return result
    }

    /// Makes every missing thumbnail of `manifest` (inputs from `inputDirectory`, by default the one the manifest
    /// records; results from OUT_DIR), on `parallelism` threads. Existing thumbnails are reused by content hash.
    public static func makeThumbnails(
        for manifest: RunManifest,
        outputDirectory: URL,
        inputDirectory: URL?,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async -> [String: ItemThumbnails] {
        let items = manifest.items
        let inputDirectory = inputDirectory ?? recordedInputDirectory(of: manifest)
        let workers = max(1, min(parallelism, items.count))
        return await withTaskGroup(of: [(String, ItemThumbnails)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var made: [(String, ItemThumbnails)] = []
                    for index in stride(from: worker, to: items.count, by: workers) {
                        let item = items[index]
                        let input = inputDirectory.map { $0.appendingPathComponent(item.inputPath) }
                        let output =
                            hasResult(item)
                            ? item.outputPath.map { outputDirectory.appendingPathComponent($0) } : nil
                        let thumbs = thumbnails(
                            for: item, inputURL: input, outputURL: output, outputDirectory: outputDirectory)
                        made.append((item.inputPath, thumbs))
                    }
                    return made
                }
            }
            var all: [String: ItemThumbnails] = [:]
            for await part in group {
                for (path, thumbs) in part { all[path] = thumbs }
            }
            return all
        }
    }

    /// Writes `OUT_DIR/report.html` for `manifest`, with the thumbnails given (plus thumbnails found by content
    /// hash). `inputDirectory` overrides the input folder the manifest records.
    ///
    /// `fileName` is `report.html`, or a part's `report.part-2-of-3.html` (``ShardFileNames/report(_:)``), so parts
    /// sharing an OUT_DIR never overwrite each other's report.
    ///
    /// - Returns: The report's URL.
    /// - Throws: ``RunError`` with code `io` when the page cannot be written.
    @discardableResult
    public static func write(
        _ manifest: RunManifest,
        outputDirectory: URL,
        inputDirectory: URL?,
        thumbnails: [String: ItemThumbnails] = [:],
        fileName: String = ReportWriter.fileName
    ) throws(RunError) -> URL {
        let url = outputDirectory.appendingPathComponent(fileName)
        let document = document(
            for: manifest, outputDirectory: outputDirectory, inputDirectory: inputDirectory, thumbnails: thumbnails)
        do {
            try ReportWriter.write(document, to: url)
        } catch {
            throw RunError(code: .io, message: "cannot write the report: \(error.message)")
        }
        return url
    }
}
