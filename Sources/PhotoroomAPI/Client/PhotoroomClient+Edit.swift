import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem
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
        let started = ContinuousClock.now
        let path = "/v2/edit"
        let target = try url(path)
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

        // Object parameters go out as dotted fields and arrays as repeated fields, never as JSON text.
        let fields: [(name: String, value: String)]
        do {
            fields = try ObjectParameters.fields(request.parameters)
        } catch {
            throw PhotoroomAPIError(code: .invalidConfiguration, message: error.reason)
        }
        let progress = UploadProgress()
        let deadline = NIODeadline.now() + configuration.editTimeout.timeAmount
        do {
            return try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(request.inputPath)) { handle in
                let body = MultipartFileBody(
                    boundary: "photoroom-batch-" + UUID().uuidString,
                    fields: fields,
                    fileField: "imageFile",
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
                http.headers.add(name: "Accept", value: "image/*, application/json")
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
                let written = try await Self.store(response.body, at: request.destinationPath, deadline: deadline)
                let headers = response.headers
                return EditResponse(
                    status: 200,
                    contentType: headers.first(name: "content-type"),
                    bytesWritten: written,
                    uncertaintyScore: headers.first(name: "x-uncertainty-score").flatMap(Double.init),
                    unsupportedAttributes: headers.first(name: "pr-unsupported-attributes"),
                    aiBackgroundSeed: headers.first(name: "pr-ai-background-seed"),
                    textsDetected: headers.first(name: "pr-texts-detected").flatMap { Int($0) },
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
    private static func store(
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
                message: "/v2/edit answered 200 but the result could not be received or stored at \(path) (\(error)); "
                    + "the call was billed"
            )
        }
    }
}
