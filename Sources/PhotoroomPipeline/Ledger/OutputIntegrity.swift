import Foundation

/// Whether an input's output still holds the result its last row recorded: "output present" means the file's
/// SHA-256 matches the row's `outputSHA256` (money rule 4), not only that a file is there.
enum OutputIntegrity {
    /// The error code of an item whose own paid output was replaced or damaged and could not be rebuilt from an
    /// intact copy: flagged, and not paid for again unless `--resend-undelivered` or `--force` asks.
    static let damagedCode = "output-damaged"

    /// Whether the output of the input at `path` still holds the result of its last row, when that row would
    /// make it done (same content and settings, a result delivered); `nil` when there is nothing to check (no
    /// such row, or the output is missing). A row written before outputs were hashed counts as intact.
    static func check(
        path: String,
        sha256: String,
        settingsHash: String,
        output: URL,
        index: ResumeIndex
    ) -> Bool? {
        guard let last = index.lastFinished[path], last.sha256 == sha256, last.settingsHash == settingsHash,
            last.status == .succeeded || last.status == .reused || last.status == .skipped,
            FileManager.default.fileExists(atPath: output.path)
        else { return nil }
        guard let expected = last.outputSHA256 else { return true }
        return (try? FileDigest.sha256(ofFileAt: output).hex) == expected
    }

    /// Whether the input's last row says its paid output was lost (this content, these settings): the item stays
    /// flagged on every re-run instead of being paid for again.
    static func flaggedLost(path: String, sha256: String, settingsHash: String, index: ResumeIndex) -> Bool {
        guard let last = index.lastFinished[path] else { return false }
        return last.errorCode == damagedCode && last.sha256 == sha256 && last.settingsHash == settingsHash
    }

    /// The failed row of an item whose own paid output was replaced or damaged, with no intact copy left.
    static func lostRow(_ row: ManifestItem) -> ManifestItem {
        var row = row
        row.status = .failed
        row.errorCode = damagedCode
        row.errorMessage =
            "its output \(row.outputPath ?? "") no longer holds the result paid for in an earlier run (replaced or "
            + "damaged: its SHA-256 differs) and no intact copy is kept; not sent again (a paid result is never paid "
            + "for twice): pass --resend-undelivered to pay for it again"
        return row
    }
}
