/// One `POST /v2/edit` call: an image on disk, the parameters, and where to put the result.
public struct EditRequest: Sendable {
    /// The input image's path; it is streamed from disk, never loaded whole, unless ``inputContents`` holds it.
    public var inputPath: String
    /// The input's bytes, when the caller already read them (a small file read while it waited for its turn): sent
    /// as they are, so the call does no file I/O before its request goes out. `nil` streams `inputPath`.
    public var inputContents: [UInt8]?
    /// The file name sent in the multipart part (the input's base name).
    public var fileName: String
    /// The part's content type (`image/jpeg`, `image/png`, `image/webp`).
    public var contentType: String
    /// The parameters in Photoroom's dotted names, sent as multipart fields in this order.
    public var parameters: [(name: String, value: String)]
    /// Extra request headers (model-version headers such as `pr-background-removal-model-version`).
    public var headers: [(name: String, value: String)]
    /// Where the result is streamed to; the file is created (or replaced) only by a 200 answer.
    public var destinationPath: String

    public init(
        inputPath: String,
        fileName: String,
        contentType: String,
        parameters: [(name: String, value: String)],
        headers: [(name: String, value: String)] = [],
        destinationPath: String,
        inputContents: [UInt8]? = nil
    ) {
        self.inputPath = inputPath
        self.inputContents = inputContents
        self.fileName = fileName
        self.contentType = contentType
        self.parameters = parameters
        self.headers = headers
        self.destinationPath = destinationPath
    }
}
