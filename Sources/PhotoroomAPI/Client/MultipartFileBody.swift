import NIOCore
import NIOFileSystem
import Synchronization

/// A `multipart/form-data` body whose file part streams from disk: text fields, then the file's chunks, then the
/// closing boundary, with an exact length so the request carries `Content-Length`.
struct MultipartFileBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The boundary between parts (goes into the `Content-Type` header).
    let boundary: String
    let head: ByteBuffer
    let chunks: FileChunks
    let tail: ByteBuffer
    /// Set once the last byte has been handed to the HTTP client: from then on a failure has an unknown outcome.
    let uploadProgress: UploadProgress

    /// The total length in bytes, for `Content-Length`.
    let length: Int64

    init(
        boundary: String,
        fields: [(name: String, value: String)],
        fileField: String,
        fileName: String,
        contentType: String,
        fileSize: Int64,
        chunks: FileChunks,
        uploadProgress: UploadProgress
    ) {
        var head = ByteBuffer()
        for field in fields {
            head.writeString("--\(boundary)\r\n")
            head.writeString("Content-Disposition: form-data; name=\"\(Self.escape(field.name))\"\r\n\r\n")
            head.writeString(field.value)
            head.writeString("\r\n")
        }
        head.writeString("--\(boundary)\r\n")
        head.writeString(
            "Content-Disposition: form-data; name=\"\(Self.escape(fileField))\"; filename=\"\(Self.escape(fileName))\"\r\n"
        )
        head.writeString("Content-Type: \(contentType)\r\n\r\n")
        var tail = ByteBuffer()
        tail.writeString("\r\n--\(boundary)--\r\n")
        self.boundary = boundary
        self.head = head
        self.chunks = chunks
        self.tail = tail
        self.uploadProgress = uploadProgress
        self.length = Int64(head.readableBytes) + fileSize + Int64(tail.readableBytes)
    }

    /// Quotes and backslashes would break the header; control characters are dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\\": result += "\\\\"
            case "\r", "\n": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(head: head, inner: chunks.makeAsyncIterator(), tail: tail, uploadProgress: uploadProgress)
    }

    struct Iterator: AsyncIteratorProtocol {
        var head: ByteBuffer?
        var inner: FileChunks.FileChunkIterator
        var tail: ByteBuffer?
        let uploadProgress: UploadProgress

        init(head: ByteBuffer, inner: FileChunks.FileChunkIterator, tail: ByteBuffer, uploadProgress: UploadProgress) {
            self.head = head
            self.inner = inner
            self.tail = tail
            self.uploadProgress = uploadProgress
        }

        mutating func next() async throws -> ByteBuffer? {
            if let head {
                self.head = nil
                return head
            }
            if let chunk = try await inner.next() {
                return chunk
            }
            if let tail {
                // From here on the service may have the whole request: count the upload as complete.
                self.tail = nil
                uploadProgress.markComplete()
                return tail
            }
            return nil
        }
    }
}

/// Whether a request body has been handed over completely (shared between the body and the caller).
final class UploadProgress: Sendable {
    private let complete = Atomic<Bool>(false)

    func markComplete() { complete.store(true, ordering: .releasing) }

    var isComplete: Bool { complete.load(ordering: .acquiring) }
}
