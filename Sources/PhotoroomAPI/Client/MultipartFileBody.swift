import Crypto
import NIOCore
import NIOFileSystem
import Synchronization

/// A `multipart/form-data` body whose file part streams from disk (or comes from memory, for a file the caller
/// already read): text fields, then the file's chunks, then the closing boundary, with an exact length so the
/// request carries `Content-Length`.
///
/// The file's bytes are hashed (SHA-256) exactly as they are handed to the HTTP client, so the caller learns what
/// was billed even if the file changed after it was first read (``UploadProgress/uploadedSHA256``).
struct MultipartFileBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The boundary between parts (goes into the `Content-Type` header).
    let boundary: String
    let head: ByteBuffer
    let chunks: FilePart
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
        chunks: FilePart,
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

    /// Lower-case hexadecimal digits of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Where the file part's bytes come from.
    enum FilePart: Sendable {
        /// Read from disk in chunks as the HTTP client asks for them.
        case file(FileChunks)
        /// Already in memory.
        case memory(ByteBuffer)
    }

    func makeAsyncIterator() -> Iterator {
        let inner: Iterator.Inner
        switch chunks {
        case .file(let chunks): inner = .file(chunks.makeAsyncIterator())
        case .memory(let buffer): inner = .memory(buffer)
        }
        return Iterator(head: head, inner: inner, tail: tail, uploadProgress: uploadProgress)
    }

    struct Iterator: AsyncIteratorProtocol {
        enum Inner {
            case file(FileChunks.FileChunkIterator)
            /// The bytes not handed over yet (nil once they were).
            case memory(ByteBuffer?)
        }

        var head: ByteBuffer?
        var inner: Inner
        var tail: ByteBuffer?
        let uploadProgress: UploadProgress
        var hasher = SHA256()

        init(head: ByteBuffer, inner: Inner, tail: ByteBuffer, uploadProgress: UploadProgress) {
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
            if let chunk = try await nextFileChunk() {
                hasher.update(data: chunk.readableBytesView)
                return chunk
            }
            if let tail {
                // From here on the service may have the whole request: count the upload as complete.
                self.tail = nil
                uploadProgress.markComplete(sha256: MultipartFileBody.hex(hasher.finalize()))
                return tail
            }
            return nil
        }

        private mutating func nextFileChunk() async throws -> ByteBuffer? {
            switch inner {
            case .file(var iterator):
                let chunk = try await iterator.next()
                inner = .file(iterator)
                return chunk
            case .memory(let buffer):
                inner = .memory(nil)
                return buffer.flatMap { $0.readableBytes > 0 ? $0 : nil }
            }
        }
    }
}

/// Whether a request body has been handed over completely, and the SHA-256 of the file bytes it carried (shared
/// between the body and the caller).
final class UploadProgress: Sendable {
    private let state = Mutex<(complete: Bool, sha256: String?)>((false, nil))

    /// Records the end of the upload and the lower-case hex SHA-256 of the file part's bytes.
    func markComplete(sha256: String? = nil) {
        state.withLock { $0 = (true, sha256) }
    }

    var isComplete: Bool { state.withLock { $0.complete } }

    /// The hash of the file bytes as streamed, once the whole body was handed over.
    var uploadedSHA256: String? { state.withLock { $0.sha256 } }
}
