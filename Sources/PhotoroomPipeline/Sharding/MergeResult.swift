import Foundation

/// What `photoroom-batch merge` found in the parts' manifests, and the merged manifest of the whole.
///
/// Written beside the merged `manifest.json` as `merge.json` (sorted keys, ISO 8601 dates).
public struct MergeResult: Codable, Sendable, Equatable {
    /// One part's manifest as read.
    public struct Part: Codable, Sendable, Equatable {
        /// Which part (from the manifest's file name).
        public var shard: ShardSpec
        /// Where its manifest was read.
        public var manifestPath: String
        /// How the part's run ended (`completed`, `interrupted`, ...), when it finished.
        public var outcome: String?
        /// The part's exit code, when it finished.
        public var exitCode: Int32?
        /// The part's totals.
        public var totals: RunManifest.Totals
    }

    /// A part that was found but did not finish its work.
    public struct UnfinishedPart: Codable, Sendable, Equatable {
        public var shard: ShardSpec
        public var manifestPath: String
        /// Why it counts as unfinished: no exit code (still running or killed), an exit other than 0 or 1,
        /// inputs not done.
        public var reason: String
    }

    /// Content that two or more parts each paid for: the same bytes and settings under different paths.
    public struct PaidByTwoParts: Codable, Sendable, Equatable {
        /// One paid input.
        public struct Payer: Codable, Sendable, Equatable {
            public var inputPath: String
            public var shard: ShardSpec
            public var imagesCharged: Decimal
        }

        /// The content's SHA-256.
        public var sha256: String
        /// The settings it was processed with.
        public var settingsHash: String
        /// Every input that paid for it, by part.
        public var payers: [Payer]
        /// What was paid beyond the first payment: the images a split by content would have saved.
        public var imagesPaidTwice: Decimal
    }

    /// An input path found in two parts' manifests (the parts were split differently, or a file was moved).
    public struct InputInTwoParts: Codable, Sendable, Equatable {
        public var inputPath: String
        public var parts: [ShardSpec]
    }

    /// N, the number of parts the split had.
    public var partCount: Int
    /// The parts found, by index.
    public var parts: [Part]
    /// The part indexes (1...N) with no manifest in the folders given.
    public var missingParts: [Int]
    /// Parts found that did not finish.
    public var unfinishedParts: [UnfinishedPart]
    /// Content paid for by more than one part.
    public var paidByTwoParts: [PaidByTwoParts]
    /// Outputs inputs of two parts both hold (`merge` exits 1 and names both).
    public var outputsClaimedByTwoParts: [OutputClaimedByTwoParts]
    /// Input paths listed by more than one part.
    public var inputsInTwoParts: [InputInTwoParts]
    /// Things worth knowing that do not make the merge incomplete (parts run with different settings, ...).
    public var warnings: [String]
    /// The merged manifest: every part's rows, the totals of the whole.
    public var manifest: RunManifest

    /// Whether every part 1...N is present and finished.
    public var isComplete: Bool { missingParts.isEmpty && unfinishedParts.isEmpty }

    /// Images paid for content another part also paid for.
    public var imagesPaidTwice: Decimal { paidByTwoParts.reduce(0) { $0 + $1.imagesPaidTwice } }

    /// The exit code of `merge`: 0 when every part is present and finished and every input succeeded or was
    /// skipped (what one run over the whole tree would exit with), 1 when a part is missing or unfinished, two
    /// parts hold one output, or some inputs failed or were invalid.
    public var exitCode: Int32 {
        guard isComplete, outputsClaimedByTwoParts.isEmpty else { return 1 }
        return manifest.totals.failed + manifest.totals.invalid + manifest.totals.pending > 0 ? 1 : 0
    }
}

/// Why `merge` could not merge at all (exit 64).
public struct MergeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable code.
    public enum Code: String, Sendable {
        /// No part manifest in the folders given.
        case noManifests = "no-manifests"
        /// Parts of splits into different numbers of parts.
        case mixedSplits = "mixed-splits"
        /// Two different manifests for the same part.
        case duplicatePart = "duplicate-part"
        /// A manifest that cannot be read.
        case unreadable
        /// The merged manifest cannot be written.
        case io
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
