import Foundation

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

    /// The item's bytes when they are small enough to hold while the item waits for its turn, so that its call
    /// does no file I/O between another call's answer and its own request. `nil` leaves the call to stream them
    /// (a larger file, or one that cannot be read now: the call then says why).
    func stagedContents() async -> [UInt8]? {
        switch self {
        case .file(let url):
            let path = url.path
            return await BlockingIO.value { Self.readSmallFile(atPath: path, limit: Self.stagedContentsLimit) }
        }
    }

    /// The whole file, or `nil` when it is larger than `limit` or cannot be read.
    static func readSmallFile(atPath path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= limit
        else { return nil }
        // One byte more than the size, so a file that grew since `fstat` is seen and left to the stream.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            filled += count
        }
        guard filled < bytes.count else { return nil }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}
