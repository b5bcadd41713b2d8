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
}
