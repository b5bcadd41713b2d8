import Foundation

/// The journal replay's fast path: reads the fields of a journal line that resume needs
/// (``JournalReplayRecord``) straight from its bytes, skipping the rest, several times faster than `JSONDecoder`.
///
/// It returns nil whenever it cannot be sure to read the line exactly as `JSONDecoder` would (see
/// ``JSONLineReader``), and also for a key given twice, an unknown `kind` or `status`, or a missing required
/// field: the caller then decodes that line with `JSONDecoder`, so what a line means never depends on this path.
enum JournalLineScanner {
    /// The last long strings read of the values that repeat from line to line, whose storage the next equal ones
    /// share (see ``JSONLineReader/readString(reusing:)``): an `item-finished` row repeats its `attempt-started`
    /// line's path and content hash, and every line of a run its settings hash.
    struct Reuse {
        var path = ""
        var sha256 = ""
        var settingsHash = ""
    }

    /// The line's record, or nil when `JSONDecoder` must decide.
    static func record(in line: UnsafeRawBufferPointer) -> JournalReplayRecord? {
        var reuse = Reuse()
        return record(in: line, reuse: &reuse)
    }

    /// The line's record, or nil when `JSONDecoder` must decide; strings equal to those in `reuse` share them.
    static func record(in line: UnsafeRawBufferPointer, reuse: inout Reuse) -> JournalReplayRecord? {
        var reader = JSONLineReader(line)
        do {
            let record = try readRecord(&reader, reuse: &reuse)
            try reader.expectEnd()
            return record
        } catch {
            return nil
        }
    }

    /// The keys read, one bit each, to refuse a key given twice (`JSONDecoder` keeps the first).
    private struct SeenKeys {
        private var bits: UInt32 = 0

        mutating func insert(_ bit: UInt32) throws(JSONLineReader.GiveUp) {
            guard bits & bit == 0 else { throw JSONLineReader.GiveUp() }
            bits |= bit
        }
    }

    private static func readRecord(
        _ reader: inout JSONLineReader,
        reuse: inout Reuse
    ) throws(JSONLineReader.GiveUp) -> JournalReplayRecord {
        var seen = SeenKeys()
        var kind: JournalEntry.Kind?
        var runID: String?
        var path: String?
        var sha256: String?
        var settingsHash: String?
        var item: JournalReplayRecord.Item?
        var cutoutSHA256: String?
        var more = try reader.openObject()
        while more {
            let key = try reader.readKey()
            if key.spells("kind") {
                try seen.insert(1 << 0)
                guard let value = JournalEntry.Kind(rawValue: try reader.readString()) else {
                    throw JSONLineReader.GiveUp()
                }
                kind = value
            } else if key.spells("runID") {
                try seen.insert(1 << 1)
                runID = try reader.readString()
            } else if key.spells("path") {
                try seen.insert(1 << 2)
                path = reader.readNull() ? nil : try reader.readString(reusing: &reuse.path)
            } else if key.spells("sha256") {
                try seen.insert(1 << 3)
                sha256 = reader.readNull() ? nil : try reader.readString(reusing: &reuse.sha256)
            } else if key.spells("settingsHash") {
                try seen.insert(1 << 4)
                settingsHash = reader.readNull() ? nil : try reader.readString(reusing: &reuse.settingsHash)
            } else if key.spells("item") {
                try seen.insert(1 << 5)
                item = reader.readNull() ? nil : try readItem(&reader, reuse: &reuse)
            } else if key.spells("cutoutSHA256") {
                try seen.insert(1 << 6)
                cutoutSHA256 = try reader.readOptionalString()
            } else {
                try reader.skipValue()
            }
            more = try reader.nextMember()
        }
        guard let kind, let runID else { throw JSONLineReader.GiveUp() }
        return JournalReplayRecord(
            kind: kind,
            runID: runID,
            path: path,
            sha256: sha256,
            settingsHash: settingsHash,
            item: item,
            cutoutSHA256: cutoutSHA256
        )
    }

    private static func readItem(
        _ reader: inout JSONLineReader,
        reuse: inout Reuse
    ) throws(JSONLineReader.GiveUp) -> JournalReplayRecord.Item {
        var seen = SeenKeys()
        var inputPath: String?
        var settingsHash: String?
        var status: ManifestItem.Status?
        var item = JournalReplayRecord.Item(inputPath: "", settingsHash: "", status: .pending)
        var more = try reader.openObject()
        while more {
            let key = try reader.readKey()
            if key.spells("inputPath") {
                try seen.insert(1 << 0)
                inputPath = try reader.readString(reusing: &reuse.path)
            } else if key.spells("sha256") {
                try seen.insert(1 << 1)
                item.sha256 = reader.readNull() ? nil : try reader.readString(reusing: &reuse.sha256)
            } else if key.spells("settingsHash") {
                try seen.insert(1 << 2)
                settingsHash = try reader.readString(reusing: &reuse.settingsHash)
            } else if key.spells("status") {
                try seen.insert(1 << 3)
                guard let value = ManifestItem.Status(rawValue: try reader.readString()) else {
                    throw JSONLineReader.GiveUp()
                }
                status = value
            } else if key.spells("outputPath") {
                try seen.insert(1 << 4)
                item.outputPath = try reader.readOptionalString()
            } else if key.spells("outputSHA256") {
                try seen.insert(1 << 5)
                item.outputSHA256 = try reader.readOptionalString()
            } else if key.spells("reusedFrom") {
                try seen.insert(1 << 6)
                item.reusedFrom = try reader.readOptionalString()
            } else if key.spells("imagesCharged") {
                try seen.insert(1 << 7)
                item.imagesCharged = try reader.readOptionalDecimal()
            } else if key.spells("errorCode") {
                try seen.insert(1 << 8)
                item.errorCode = try reader.readOptionalString()
            } else if key.spells("unknownOutcomes") {
                try seen.insert(1 << 9)
                item.unknownOutcomes = try reader.readOptionalInt()
            } else if key.spells("possiblyBilledTwice") {
                try seen.insert(1 << 10)
                item.possiblyBilledTwice = try reader.readOptionalBool()
            } else if key.spells("watermarked") {
                try seen.insert(1 << 11)
                item.watermarked = try reader.readOptionalBool()
            } else if key.spells("responseHeaders") {
                try seen.insert(1 << 12)
                item.responseHeaders = reader.readNull() ? nil : try readHeaders(&reader)
            } else {
                try reader.skipValue(depth: 1)
            }
            more = try reader.nextMember()
        }
        guard let inputPath, let settingsHash, let status else { throw JSONLineReader.GiveUp() }
        item.inputPath = inputPath
        item.settingsHash = settingsHash
        item.status = status
        return item
    }

    private static func readHeaders(
        _ reader: inout JSONLineReader
    ) throws(JSONLineReader.GiveUp) -> ManifestItem.ResponseHeaders {
        var seen = SeenKeys()
        var headers = ManifestItem.ResponseHeaders()
        var more = try reader.openObject()
        while more {
            let key = try reader.readKey()
            if key.spells("uncertaintyScore") {
                try seen.insert(1 << 0)
                headers.uncertaintyScore = try reader.readOptionalString()
            } else if key.spells("unsupportedAttributes") {
                try seen.insert(1 << 1)
                headers.unsupportedAttributes = try reader.readOptionalString()
            } else if key.spells("aiBackgroundSeed") {
                try seen.insert(1 << 2)
                headers.aiBackgroundSeed = try reader.readOptionalString()
            } else {
                try reader.skipValue(depth: 2)
            }
            more = try reader.nextMember()
        }
        return headers
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are `name`'s UTF-8.
    @inline(__always)
    fileprivate func spells(_ name: StaticString) -> Bool {
        count == name.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, name.utf8Start, count) == 0)
    }
}
