import Foundation

/// The document written to `OUT_DIR/manifest.json`: a run header, totals, and one row per input.
///
/// Format (version 1), JSON with sorted keys, written atomically (temporary file + rename) during the run and
/// at its end:
///
/// ```json
/// { "version": 1,
///   "run": { "toolVersion": "…", "runID": "…", "plan": "basic", "sandbox": false, "configHash": "…",
///            "settingsHash": "…", "startedAt": "…", "finishedAt": "…", "exitCode": 0, "state": "finished",
///            "dryRun": false, "force": false, "inputDirectory": "/abs/in", "endpoint": "https://…",
///            "emulator": false },
///   "totals": { "inputs": 3, "succeeded": 2, "failed": 0, "invalid": 1, "skipped": 0, "pending": 0,
///               "possiblyBilledTwice": 0, "imagesCharged": 10, "imagesChargedAllRuns": 10,
///               "balanceBefore": 100, "balanceAfter": 90 },
///   "items": [ ManifestItem, … ]   // sorted by inputPath
/// }
/// ```
///
/// The journal (`OUT_DIR/.photoroom-batch/journal.jsonl`, see ``JournalEntry``) is the source of truth for
/// resuming; the manifest is the readable summary of the latest run.
public struct RunManifest: Codable, Sendable, Equatable {
    /// The format version this tool writes.
    public static let currentVersion = 1

    /// The run header.
    public struct Header: Codable, Sendable, Equatable {
        /// Where the run is.
        public enum State: String, Codable, Sendable {
            /// Preflight done, calls being made.
            case running
            /// The run ended (see ``Header/exitCode``).
            case finished
        }

        /// The tool's version.
        public var toolVersion: String
        /// A random identifier of this run (also in every journal record it wrote).
        public var runID: String
        /// The pricing plan used to count costs.
        public var plan: String?
        /// Whether the key is a sandbox key (calls cost nothing).
        public var sandbox: Bool
        /// Hash of the run's settings (edit parameters, output format, plan, limits), never the key.
        public var configHash: String
        /// Hash of the edit settings alone (see ``EditSettings/hash``).
        public var settingsHash: String
        /// When the run started.
        public var startedAt: Date
        /// When it finished, once it has.
        public var finishedAt: Date?
        /// The process exit code the outcome maps to, once finished.
        public var exitCode: Int32?
        /// How the run ended, in a word (`completed`, `interrupted`, `out-of-images`, ...), once finished.
        public var outcome: String?
        /// Running or finished.
        public var state: State
        /// Whether this was a `--dry-run`.
        public var dryRun: Bool
        /// Whether `--force` was given.
        public var force: Bool
        /// INPUT_DIR as given to the run (absolute); nil in manifests written before it was recorded. The report
        /// links the inputs through it.
        public var inputDirectory: String?
        /// The API's base address the run called, or `emulator` for the in-process emulator (never a key).
        public var endpoint: String?
        /// Whether the run called the built-in emulator (`--emulator`): nothing was billed for real.
        public var emulator: Bool?

        public init(
            toolVersion: String,
            runID: String,
            plan: String?,
            sandbox: Bool,
            configHash: String,
            settingsHash: String,
            startedAt: Date,
            finishedAt: Date? = nil,
            exitCode: Int32? = nil,
            outcome: String? = nil,
            state: State = .running,
            dryRun: Bool = false,
            force: Bool = false,
            inputDirectory: String? = nil,
            endpoint: String? = nil,
            emulator: Bool? = nil
        ) {
            self.toolVersion = toolVersion
            self.runID = runID
            self.plan = plan
            self.sandbox = sandbox
            self.configHash = configHash
            self.settingsHash = settingsHash
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.exitCode = exitCode
            self.outcome = outcome
            self.state = state
            self.dryRun = dryRun
            self.force = force
            self.inputDirectory = inputDirectory
            self.endpoint = endpoint
            self.emulator = emulator
        }
    }

    /// Counts over the rows, and the money side.
    public struct Totals: Codable, Sendable, Equatable {
        public var inputs: Int = 0
        public var succeeded: Int = 0
        public var failed: Int = 0
        public var invalid: Int = 0
        public var skipped: Int = 0
        public var pending: Int = 0
        /// Inputs not sent because the ledger held a paid result for their content and settings.
        public var reused: Int = 0
        /// Images those reuses saved (the cost of one edit each).
        public var imagesSaved: Decimal = 0
        /// Items whose result `/v1/segment` plus local finishing made in this run (`--route segment|auto`); nil
        /// when the run used `/v2/edit` only.
        public var segmentItems: Int?
        /// Images routing saved against sending the same items to `/v2/edit`, on the items `/v2/edit` takes (a HEIC
        /// file, which only `/v1/segment` takes, saved nothing); nil when the run used `/v2/edit` only.
        public var imagesSavedByRoute: Decimal?
        /// Outputs that carry the sandbox watermark.
        public var watermarked: Int = 0
        /// Set when the balance read after the run moved by a different amount than the manifest charges.
        public var balanceMismatch: Decimal?
        /// Rows flagged ``ManifestItem/possiblyBilledTwice``.
        public var possiblyBilledTwice: Int = 0
        /// Rows with at least one attempt of unknown outcome.
        public var unknownOutcomes: Int = 0
        /// Rows whose result came with `pr-unsupported-attributes` (parameters the API ignored and billed): a
        /// warning, or a failure under `--strict`.
        public var unsupportedAttributes: Int?
        /// Rows whose billed result failed its check (`result-invalid`: undecodable, wrong format or size).
        public var resultInvalid: Int?
        /// Images charged by this run's successful calls.
        public var imagesCharged: Decimal = 0
        /// Images charged by every run recorded in the journal of this OUT_DIR, this one included.
        public var imagesChargedAllRuns: Decimal = 0
        /// The balance read before the run, when a key was set.
        public var balanceBefore: Decimal?
        /// The balance read after the run, when a key was set.
        public var balanceAfter: Decimal?

        public init() {}

        private enum CodingKeys: String, CodingKey {
            case inputs, succeeded, failed, invalid, skipped, pending, reused, imagesSaved, watermarked
            case balanceMismatch, possiblyBilledTwice, unknownOutcomes, unsupportedAttributes, resultInvalid
            case imagesCharged, imagesChargedAllRuns, balanceBefore, balanceAfter
            case segmentItems, imagesSavedByRoute
        }

        /// Decodes totals; counts a manifest of an older version lacks are 0.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func count(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
            inputs = try count(.inputs)
            succeeded = try count(.succeeded)
            failed = try count(.failed)
            invalid = try count(.invalid)
            skipped = try count(.skipped)
            pending = try count(.pending)
            reused = try count(.reused)
            imagesSaved = try c.decodeIfPresent(Decimal.self, forKey: .imagesSaved) ?? 0
            watermarked = try count(.watermarked)
            balanceMismatch = try c.decodeIfPresent(Decimal.self, forKey: .balanceMismatch)
            possiblyBilledTwice = try count(.possiblyBilledTwice)
            unknownOutcomes = try count(.unknownOutcomes)
            unsupportedAttributes = try count(.unsupportedAttributes)
            resultInvalid = try count(.resultInvalid)
            imagesCharged = try c.decodeIfPresent(Decimal.self, forKey: .imagesCharged) ?? 0
            imagesChargedAllRuns = try c.decodeIfPresent(Decimal.self, forKey: .imagesChargedAllRuns) ?? 0
            balanceBefore = try c.decodeIfPresent(Decimal.self, forKey: .balanceBefore)
            balanceAfter = try c.decodeIfPresent(Decimal.self, forKey: .balanceAfter)
            segmentItems = try c.decodeIfPresent(Int.self, forKey: .segmentItems)
            imagesSavedByRoute = try c.decodeIfPresent(Decimal.self, forKey: .imagesSavedByRoute)
        }

        /// Counts the statuses of `items`; money fields are left as they are.
        public mutating func count(_ items: some Sequence<ManifestItem>) {
            inputs = 0
            succeeded = 0
            failed = 0
            invalid = 0
            skipped = 0
            pending = 0
            reused = 0
            watermarked = 0
            possiblyBilledTwice = 0
            unknownOutcomes = 0
            var unsupportedAttributes = 0
            var resultInvalid = 0
            imagesCharged = 0
            for item in items {
                inputs += 1
                switch item.status {
                case .succeeded: succeeded += 1
                case .failed: failed += 1
                case .invalid: invalid += 1
                case .skipped: skipped += 1
                case .pending: pending += 1
                case .reused: reused += 1
                }
                if item.watermarked == true,
                    item.status == .succeeded || item.status == .reused
                        || item.status == .skipped
                {
                    watermarked += 1
                }
                if item.possiblyBilledTwice { possiblyBilledTwice += 1 }
                if item.unknownOutcomes > 0 { unknownOutcomes += 1 }
                if item.hasUnsupportedAttributes { unsupportedAttributes += 1 }
                if item.errorCode == "result-invalid" { resultInvalid += 1 }
                imagesCharged += item.imagesCharged
            }
            self.unsupportedAttributes = unsupportedAttributes
            self.resultInvalid = resultInvalid
        }
    }

    /// The format version (``currentVersion`` when written by this tool).
    public var version: Int
    /// The run header.
    public var run: Header
    /// Counts and money.
    public var totals: Totals
    /// One row per input, sorted by ``ManifestItem/inputPath``.
    public var items: [ManifestItem]
    /// What the pacer learned about the server's rate limit, and the 429s met (nil when no call was paced).
    public var pacing: PacingSnapshot?

    public init(
        version: Int = RunManifest.currentVersion,
        run: Header,
        totals: Totals,
        items: [ManifestItem],
        pacing: PacingSnapshot? = nil
    ) {
        self.version = version
        self.run = run
        self.totals = totals
        self.items = items
        self.pacing = pacing
    }
}
