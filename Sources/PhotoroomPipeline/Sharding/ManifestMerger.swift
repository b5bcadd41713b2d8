import Foundation

/// Puts the parts of a sharded run back together: reads every `manifest.part-K-of-N.json` in the folders given,
/// checks that parts 1...N are all there and finished, names content two parts both paid for, and builds one
/// manifest with the rows and totals of the whole tree.
///
/// This is the library entry point behind `photoroom-batch merge`.
public struct ManifestMerger: Sendable {
    /// The folders the parts wrote to (one shared OUT_DIR, one per part, or a folder of downloaded artifacts),
    /// or part manifests themselves.
    public var sources: [URL]
    /// Where the merged `manifest.json` goes; output paths in it are made relative to this folder.
    public var destination: URL

    public init(sources: [URL], destination: URL) {
        self.sources = sources
        self.destination = destination
    }

    /// Reads and merges the parts (writes nothing).
    ///
    /// - Throws: ``MergeError`` when there is nothing to merge, the parts disagree on N, one part has two
    ///   different manifests, or a manifest cannot be read.
    public func merge(now: Date = Date()) throws(MergeError) -> MergeResult {
        let found = try findPartManifests()
        let counts = Set(found.map(\.shard.count))
        guard counts.count == 1, let partCount = counts.first else {
            let list = found.map { "\($0.url.path) (\($0.shard.wording))" }.joined(separator: ", ")
            throw MergeError(
                code: .mixedSplits,
                message: "the manifests come from splits into different numbers of parts: \(list); merge the parts "
                    + "of one split at a time"
            )
        }
        var parts: [(shard: ShardSpec, url: URL, manifest: RunManifest)] = []
        for entry in found.sorted(by: { $0.shard.index < $1.shard.index }) {
            let manifest: RunManifest
            do {
                manifest = try ManifestWriter.read(from: entry.url)
            } catch {
                throw MergeError(code: .unreadable, message: error.message)
            }
            if let previous = parts.last, previous.shard == entry.shard {
                guard previous.manifest == manifest else {
                    throw MergeError(
                        code: .duplicatePart,
                        message: "\(entry.shard.wording) has two different manifests: \(previous.url.path) and "
                            + "\(entry.url.path); give the folder of one run of each part"
                    )
                }
                continue
            }
            parts.append((entry.shard, entry.url, manifest))
        }
        return combine(parts, partCount: partCount, now: now)
    }

    private func combine(
        _ parts: [(shard: ShardSpec, url: URL, manifest: RunManifest)],
        partCount: Int,
        now: Date
    ) -> MergeResult {
        let present = Set(parts.map(\.shard.index))
        var unfinished: [MergeResult.UnfinishedPart] = []
        var rows: [String: (row: ManifestItem, shard: ShardSpec)] = [:]
        var inTwo: [String: [ShardSpec]] = [:]
        var payers: [String: [MergeResult.PaidByTwoParts.Payer]] = [:]
        var warnings: [String] = []
        var totals = RunManifest.Totals()

        for (shard, url, manifest) in parts {
            if let reason = Self.unfinishedReason(manifest) {
                unfinished.append(.init(shard: shard, manifestPath: url.path, reason: reason))
            }
            let folder = url.deletingLastPathComponent()
            for var row in manifest.items {
                row.outputPath = row.outputPath.map { Self.relocate($0, from: folder, to: destination) }
                if row.imagesCharged > 0, let sha = row.sha256 {
                    payers[sha + " " + row.settingsHash, default: []].append(
                        .init(inputPath: row.inputPath, shard: shard, imagesCharged: row.imagesCharged)
                    )
                }
                if let existing = rows[row.inputPath] {
                    inTwo[row.inputPath, default: [existing.shard]].append(shard)
                    if Self.rank(row.status) <= Self.rank(existing.row.status) { continue }
                }
                rows[row.inputPath] = (row, shard)
            }
            totals.imagesCharged += manifest.totals.imagesCharged
            totals.imagesChargedAllRuns += manifest.totals.imagesChargedAllRuns
            totals.imagesSaved += manifest.totals.imagesSaved
        }

        let items = rows.values.map(\.row).sorted { $0.inputPath < $1.inputPath }
        // Money comes from the parts' totals (a part's charges and savings stay its own); counts from the rows.
        let money = (totals.imagesCharged, totals.imagesChargedAllRuns, totals.imagesSaved)
        totals.count(items)
        (totals.imagesCharged, totals.imagesChargedAllRuns, totals.imagesSaved) = money
        let byStart = parts.map(\.manifest).sorted { $0.run.startedAt < $1.run.startedAt }
        totals.balanceBefore = byStart.first { $0.totals.balanceBefore != nil }?.totals.balanceBefore
        totals.balanceAfter =
            parts.map(\.manifest)
            .filter { $0.totals.balanceAfter != nil }
            .max { ($0.run.finishedAt ?? .distantPast) < ($1.run.finishedAt ?? .distantPast) }?.totals.balanceAfter

        let paidTwice = payers.compactMap { key, list -> MergeResult.PaidByTwoParts? in
            guard Set(list.map(\.shard)).count > 1 else { return nil }
            let sorted = list.sorted { ($0.shard.index, $0.inputPath) < ($1.shard.index, $1.inputPath) }
            let pieces = key.split(separator: " ", maxSplits: 1).map(String.init)
            let total = sorted.reduce(Decimal(0)) { $0 + $1.imagesCharged }
            return .init(
                sha256: pieces[0],
                settingsHash: pieces.count > 1 ? pieces[1] : "",
                payers: sorted,
                imagesPaidTwice: total - (sorted.map(\.imagesCharged).min() ?? 0)
            )
        }.sorted { $0.payers[0].inputPath < $1.payers[0].inputPath }

        let headers = parts.map(\.manifest.run)
        for (name, values) in [("settings", headers.map(\.settingsHash)), ("plan", headers.map { $0.plan ?? "-" })]
        where Set(values).count > 1 {
            warnings.append("the parts ran with different \(name) (\(Set(values).sorted().joined(separator: ", ")))")
        }
        if Set(headers.map(\.sandbox)).count > 1 {
            warnings.append("some parts used a sandbox key and others a live key")
        }

        var result = MergeResult(
            partCount: partCount,
            parts: parts.map {
                .init(
                    shard: $0.shard,
                    manifestPath: $0.url.path,
                    outcome: $0.manifest.run.outcome,
                    exitCode: $0.manifest.run.exitCode,
                    totals: $0.manifest.totals
                )
            },
            missingParts: (1...partCount).filter { !present.contains($0) },
            unfinishedParts: unfinished,
            paidByTwoParts: paidTwice,
            outputsClaimedByTwoParts: Self.outputsClaimedByTwoParts(Array(rows.values)),
            inputsInTwoParts: inTwo.map { .init(inputPath: $0.key, parts: $0.value) }.sorted {
                $0.inputPath < $1.inputPath
            },
            warnings: warnings,
            manifest: RunManifest(
                run: Self.header(headers, now: now),
                totals: totals,
                items: items
            )
        )
        result.manifest.run.exitCode = result.exitCode
        result.manifest.run.outcome = result.isComplete ? "merged" : "merged-incomplete"
        return result
    }

    /// The merged header: the earliest start, the latest end, the settings when the parts agree.
    private static func header(_ headers: [RunManifest.Header], now: Date) -> RunManifest.Header {
        func common(_ values: [String]) -> String { Set(values).count == 1 ? values[0] : "mixed" }
        let plans = Set(headers.compactMap(\.plan))
        return RunManifest.Header(
            toolVersion: common(headers.map(\.toolVersion)),
            runID: "merge-" + UUID().uuidString.lowercased(),
            plan: plans.count == 1 ? plans.first : nil,
            sandbox: headers.contains { $0.sandbox },
            configHash: common(headers.map(\.configHash)),
            settingsHash: common(headers.map(\.settingsHash)),
            startedAt: headers.map(\.startedAt).min() ?? now,
            finishedAt: headers.compactMap(\.finishedAt).max() ?? now,
            state: .finished,
            dryRun: false,
            force: headers.contains { $0.force }
        )
    }

    /// Why a part's manifest does not show finished work, or `nil` when it does.
    static func unfinishedReason(_ manifest: RunManifest) -> String? {
        guard manifest.run.state == .finished, let code = manifest.run.exitCode else {
            return "no exit code in its manifest: still running, or stopped before it could finish (killed?)"
        }
        if manifest.run.dryRun { return "a dry run: nothing was sent" }
        guard code == 0 || code == 1 else {
            return "ended with exit \(code) (\(manifest.run.outcome ?? "unknown")); run the part again to finish it"
        }
        if manifest.totals.pending > 0 {
            return "\(manifest.totals.pending) inputs not done; run the part again to finish it"
        }
        return nil
    }

    /// Which row wins when an input is in two parts: the one that did the work.
    private static func rank(_ status: ManifestItem.Status) -> Int {
        switch status {
        case .succeeded: 5
        case .reused: 4
        case .skipped: 3
        case .failed: 2
        case .invalid: 1
        case .pending: 0
        }
    }

    /// An output path relative to a part's OUT_DIR, made relative to the merged manifest's folder.
    static func relocate(_ path: String, from folder: URL, to destination: URL) -> String {
        let from = OutputLayout.canonicalComponents(folder)
        let to = OutputLayout.canonicalComponents(destination)
        guard from != to else { return path }
        let shared = zip(from, to).prefix { $0 == $1 }.count
        let ups = Array(repeating: "..", count: to.count - shared)
        return (ups + Array(from.dropFirst(shared)) + [path]).joined(separator: "/")
    }
}
