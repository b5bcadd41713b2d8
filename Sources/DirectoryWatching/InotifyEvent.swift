/// One record read from an inotify file descriptor.
struct InotifyEvent: Sendable, Equatable {
    /// The watch descriptor the event belongs to (`-1` for queue overflow).
    var watch: Int32
    /// The `IN_*` bits.
    var mask: UInt32
    /// Pairs `IN_MOVED_FROM` with `IN_MOVED_TO`.
    var cookie: UInt32
    /// The entry name inside the watched folder; empty for events about the folder itself.
    var name: String

    /// The size of the fixed part of `struct inotify_event` (the name follows it, NUL-padded).
    static let headerSize = 16

    /// Parses a buffer filled by `read(2)` on an inotify descriptor.
    ///
    /// `struct inotify_event` is imported into Swift without its flexible `name[]` member, so the buffer
    /// is read by offset: `wd` at +0, `mask` at +4, `cookie` at +8, `len` at +12 and the name at +16.
    /// A truncated trailing record is ignored (the kernel never produces one).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameStart + length <= bytes.count else { break }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + length)])
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            events.append(InotifyEvent(watch: watch, mask: mask, cookie: cookie, name: name))
            offset = nameStart + length
        }
        return events
    }
}
