import Foundation

/// The part of a journal line that resume needs, decoded without the rest (times, timings, issues): replaying a
/// long journal spends its time in decoding, and dates are the dearest part of it. ``JournalLineScanner`` reads it
/// straight from a line's bytes; `JSONDecoder` (this type's `Decodable`) reads the lines the scanner leaves.
struct JournalReplayRecord: Decodable {
    /// The part of an `item-finished` row that resume and the ledger read.
    struct Item: Decodable {
        var inputPath: String
        var sha256: String?
        var settingsHash: String
        var status: ManifestItem.Status
        var outputPath: String?
        var outputSHA256: String?
        var reusedFrom: String?
        var imagesCharged: Decimal?
        var errorCode: String?
        var unknownOutcomes: Int?
        var possiblyBilledTwice: Bool?
        var watermarked: Bool?
        var responseHeaders: ManifestItem.ResponseHeaders?

        var manifestItem: ManifestItem {
            ManifestItem(
                inputPath: inputPath,
                sha256: sha256,
                settingsHash: settingsHash,
                status: status,
                outputPath: outputPath,
                imagesCharged: imagesCharged ?? 0,
                errorCode: errorCode,
                unknownOutcomes: unknownOutcomes ?? 0,
                possiblyBilledTwice: possiblyBilledTwice ?? false,
                responseHeaders: responseHeaders,
                outputSHA256: outputSHA256,
                reusedFrom: reusedFrom,
                watermarked: watermarked
            )
        }
    }

    var kind: JournalEntry.Kind
    var runID: String
    var path: String?
    var sha256: String?
    var settingsHash: String?
    var item: Item?
    var cutoutSHA256: String?

    /// The record as a journal entry (without its time) for ``ResumeIndex/apply(_:)``.
    var entry: JournalEntry {
        JournalEntry(
            kind: kind,
            runID: runID,
            time: Date(timeIntervalSince1970: 0),
            path: path,
            sha256: sha256,
            settingsHash: settingsHash,
            item: item?.manifestItem,
            cutoutSHA256: cutoutSHA256
        )
    }
}
