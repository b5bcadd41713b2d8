import Crypto
import Foundation
import PhotoroomImaging

/// Where a prepared item's bytes come from. The engine reads an item's bytes only through its source, so an item
/// does not have to be a local file (a product feed's image URLs are next).
enum ItemSource: Sendable, Equatable {
    /// A file on the local disk: its bytes are uploaded.
    case file(URL)
}

extension ItemSource {
    /// The largest input read into memory ahead of its call. With 2 × `--concurrency` items in work, a run holds at
    /// most that many such buffers.
    static let stagedContentsLimit = 1 << 20

    /// The item's bytes when they are at most `limit` bytes, read now, so that its call does no file I/O between
    /// another call's answer and its own request. `nil` leaves the call to stream them (a larger file, or one that
    /// cannot be read now: the call then says why).
    func stagedContents(limit: Int = Self.stagedContentsLimit) async -> [UInt8]? {
        switch self {
        case .file(let url):
            let path = url.path
            return await BlockingIO.value {
                // A file that grew past the limit since it was sized is left to the stream too; a larger one costs
                // an open and an fstat, no read.
                guard case .whole(let bytes) = try? FileReader.read(path: path, maxBytes: limit, headLength: 0) else {
                    return nil
                }
                return bytes
            }
        }
    }

    /// The bytes the item's call is about to send and their SHA-256, read now (right before the item's turn), so
    /// that what the ledger, the reuse board, the result check and the journal use is what is uploaded.
    ///
    /// A small input (at most `limit` bytes) is read whole and hashed in memory: its call sends exactly these bytes.
    /// A larger one is hashed from disk in chunks and streamed by its call, which hashes what it sends again
    /// (``PhotoroomAPI/EditResponse/uploadedSHA256``). The hash is `nil` when the file cannot be read now.
    func pin(limit: Int = Self.stagedContentsLimit) async -> PinnedBytes {
        let contents = await stagedContents(limit: limit)
        switch self {
        case .file(let url):
            return await BlockingIO.value {
                if let contents {
                    return PinnedBytes(contents: contents, sha256: SHA256.hash(data: contents).hexString)
                }
                return PinnedBytes(contents: nil, sha256: try? FileDigest.sha256(ofFileAt: url).hex)
            }
        }
    }
}

/// The bytes an item is about to send (``ItemSource/pin(limit:)``).
struct PinnedBytes: Sendable {
    /// The whole input, when it is small enough to be sent from memory; `nil` leaves the call to stream it.
    var contents: [UInt8]?
    /// The SHA-256 of the bytes to send; `nil` when the input cannot be read now.
    var sha256: String?
}
