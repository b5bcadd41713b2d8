/// A successful `/v2/edit` answer; the image itself is already in the request's destination file.
public struct EditResponse: Sendable, Equatable, Codable {
    /// The HTTP status (200).
    public var status: Int
    /// The result's content type (`image/png`, `image/jpeg`, ...).
    public var contentType: String?
    /// Bytes written to the destination file.
    public var bytesWritten: Int64
    /// `x-uncertainty-score`: 0 (confident cutout) to 1 (unsure); -1 for images with people.
    public var uncertaintyScore: Double?
    /// `pr-unsupported-attributes`: parameters the service did not recognise.
    public var unsupportedAttributes: String?
    /// `pr-ai-background-seed`: the seed of an AI background.
    public var aiBackgroundSeed: String?
    /// `pr-texts-detected`: texts found by text removal.
    public var textsDetected: Int?
    /// Time from sending the request to the last byte of the result.
    public var duration: Duration
    /// Lower-case hex SHA-256 of the image bytes exactly as they were streamed in the request body (what was
    /// billed, even if the file changed after it was first hashed); `nil` when no file was uploaded.
    public var uploadedSHA256: String?

    public init(
        status: Int,
        contentType: String?,
        bytesWritten: Int64,
        uncertaintyScore: Double? = nil,
        unsupportedAttributes: String? = nil,
        aiBackgroundSeed: String? = nil,
        textsDetected: Int? = nil,
        duration: Duration,
        uploadedSHA256: String? = nil
    ) {
        self.status = status
        self.contentType = contentType
        self.bytesWritten = bytesWritten
        self.uncertaintyScore = uncertaintyScore
        self.unsupportedAttributes = unsupportedAttributes
        self.aiBackgroundSeed = aiBackgroundSeed
        self.textsDetected = textsDetected
        self.duration = duration
        self.uploadedSHA256 = uploadedSHA256
    }
}
