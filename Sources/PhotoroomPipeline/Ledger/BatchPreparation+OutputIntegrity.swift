extension BatchPreparation {
    /// Marks an item whose own paid output was replaced or damaged (``OutputIntegrity``), or whose last run found
    /// it so: it is rebuilt from an intact copy, or flagged, and never paid for again unless `--force` or
    /// `--resend-undelivered` asks (money rule 4).
    func markIfDamaged(_ item: inout PreparedItem, index: ResumeIndex) {
        guard let sha = item.row.sha256 else { return }
        let damaged =
            item.outputIntact == false
            || OutputIntegrity.flaggedLost(
                path: item.input.relativePath, sha256: sha, settingsHash: item.row.settingsHash, index: index)
        item.rebuildOnly = damaged && !options.force && !options.resendUndelivered
    }

    /// The paid results an item with `key` may copy, newest first: the ledger's outputs, then the same results
    /// kept in the store of superseded results (money rule 5); none under `--force`.
    func reuseCandidates(for key: ContentKey, index: ResumeIndex) -> [ManifestItem] {
        guard !options.force else { return [] }
        let paid = index.paidResults(for: key)
        let store = SupersededStore(outputDirectory: options.outputDirectory, limitBytes: options.keepSupersededBytes)
        return paid + store.candidates(for: paid)
    }
}
