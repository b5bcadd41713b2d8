#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls, checking the size on the open descriptor before reading (the validator's
/// probe, and the engine's read of a small input ahead of its call).
public enum FileReader {
    /// What reading produced.
    public enum Outcome: Sendable {
        /// The whole file.
        case whole([UInt8])
        /// The file is over the limit: its size and its first bytes only.
        case tooLarge(size: Int, head: [UInt8])
        /// Only the head was asked for and the file is longer: its size and its first bytes.
        case head(size: Int, head: [UInt8])
    }

    /// How many bytes to read from a file over the limit: enough for any PNG/JPEG/WebP header we care about.
    public static let headLength = 256 * 1024

    /// Reads the file at `path`, or just its head when it is larger than `maxBytes` or when `headOnly` is set.
    ///
    /// - Parameter headLength: how much of the head to read in those cases (0: none, for a caller that only wants
    ///   whole files).
    /// - Throws: ``ImageProbeError`` (`unreadable`) when the file cannot be opened, is not a regular file, or a read
    ///   fails.
    public static func read(
        path: String, maxBytes: Int, headOnly: Bool = false, headLength: Int = Self.headLength
    ) throws(ImageProbeError) -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImageProbeError(code: .unreadable, message: "cannot open: \(lastError())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ImageProbeError(code: .unreadable, message: "cannot stat: \(lastError())")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let kind = (status.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
            throw ImageProbeError(code: .unreadable, message: "\(kind), not an image file")
        }
        let size = Int(status.st_size)
        if size > maxBytes {
            return .tooLarge(size: size, head: try readUpTo(descriptor, count: min(size, headLength)))
        }
        if headOnly && size > headLength {
            return .head(size: size, head: try readUpTo(descriptor, count: headLength))
        }
        // The file may grow between fstat and read: read one byte more than announced to notice.
        let bytes = try readUpTo(descriptor, count: size + 1)
        if bytes.count > maxBytes {
            return .tooLarge(size: bytes.count, head: Array(bytes.prefix(headLength)))
        }
        return .whole(bytes)
    }

    private static func readUpTo(_ descriptor: Int32, count: Int) throws(ImageProbeError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let got = posixRead(descriptor, buffer.baseAddress! + initialized, count - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                initialized += got
            }
        }
        if failure != 0 {
            throw ImageProbeError(code: .unreadable, message: "read failed: \(String(cString: strerror(failure)))")
        }
        return bytes
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// `read(2)`, named so the enum's own `read` does not shadow it.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
