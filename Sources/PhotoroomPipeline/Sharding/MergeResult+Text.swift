import Foundation

extension MergeResult {
    /// How many paths `text` lists per problem before "and N more".
    public static let listLimit = 20

    /// The human summary of a merge, several lines, each ending in a newline.
    public var text: String {
        let format = ShardWording.grouped
        var lines: [String] = []
        lines.append("Merged \(parts.count) of \(partCount) parts:")
        for part in parts {
            let ending = part.exitCode.map { "\(part.outcome ?? "finished"), exit \($0)" } ?? "not finished"
            lines.append(
                "  \(part.shard.wording): \(format(Decimal(part.totals.inputs))) inputs, "
                    + "\(format(part.totals.imagesCharged)) images charged (\(ending)) \(part.manifestPath)"
            )
        }
        for index in missingParts {
            let name = ShardFileNames.manifest(try? ShardSpec(index: index, count: partCount))
            lines.append("Missing: part \(index) of \(partCount) (no \(name) in the folders given)")
        }
        for part in unfinishedParts {
            lines.append("Did not finish: \(part.shard.wording): \(part.reason)")
        }
        if !paidByTwoParts.isEmpty {
            lines.append(
                "Paid by two parts: \(paidByTwoParts.count) contents (same bytes and settings under different paths), "
                    + "\(format(imagesPaidTwice)) images paid more than once; --shard-by content avoids this:"
            )
            for entry in paidByTwoParts.prefix(Self.listLimit) {
                let who = entry.payers.map { "\($0.inputPath) (\($0.shard.wording))" }.joined(separator: ", ")
                lines.append("  \(who): sha256 \(entry.sha256.prefix(12))…")
            }
            if paidByTwoParts.count > Self.listLimit {
                lines.append("  … and \(paidByTwoParts.count - Self.listLimit) more (see merge.json)")
            }
        }
        if !outputsClaimedByTwoParts.isEmpty {
            lines.append(
                "One output held by two parts (one result overwrote or blocked the other's; rename one input):")
            for entry in outputsClaimedByTwoParts.prefix(Self.listLimit) {
                let who = entry.claimants.map { "\($0.inputPath) (\($0.shard.wording))" }.joined(separator: " and ")
                lines.append("  \(entry.outputPath): \(who)")
            }
            if outputsClaimedByTwoParts.count > Self.listLimit {
                lines.append("  … and \(outputsClaimedByTwoParts.count - Self.listLimit) more (see merge.json)")
            }
        }
        if !inputsInTwoParts.isEmpty {
            lines.append("In two parts (the parts were split differently, or files moved):")
            for entry in inputsInTwoParts.prefix(Self.listLimit) {
                lines.append("  \(entry.inputPath): \(entry.parts.map(\.wording).joined(separator: ", "))")
            }
            if inputsInTwoParts.count > Self.listLimit {
                lines.append("  … and \(inputsInTwoParts.count - Self.listLimit) more (see merge.json)")
            }
        }
        for warning in warnings { lines.append("Warning: \(warning)") }
        let totals = manifest.totals
        var counts =
            "\(format(Decimal(totals.inputs))) inputs: \(totals.succeeded) succeeded, \(totals.failed) failed, "
            + "\(totals.invalid) invalid, \(totals.skipped) skipped"
        if totals.pending > 0 { counts += ", \(totals.pending) not done" }
        lines.append("The whole: \(counts); \(format(totals.imagesCharged)) images charged.")
        if let before = totals.balanceBefore, let after = totals.balanceAfter {
            lines.append(
                "The account's balance: \(format(before)) before the first part, \(format(after)) after the last.")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
