import Foundation
import PhotoroomImaging
import PhotoroomReport

/// A fresh directory under the system temporary folder, removed when the body returns.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// A product-like picture: a coloured disc on `background` (nil: transparent, as a cutout).
func productImage(width: Int, height: Int, hue: Int, background: (UInt8, UInt8, UInt8)?) -> RGBAImage {
    var image = RGBAImage(width: width, height: height)
    let cx = Double(width) / 2
    let cy = Double(height) / 2
    let radius = Double(min(width, height)) * 0.35
    for y in 0..<height {
        for x in 0..<width {
            let offset = (y * width + x) * 4
            let dx = Double(x) - cx
            let dy = Double(y) - cy
            if dx * dx + dy * dy <= radius * radius {
                image.pixels[offset] = UInt8((hue * 53) % 200 + 40)
                image.pixels[offset + 1] = UInt8((hue * 97) % 180 + 30)
                image.pixels[offset + 2] = UInt8(255 - (hue * 31) % 160)
                image.pixels[offset + 3] = 255
            } else if let background {
                image.pixels[offset] = background.0
                image.pixels[offset + 1] = background.1
                image.pixels[offset + 2] = background.2
                image.pixels[offset + 3] = 255
            }
        }
    }
    return image
}

/// The SHA-256-like cache key tests use (any 64 hex digits; the maker trusts the caller's hash).
func fakeHash(_ seed: Int) -> String {
    let hex = String(seed, radix: 16)
    return String(repeating: "0", count: 64 - hex.count) + hex
}

/// Writes a small OUT_DIR-like folder: inputs and results as real files, thumbnails made by ``ThumbnailMaker``,
/// and a document describing six items (every status, a warning, an uncertain cutout, a hostile file name).
func makeSampleReport(in directory: URL) throws -> ReportDocument {
    let maker = ThumbnailMaker()
    let cache = ThumbnailMaker.cacheDirectory(inOutputDirectory: directory)
    func thumb(_ image: RGBAImage, seed: Int, png: Bool) throws -> String {
        let bytes = png ? try ImageCodec.encodePNG(image) : try ImageCodec.encodeJPEG(image, quality: 85)
        let file = directory.appendingPathComponent("source-\(seed).\(png ? "png" : "jpg")")
        try Data(bytes).write(to: file)
        return ".photoroom-batch/thumbs/" + (try maker.thumbnail(forImageAt: file, sha256: fakeHash(seed), into: cache))
    }
    var items: [ReportItem] = []
    for index in 0..<3 {
        let input = try thumb(
            productImage(width: 640, height: 480, hue: index, background: (120, 140, 160)),
            seed: index * 2 + 1, png: false)
        let output = try thumb(
            productImage(width: 500, height: 500, hue: index, background: nil),
            seed: index * 2 + 2, png: true)
        items.append(
            ReportItem(
                path: "shoes/item-\(index).jpg", status: "succeeded", outputPath: "shoes/item-\(index).png",
                inputThumbnail: input, outputThumbnail: output, cost: 5,
                warnings: index == 1 ? [ReportNote(code: "extension-mismatch", message: "a PNG named .jpg")] : [],
                uncertaintyScore: index == 2 ? 0.71 : 0.04, unsupportedAttributes: index == 0 ? ["shadow.mode"] : [],
                totalSeconds: 1.25, callSeconds: 1.1, route: "edit", width: 640, height: 480, attempts: 1))
    }
    let hostile = try thumb(
        productImage(width: 300, height: 300, hue: 7, background: (250, 250, 250)),
        seed: 20, png: false)
    items.append(
        ReportItem(
            path: "evil/</script><img src=x onerror=alert(1)>.jpg", status: "failed", inputThumbnail: hostile, cost: 0,
            error: "Bad request: <b>unsupported</b> & \"odd\"", errorCode: "bad-request", attempts: 2))
    items.append(
        ReportItem(
            path: "invalid/truncated.jpg", status: "invalid", cost: 0,
            reason: "damaged JPEG: Premature end of JPEG file"))
    items.append(
        ReportItem(
            path: "bags/tote.jpg", status: "reused", outputPath: "bags/tote.png", cost: 0,
            uncertaintyScore: -1, reusedFrom: "bags/tote-copy.jpg"))
    let summary = ReportSummary(
        title: "out", toolVersion: "test", runID: "run-1", plan: "basic", sandbox: false,
        startedAt: Date(timeIntervalSince1970: 1_790_000_000), finishedAt: Date(timeIntervalSince1970: 1_790_000_042),
        state: "finished", outcome: "completed", exitCode: 1, imagesCharged: 15, imagesChargedAllRuns: 20,
        balanceBefore: 100, balanceAfter: 85, savings: [ReportSaving(label: "1 item reused", images: 5)])
    return ReportDocument(summary: summary, items: items)
}
