import Foundation

extension ResumeIndex {
    /// Replays the run's own journal (``ManifestFiles/journal``), then every other `journal*.jsonl` in
    /// `.photoroom-batch/` read-only: other parts' and an unsharded run's. So a part meets the results the others
    /// paid for and the outputs they wrote: a re-run after changing N finds its inputs done, and content another
    /// part already paid for is reused, not paid again nor refused as `output-exists`. Another journal that cannot
    /// be read is skipped (it only ever adds reuse); one being written by a running part ends in at most one torn
    /// line, which is ignored.
    ///
    /// - Throws: ``RunError`` with code `io` when the run's own journal exists but cannot be read.
    public static func replay(files: ManifestFiles) throws(RunError) -> ResumeIndex {
        var index = try replay(journalAt: files.journal)
        for url in otherJournals(in: files.stateDirectory, besides: files.journal) {
            guard let data = try? Data(contentsOf: url) else { continue }
            index.absorb(replay(data: data))
        }
        return index
    }

    /// The `journal*.jsonl` files in `stateDirectory` other than `own`, by name.
    static func otherJournals(in stateDirectory: URL, besides own: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stateDirectory.path)) ?? []
        return names.filter { $0.hasPrefix("journal") && $0.hasSuffix(".jsonl") && $0 != own.lastPathComponent }
            .sorted()
            .map { stateDirectory.appendingPathComponent($0) }
    }
}
