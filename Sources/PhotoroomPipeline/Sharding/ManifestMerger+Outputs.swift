extension MergeResult {
    /// One output path (up to case and Unicode normalisation, or a file against a folder of the same name) that
    /// inputs of two parts both hold: one part's result overwrote, or could not be written beside, the other's.
    public struct OutputClaimedByTwoParts: Codable, Sendable, Equatable {
        /// An input and the part that holds it.
        public struct Claimant: Codable, Sendable, Equatable {
            public var inputPath: String
            public var outputPath: String
            public var shard: ShardSpec
        }

        /// The output the first claimant holds.
        public var outputPath: String
        /// The first claimant, then the one that clashes with it.
        public var claimants: [Claimant]
        /// Why they clash (``OutputClash/message(output:)`` of the second claimant).
        public var reason: String
    }
}

extension ManifestMerger {
    /// The outputs two parts' rows both hold (rows that delivered or kept an output): the parts were split
    /// without ``ShardPlan`` (an older version), or the same tree was split differently.
    static func outputsClaimedByTwoParts(
        _ rows: [(row: ManifestItem, shard: ShardSpec)]
    ) -> [MergeResult.OutputClaimedByTwoParts] {
        var table = OutputClaimTable()
        var holders: [String: (row: ManifestItem, shard: ShardSpec)] = [:]
        var found: [MergeResult.OutputClaimedByTwoParts] = []
        let holding: Set<ManifestItem.Status> = [.succeeded, .reused, .skipped]
        for entry in rows.sorted(by: { $0.row.inputPath < $1.row.inputPath }) where holding.contains(entry.row.status) {
            guard let output = entry.row.outputPath else { continue }
            guard let clash = table.claim(output, for: entry.row.inputPath) else {
                holders[entry.row.inputPath] = entry
                continue
            }
            guard let owner = clash.owner, let first = holders[owner], first.shard != entry.shard else { continue }
            found.append(
                .init(
                    outputPath: first.row.outputPath ?? output,
                    claimants: [
                        .init(inputPath: owner, outputPath: first.row.outputPath ?? "", shard: first.shard),
                        .init(inputPath: entry.row.inputPath, outputPath: output, shard: entry.shard),
                    ],
                    reason: clash.message(output: output)
                ))
        }
        return found
    }
}
