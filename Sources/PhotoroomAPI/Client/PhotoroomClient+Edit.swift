import Foundation
import PhotoroomEditCatalog

extension PhotoroomClient {
    /// Sends one `POST /v2/edit` with the image streamed from disk and streams the result to the destination file.
    ///
    /// The destination file appears only when the service answered 200 and every byte arrived; on any failure it is
    /// absent (a partial file is removed).
    ///
    /// - Throws: ``PhotoroomAPIError``. Its ``PhotoroomAPIError/mayHaveBeenBilled`` tells a failure after the upload
    ///   (unknown outcome) from one before it (free).
    public func edit(_ request: EditRequest) async throws(PhotoroomAPIError) -> EditResponse {
        // Object parameters go out as dotted fields and arrays as repeated fields, never as JSON text.
        let fields: [(name: String, value: String)]
        do {
            fields = try ObjectParameters.fields(request.parameters)
        } catch {
            throw PhotoroomAPIError(code: .invalidConfiguration, message: error.reason)
        }
        return try await send(
            MultipartImageCall(
                path: "/v2/edit",
                target: try url("/v2/edit"),
                fields: fields,
                fileField: "imageFile",
                accept: "image/*, application/json",
                timeout: configuration.editTimeout,
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
