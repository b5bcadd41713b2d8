import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem

extension PhotoroomClient {
    /// Sends one `POST /v1/segment` (the Remove Background API, on ``Configuration/segmentBaseURL``) with the image
    /// streamed from disk as `image_file`, asking for a full-size RGBA PNG (`format=png`, `channels=rgba`,
    /// `size=full`, `crop=false`), and streams the cutout to the destination file.
    ///
    /// The destination file appears only when the service answered 200 and every byte arrived; on any failure it is
    /// absent (a partial file is removed). Errors are mapped as for ``edit(_:)``; the segment host's flat
    /// `{"detail","status_code","type"}` error body gives the message.
    ///
    /// - Returns: the answer's facts (`uncertaintyScore` from `x-uncertainty-score`); the other edit-only header
    ///   fields are nil.
    /// - Throws: ``PhotoroomAPIError``. Its ``PhotoroomAPIError/mayHaveBeenBilled`` tells a failure after the upload
    ///   (unknown outcome) from one before it (free).
    public func segment(_ request: SegmentRequest) async throws(PhotoroomAPIError) -> EditResponse {
        let started = ContinuousClock.now
        let path = "/v1/segment"
        let target = try url(path, base: configuration.segmentBaseURL)
        let fileSize: Int64
        do {
            guard let info = try await FileSystem.shared.info(forFileAt: FilePath(request.inputPath)) else {
                throw PhotoroomAPIError(code: .localFile, message: "\(request.inputPath): no such file")
            }
            fileSize = info.size
        } catch let error as PhotoroomAPIError {
            throw error
        } catch {
            throw PhotoroomAPIError(code: .localFile, message: "\(request.inputPath): cannot read (\(error))")
        }

        let progress = UploadProgress()
        let deadline = NIODeadline.now() + configuration.segmentTimeout.timeAmount
        do {
            return try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(request.inputPath)) { handle in
                let body = MultipartFileBody(
                    boundary: "photoroom-batch-" + UUID().uuidString,
                    fields: SegmentRequest.fields,
                    fileField: "image_file",
                    fileName: request.fileName,
                    contentType: request.contentType,
                    fileSize: fileSize,
                    chunks: handle.readChunks(in: 0..<fileSize, chunkLength: .kibibytes(256)),
                    uploadProgress: progress
                )
                var http = HTTPClientRequest(url: target)
                http.method = .POST
                http.headers = baseHeaders()
                http.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(body.boundary)")
                // Not application/json: that would ask for the base64 variant of the answer.
                http.headers.add(name: "Accept", value: "image/png, image/*")
                for header in request.headers {
                    http.headers.add(name: header.name, value: header.value)
                }
                http.body = .stream(body, length: .known(body.length))

                let response: HTTPClientResponse
                do {
                    response = try await httpClient.execute(http, deadline: deadline)
                } catch {
                    throw PhotoroomAPIError.transport(error, afterUpload: progress.isComplete, path: path)
                }
                if (300..<400).contains(response.status.code) { throw Self.redirectError(response, path: path) }
                guard response.status.code == 200 else {
                    let bytes: [UInt8]
                    do {
                        bytes = Array(buffer: try await response.body.collect(upTo: 1 << 20))
                    } catch {
                        bytes = []
                    }
                    throw PhotoroomAPIError.from(
                        status: Int(response.status.code),
                        body: bytes,
                        retryAfter: RetryAfter.parse(response.headers.first(name: "retry-after"))
                    )
                }
                let written = try await Self.storeCutout(
                    response.body, at: request.destinationPath, deadline: deadline)
                return EditResponse(
                    status: 200,
                    contentType: response.headers.first(name: "content-type"),
                    bytesWritten: written,
                    uncertaintyScore: response.headers.first(name: "x-uncertainty-score").flatMap(Double.init),
                    duration: ContinuousClock.now - started,
                    uploadedSHA256: progress.uploadedSHA256
                )
            }
        } catch let error as PhotoroomAPIError {
            throw error
        } catch {
            throw PhotoroomAPIError(code: .localFile, message: "\(request.inputPath): cannot read (\(error))")
        }
    }

    /// Streams a 200 answer's body into `path`; removes the partial file on any failure.
    private static func storeCutout(
        _ body: HTTPClientResponse.Body,
        at path: String,
        deadline: NIODeadline
    ) async throws(PhotoroomAPIError) -> Int64 {
        var written: Int64 = 0
        do {
            try await FileSystem.shared.withFileHandle(
                forWritingAt: FilePath(path),
                options: .newFile(replaceExisting: true)
            ) { handle in
                for try await chunk in body {
                    if NIODeadline.now() > deadline { throw HTTPClientError.deadlineExceeded }
                    written += Int64(try await handle.write(contentsOf: chunk.readableBytesView, toAbsoluteOffset: written))
                }
            }
            return written
        } catch {
            _ = try? await FileSystem.shared.removeItem(at: FilePath(path))
            throw PhotoroomAPIError(
                code: .resultLost,
                message: "/v1/segment answered 200 but the cutout could not be received or stored at \(path) "
                    + "(\(error)); the call was billed"
            )
        }
    }
}
