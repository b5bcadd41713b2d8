import Foundation

/// Paid results that another content's result replaced at their output path (one name holding content X, then
/// Y), kept by their SHA-256 under `OUT_DIR/.photoroom-batch/superseded/`, so X coming back costs nothing: its
/// result is copied out (hash checked) instead of paid for again (money rule 5).
///
/// The ledger finds a kept result by the `outputSHA256` its journal row recorded: no new journal record, so the
/// replay stays as fast as it was. The store is bounded (`keepSupersededMB`, 1024 MB by default; 0 keeps none),
/// the results superseded longest ago evicted first. A result is kept by a hard link (a copy when the link
/// fails), renamed into place and its folder fsynced: a crash leaves it whole or absent.
struct SupersededStore: Sendable {
    /// The folder of kept results, `OUT_DIR/.photoroom-batch/superseded`.
    let directory: URL
    /// The most bytes kept.
    let limitBytes: Int64

    /// The folder, relative to OUT_DIR.
    static let relativeDirectory = ".photoroom-batch/superseded"
    /// The default bound, 1024 MB.
    static let defaultLimitMB = 1024
    /// The note of a row whose result was copied out of the store.
    static let reuseNote =
        "paid for in an earlier run and kept when another content's result replaced it; copied back, not paid again"

    init(outputDirectory: URL, limitBytes: Int64) {
        directory = outputDirectory.appendingPathComponent(Self.relativeDirectory, isDirectory: true)
        self.limitBytes = limitBytes
    }

    /// The paid rows of `rows` whose result is kept here, as rows to copy from (their output path the kept file,
    /// relative to OUT_DIR), in order.
    func candidates(for rows: [ManifestItem]) -> [ManifestItem] {
        var seen: Set<String> = []
        return rows.compactMap { row in
            guard let sha = row.outputSHA256, seen.insert(sha).inserted,
                FileManager.default.fileExists(atPath: directory.appendingPathComponent(sha).path)
            else { return nil }
            var kept = row
            kept.outputPath = Self.relativeDirectory + "/" + sha
            return kept
        }
    }

    /// Keeps the regular file at `url` (about to be replaced) under its SHA-256, then evicts down to the bound.
    /// Best effort: a result that cannot be kept is not an error of the item that replaces it.
    func keep(fileAt url: URL) {
        var status = stat()
        guard limitBytes > 0, lstat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            Int64(status.st_size) <= limitBytes, let sha = try? FileDigest.sha256(ofFileAt: url).hex
        else { return }
        let target = directory.appendingPathComponent(sha)
        if FileManager.default.fileExists(atPath: target.path) {
            utimes(target.path, nil)
            return
        }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(sha).\(UUID().uuidString).part")
        if link(url.path, temporary.path) != 0 {
            guard (try? FileResultSaver.copy(url, to: temporary, expectedSHA256: sha)) != nil else { return }
        }
        utimes(temporary.path, nil)
        guard rename(temporary.path, target.path) == 0 else {
            unlink(temporary.path)
            return
        }
        Self.syncFolder(directory)
        evict()
    }

    /// Removes the results superseded longest ago until the store fits its bound.
    func evict() {
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        guard
            let entries = try? FileManager.default.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { return }
        var files = entries.compactMap { url -> (url: URL, size: Int64, date: Date)? in
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { return nil }
            return (url, Int64(values.fileSize ?? 0), values.contentModificationDate ?? .distantPast)
        }
        var total = files.reduce(Int64(0)) { $0 + $1.size }
        guard total > limitBytes else { return }
        files.sort { ($0.date, $0.url.lastPathComponent) < ($1.date, $1.url.lastPathComponent) }
        for file in files where total > limitBytes {
            if unlink(file.url.path) == 0 { total -= file.size }
        }
        Self.syncFolder(directory)
    }

    private static func syncFolder(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// A result saver that keeps the paid result an output path holds before a new result replaces it
/// (``SupersededStore``); everything else is `base`'s.
struct SupersedingResultSaver: ResultSaving {
    let base: any ResultSaving
    let store: SupersededStore

    func moveIntoPlace(_ temporary: URL, to destination: URL) throws(ResultSaveError) -> String {
        store.keep(fileAt: destination)
        return try base.moveIntoPlace(temporary, to: destination)
    }

    func copyIfIntact(
        _ source: URL, expectedSHA256: String, to destination: URL, via temporaryDirectory: URL
    ) throws(ResultSaveError) -> Bool {
        store.keep(fileAt: destination)
        return try base.copyIfIntact(source, expectedSHA256: expectedSHA256, to: destination, via: temporaryDirectory)
    }
}

extension BatchRunner {
    /// The store of superseded paid results in this run's OUT_DIR.
    var supersededStore: SupersededStore {
        SupersededStore(outputDirectory: options.outputDirectory, limitBytes: options.keepSupersededBytes)
    }

    /// The saver that puts results at their output paths: ``resultSaver``, keeping what it replaces.
    var outputSaver: any ResultSaving { SupersedingResultSaver(base: resultSaver, store: supersededStore) }
}
