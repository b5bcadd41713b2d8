import Foundation

extension PhotoroomClient {
    /// Sends one `POST /v1/segment` (the Remove Background API, on ``Configuration/segmentBaseURL``) with the image
    /// streamed from disk as `image_file`, asking for a full-size RGBA PNG (`format=png`, `channels=rgba`,
    /// `size=full`, `crop=false`), and streams the cutout to the destination file.
    ///
    /// The destination file appears only when the service answered 200 and every byte arrived; on any failure it is
    /// absent (a partial file is removed). Errors are mapped as for ``edit(_:)``; the segment host's flat
    /// `{"detail","status_code","type"}` error body gives the message.
    ///
    /// - Returns: the answer's facts (`uncertaintyScore` from `x-uncertainty-score`, `uploadedSHA256` of the image
    ///   bytes as streamed); the edit-only header fields are nil.
    /// - Throws: ``PhotoroomAPIError``. Its ``PhotoroomAPIError/mayHaveBeenBilled`` tells a failure after the upload
    ///   (unknown outcome) from one before it (free).
    public func segment(_ request: SegmentRequest) async throws(PhotoroomAPIError) -> EditResponse {
        try await send(
            MultipartImageCall(
                path: "/v1/segment",
                target: try url("/v1/segment", base: configuration.segmentBaseURL),
                fields: SegmentRequest.fields,
                fileField: "image_file",
                // Not application/json: that would ask for the base64 variant of the answer.
                accept: "image/png, image/*",
                timeout: configuration.segmentTimeout,
                inputPath: request.inputPath,
                inputContents: request.inputContents,
                fileName: request.fileName,
                contentType: request.contentType,
                headers: request.headers,
                destinationPath: request.destinationPath
            )
        )
    }
}
