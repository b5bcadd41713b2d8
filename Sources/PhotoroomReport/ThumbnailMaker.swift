import Foundation
import PhotoroomImaging

/// Makes the report's thumbnails: 256 px (longest side) JPEGs, with the project's own decoder and encoder
/// (``ImageCodec``), stored by content hash so each distinct file is decoded once.
///
/// Layout: `CACHE/<first 2 hex digits>/<sha256>.jpg`, where `CACHE` is normally
/// `OUT_DIR/.photoroom-batch/thumbs`. When that file exists it is reused as it is: no read, no decode.
///
/// Transparency: a JPEG has no alpha, so pixels that are not opaque are composited over a light checkerboard
/// (8 px squares) baked into the thumbnail. The card then shows a transparent cutout as transparent, at JPEG size
/// (a 256 px PNG with alpha would be 5–10 times larger, and 10,000 of them would weigh on the page); an opaque
/// image (a JPEG result on white) is unchanged by it.
///
/// The work is blocking CPU work (decode, downscale, encode): call it from a worker, not from a cooperative-pool
/// task that must stay responsive. Safe to call from many threads at once: concurrent calls for the same hash
/// both write a complete file and the last rename wins.
public struct ThumbnailMaker: Sendable {
    /// Longest side of a thumbnail, in pixels.
    public var maxSide: Int
    /// JPEG quality, 1...100.
    public var quality: Int
    /// Images with more pixels are not decoded (no thumbnail).
    public var maxPixels: Int

    /// Creates a maker; the defaults are the report's (256 px, quality 80).
    public init(maxSide: Int = 256, quality: Int = 80, maxPixels: Int = 100_000_000) {
        self.maxSide = maxSide
        self.quality = quality
        self.maxPixels = maxPixels
    }

    /// The default cache folder inside an output folder: `OUT_DIR/.photoroom-batch/thumbs`.
    public static func cacheDirectory(inOutputDirectory outputDirectory: URL) -> URL {
        outputDirectory.appendingPathComponent(".photoroom-batch/thumbs", isDirectory: true)
    }

    /// The thumbnail's path relative to `cacheDirectory`: `ab/abcdef….jpg`.
    public static func relativePath(sha256: String) -> String {
        let hash = sha256.lowercased()
        return "\(hash.prefix(2))/\(hash).jpg"
    }

    /// The thumbnail of the image at `url`, made unless one for `sha256` already exists.
    ///
    /// - Parameters:
    ///   - url: The image (PNG or JPEG).
    ///   - sha256: Lower-case hex SHA-256 of the file's bytes: the cache key. It is trusted, not checked.
    ///   - cacheDirectory: Where thumbnails are kept.
    /// - Returns: The thumbnail's path relative to `cacheDirectory`.
    /// - Throws: ``ReportError`` with code `io` (unreadable file, unwritable cache) or `image` (not decodable).
    @discardableResult
    public func thumbnail(forImageAt url: URL, sha256: String, into cacheDirectory: URL) throws(ReportError) -> String {
        let relative = Self.relativePath(sha256: sha256)
        let destination = cacheDirectory.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: destination.path) { return relative }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw ReportError(code: .io, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        try AtomicWrite.write(try jpeg(fromEncoded: bytes, name: url.path), to: destination)
        return relative
    }

    /// A thumbnail JPEG from an encoded PNG or JPEG.
    ///
    /// - Throws: ``ReportError`` with code `image`.
    public func jpeg(fromEncoded bytes: [UInt8], name: String = "image") throws(ReportError) -> [UInt8] {
        let image: RGBAImage
        do {
            image = try ImageCodec.decode(bytes, maxPixels: maxPixels)
        } catch {
            throw ReportError(code: .image, message: "cannot make a thumbnail of \(name): \(error.message)")
        }
        return try jpeg(from: image, name: name)
    }

    /// A thumbnail JPEG from decoded pixels.
    ///
    /// - Throws: ``ReportError`` with code `image`.
    public func jpeg(from image: RGBAImage, name: String = "image") throws(ReportError) -> [UInt8] {
        let size = BoxDownscaler.fittedSize(width: image.width, height: image.height, maxSide: maxSide)
        let small = BoxDownscaler.downscale(
            image, width: size.width, height: size.height, backdrop: .checkerboard(square: 8))
        do {
            return try ImageCodec.encodeJPEG(small, quality: quality)
        } catch {
            throw ReportError(code: .image, message: "cannot encode the thumbnail of \(name): \(error.message)")
        }
    }
}
