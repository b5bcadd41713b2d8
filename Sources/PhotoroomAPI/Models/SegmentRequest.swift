/// One `POST /v1/segment` call: an image on disk and where to put the cutout.
///
/// The call always asks for what local finishing needs: `format=png`, `channels=rgba`, `size=full`,
/// `crop=false` (a full-size RGBA PNG in the input's frame).
public struct SegmentRequest: Sendable {
    /// The input image's path; it is streamed from disk, never loaded whole, unless ``inputContents`` holds it.
    public var inputPath: String
    /// The input's bytes, when the caller already read them: sent as they are instead of reading `inputPath`.
    public var inputContents: [UInt8]?
    /// The file name sent in the multipart part (the input's base name).
    public var fileName: String
    /// The part's content type (`image/jpeg`, `image/png`, `image/webp`, `image/heic`).
    public var contentType: String
    /// Extra request headers.
    public var headers: [(name: String, value: String)]
    /// Where the cutout PNG is streamed to; the file is created (or replaced) only by a 200 answer.
    public var destinationPath: String

    /// The form fields sent with every segment call, in this order.
    public static let fields: [(name: String, value: String)] = [
        ("format", "png"), ("channels", "rgba"), ("size", "full"), ("crop", "false"),
    ]

    public init(
        inputPath: String,
        fileName: String,
        contentType: String,
        headers: [(name: String, value: String)] = [],
        destinationPath: String,
        inputContents: [UInt8]? = nil
    ) {
        self.inputPath = inputPath
        self.inputContents = inputContents
        self.fileName = fileName
        self.contentType = contentType
        self.headers = headers
        self.destinationPath = destinationPath
    }
}
