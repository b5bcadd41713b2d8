import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem

/// What tells one multipart image call (`/v2/edit`, `/v1/segment`) from the other.
struct MultipartImageCall: Sendable {
    /// The endpoint's path, for messages (`/v2/edit`).
    var path: String
    /// The full URL.
    var target: String
    /// The form fields, in order, before the file part.
    var fields: [(name: String, value: String)]
    /// The file part's field name (`imageFile`, `image_file`).
    var fileField: String
    /// The `Accept` header.
    var accept: String
    /// The whole call's deadline, from its start.
    var timeout: Duration
    /// The input on disk (or its bytes, when the caller already read them), its part's name and type, extra
    /// headers, and where the result goes.
    var inputPath: String
    var inputContents: [UInt8]?
    var fileName: String
    var contentType: String
    var headers: [(name: String, value: String)]
    var destinationPath: String
}

extension PhotoroomClient {
    /// Sends one multipart image call with the file streamed from disk (hashed as it goes) and streams a 200 answer
    /// to the destination file, which appears only when every byte arrived.
    ///
    /// - Throws: ``PhotoroomAPIError``; redirects are never followed (the key stays on its host), and
    ///   ``PhotoroomAPIError/mayHaveBeenBilled`` tells a failure after the upload from one before it.
    func send(_ call: MultipartImageCall) async throws(PhotoroomAPIError) -> EditResponse {
        let started = ContinuousClock.now
        if let contents = call.inputContents {
            // Read by the caller while it waited for its turn: no file I/O before the request goes out.
            return try await send(call, fileSize: Int64(contents.count), started: started) { body in
                try await body(.memory(ByteBuffer(bytes: contents)))
            }
        }
        let fileSize: Int64
        do {
            guard let info = try await FileSystem.shared.info(forFileAt: FilePath(call.inputPath)) else {
                throw PhotoroomAPIError(code: .localFile, message: "\(call.inputPath): no such file")
            }
            fileSize = info.size
        } catch let error as PhotoroomAPIError {
            throw error
        } catch {
            throw PhotoroomAPIError(code: .localFile, message: "\(call.inputPath): cannot read (\(error))")
        }
        return try await send(call, fileSize: fileSize, started: started) { body in
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(call.inputPath)) { handle in
                try await body(.file(handle.readChunks(in: 0..<fileSize, chunkLength: .kibibytes(256))))
            }
        }
    }

    /// The opener of a call's file part: it opens the part's source, hands it to the body it is given, and closes
    /// it afterwards.
    typealias FilePartOpener =
        @Sendable (
            _ body: (MultipartFileBody.FilePart) async throws -> EditResponse
        ) async throws -> EditResponse

    /// Sends `call` with its file part from `withFilePart`, within the call's deadline (the whole exchange, the
    /// answer's body included) and the idle bound on the answer (``Configuration/idleReadTimeout``).
    private func send(
        _ call: MultipartImageCall,
        fileSize: Int64,
        started: ContinuousClock.Instant,
        withFilePart: @escaping FilePartOpener
    ) async throws(PhotoroomAPIError) -> EditResponse {
        let progress = UploadProgress()
        let limit = TransferLimit(total: call.timeout, idle: configuration.idleReadTimeout)
        do {
            return try await limit.run { activity in
                try await withFilePart { filePart in
                    try await exchange(
                        call, filePart: filePart, fileSize: fileSize, started: started, progress: progress,
                        activity: activity)
                }
            }
        } catch let error as PhotoroomAPIError {
            throw error
        } catch let expiry as TransferLimit.Expiry {
            throw PhotoroomAPIError.expired(expiry, afterUpload: progress.isComplete, path: call.path)
        } catch {
            throw PhotoroomAPIError(code: .localFile, message: "\(call.inputPath): cannot read (\(error))")
        }
    }

    /// One request and its answer: the multipart body streamed from `filePart`, a 200's result stored at the call's
    /// destination; every piece of the answer is reported to `activity`.
    private func exchange(
        _ call: MultipartImageCall,
        filePart: MultipartFileBody.FilePart,
        fileSize: Int64,
        started: ContinuousClock.Instant,
        progress: UploadProgress,
        activity: TransferActivity
    ) async throws(PhotoroomAPIError) -> EditResponse {
        let body = MultipartFileBody(
            boundary: "photoroom-batch-" + UUID().uuidString,
            fields: call.fields,
            fileField: call.fileField,
            fileName: call.fileName,
            contentType: call.contentType,
            fileSize: fileSize,
            chunks: filePart,
            uploadProgress: progress
        )
        var http = HTTPClientRequest(url: call.target)
        http.method = .POST
        http.headers = baseHeaders()
        http.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(body.boundary)")
        http.headers.add(name: "Accept", value: call.accept)
        for header in call.headers {
            http.headers.add(name: header.name, value: header.value)
        }
        http.body = .stream(body, length: .known(body.length))

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(http, deadline: .now() + call.timeout.timeAmount)
        } catch {
            throw PhotoroomAPIError.transport(error, afterUpload: progress.isComplete, path: call.path)
        }
        activity.answered(status: Int(response.status.code))
        if (300..<400).contains(response.status.code) {
            throw Self.redirectError(response, path: call.path)
        }
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
        let length = response.headers.first(name: "content-length").flatMap { Int($0) }
        let written = try await Self.store(
            response.body,
            inMemory: length.map { $0 <= configuration.inMemoryAnswerLimit } ?? false,
            at: call.destinationPath, activity: activity, path: call.path)
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

    /// Writes a 200 answer's body to `destination` (a fresh name the caller renames into place); removes the
    /// partial file on any failure.
    ///
    /// A small answer (`inMemory`: known length up to ``Configuration/inMemoryAnswerLimit``) is received whole,
    /// then written by one job on a file-I/O thread: the next call waits for this one's answer to be stored, and one
    /// hop costs less than the open, write and close of a streamed file.
    private static func store(
        _ body: HTTPClientResponse.Body,
        inMemory: Bool,
        at destination: String,
        activity: TransferActivity,
        path: String
    ) async throws(PhotoroomAPIError) -> Int64 {
        var written: Int64 = 0
        do {
            if inMemory {
                var received = ByteBuffer()
                for try await chunk in body {
                    activity.received(chunk.readableBytes)
                    received.writeImmutableBuffer(chunk)
                }
                activity.completed()
                try await ResultFileWriter.createFile(at: destination, contents: received)
                return Int64(received.readableBytes)
            }
            // The destination is a fresh name the caller renames into place, so it is written directly:
            // `replaceExisting: true` would add a hidden temporary file and a second rename to every call.
            try await FileSystem.shared.withFileHandle(
                forWritingAt: FilePath(destination),
                options: .newFile(replaceExisting: false)
            ) { handle in
                for try await chunk in body {
                    activity.received(chunk.readableBytes)
                    written += Int64(
                        try await handle.write(contentsOf: chunk.readableBytesView, toAbsoluteOffset: written))
                    activity.waiting()
                }
                activity.completed()
            }
            return written
        } catch {
            ResultFileWriter.removeIfPresent(destination)
            throw PhotoroomAPIError(
                code: .resultLost,
                message: "\(path) answered 200 but the result could not be received or stored at \(destination) "
                    + "(\(error)); the call was billed"
            )
        }
    }
}
