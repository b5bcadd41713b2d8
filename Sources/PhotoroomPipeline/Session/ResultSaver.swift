import Crypto
import Foundation

/// Why a result could not be put in place. ``isDiskFull`` marks the failures that stop the whole run (the disk
/// is full, over quota, read-only or failing): every later result would fail the same way, after being paid.
public struct ResultSaveError: Error, Sendable, Equatable {
    /// The `errno` of the failing system call, when there is one.
    public var errorNumber: Int32?
    /// A human explanation.
    public var message: String

    public init(errorNumber: Int32?, message: String) {
        self.errorNumber = errorNumber
        self.message = message
    }

    /// ENOSPC, EDQUOT, EROFS or EIO.
    public var isDiskFull: Bool {
        guard let errorNumber else { return Self.mentionsDiskFailure(message) }
        return Self.diskErrorNumbers.contains(errorNumber)
    }

    static let diskErrorNumbers: Set<Int32> = [ENOSPC, EDQUOT, EROFS, EIO]

    /// Whether an error text from another layer (the HTTP client's file writer) names a disk failure.
    public static func mentionsDiskFailure(_ text: String) -> Bool {
        let markers = [
            "No space left", "ENOSPC", "Disk quota", "EDQUOT", "Read-only file system", "EROFS",
            "Input/output error", "EIO",
        ]
        return markers.contains { text.contains($0) }
    }
}

/// Puts results in OUT_DIR: the downloaded file fsynced, then renamed over its destination (copy, fsync and
/// rename when the temporary folder is on another device); copies of a stored result for reuses.
///
/// A protocol so tests can inject disk faults.
public protocol ResultSaving: Sendable {
    /// Moves a finished download into place; returns the SHA-256 of its bytes.
    func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String
    /// Copies `source` to `destination` through `temporaryDirectory` when its SHA-256 is `expectedSHA256`;
    /// returns false (and writes nothing) when the source is missing or its bytes differ.
    func copyIfIntact(
        _ source: URL,
        expectedSHA256: String,
        to destination: URL,
        via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool
}

/// The real result saver.
public struct FileResultSaver: ResultSaving {
    public init() {}

    public func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String {
        let digest = try Self.syncAndHash(temporary)
        try Self.makeParent(of: destination)
        if rename(temporary.path, destination.path) != 0 {
            let code = errno
            guard code == EXDEV else {
                throw ResultSaveError(
                    errorNumber: code,
                    message: "cannot rename the result to \(destination.path): \(String(cString: strerror(code)))"
                )
            }
            // Another device: copy beside the destination, fsync, rename.
            let beside = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).part")
            _ = try Self.copy(temporary, to: beside, expectedSHA256: nil)
            if rename(beside.path, destination.path) != 0 {
                let code = errno
                unlink(beside.path)
                throw ResultSaveError(
                    errorNumber: code,
                    message: "cannot rename the result to \(destination.path): \(String(cString: strerror(code)))"
                )
            }
            unlink(temporary.path)
        }
        return digest
    }

    public func copyIfIntact(
        _ source: URL,
        expectedSHA256: String,
        to destination: URL,
        via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool {
        guard FileManager.default.fileExists(atPath: source.path) else { return false }
        let temporary = temporaryDirectory.appendingPathComponent("\(UUID().uuidString).copy")
        guard try Self.copy(source, to: temporary, expectedSHA256: expectedSHA256) != nil else { return false }
        do {
            _ = try moveIntoPlace(temporary, to: destination)
        } catch {
            unlink(temporary.path)
            throw error
        }
        return true
    }

    /// Copies `source` to `target` (fsynced) while hashing; returns the hash, or `nil` (and removes `target`)
    /// when `expectedSHA256` is given and differs, or the source cannot be read.
    static func copy(_ source: URL, to target: URL, expectedSHA256: String?) throws(ResultSaveError) -> String? {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return nil }
        defer { close(input) }
        try makeParent(of: target)
        let output = open(target.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            let code = errno
            throw ResultSaveError(
                errorNumber: code,
                message: "cannot create \(target.path): \(String(cString: strerror(code)))"
            )
        }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: ResultSaveError?
        while failure == nil {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                close(output)
                unlink(target.path)
                return nil
            }
            hasher.update(data: buffer[0..<count])
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    failure = ResultSaveError(
                        errorNumber: code,
                        message: "cannot write \(target.path): \(String(cString: strerror(code)))"
                    )
                    break
                }
                offset += written
            }
        }
        if failure == nil, fsync(output) != 0 {
            let code = errno
            failure = ResultSaveError(
                errorNumber: code,
                message: "cannot flush \(target.path): \(String(cString: strerror(code)))"
            )
        }
        close(output)
        if let failure {
            unlink(target.path)
            throw failure
        }
        let digest = hasher.finalize().hexString
        if let expectedSHA256, digest != expectedSHA256 {
            unlink(target.path)
            return nil
        }
        return digest
    }

    /// fsyncs a file and returns the SHA-256 of its bytes.
    static func syncAndHash(_ url: URL) throws(ResultSaveError) -> String {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw ResultSaveError(
                errorNumber: code, message: "cannot open \(url.path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw ResultSaveError(
                    errorNumber: code, message: "cannot read \(url.path): \(String(cString: strerror(code)))")
            }
            hasher.update(data: buffer[0..<count])
        }
        if fsync(descriptor) != 0 {
            let code = errno
            throw ResultSaveError(
                errorNumber: code, message: "cannot flush \(url.path): \(String(cString: strerror(code)))")
        }
        return hasher.finalize().hexString
    }

    static func makeParent(of url: URL) throws(ResultSaveError) {
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw ResultSaveError(
                errorNumber: code.map { Int32($0) },
                message: "cannot create \(parent.path): \(error.localizedDescription)"
            )
        }
    }
}

/// Runs blocking file work (reads, writes, fsync) on a dispatch queue instead of a thread of the cooperative pool,
/// which the network calls and every other task of the process share.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "photoroom-batch.results", attributes: .concurrent)

    static func run<T: Sendable>(
        _ body: @escaping @Sendable () throws(ResultSaveError) -> T
    ) async throws(ResultSaveError) -> T {
        let result: Result<T, ResultSaveError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(ResultSaveError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs synchronous CPU or file work (decoding, hashing) on the dispatch queue and returns its value.
    ///
    /// A 2-core machine has two cooperative threads: a decode or a hash running there holds up every other
    /// task of the process (timers, network continuations, the watcher) for as long as it runs.
    static func value<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
