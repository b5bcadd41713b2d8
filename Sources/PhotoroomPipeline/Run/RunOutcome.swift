import Foundation

/// How a batch run ended: the ending, the totals, the failures, and the exit code they map to.
///
/// Exit codes: 0 all succeeded or skipped; 1 some items failed or invalid (or `--max-errors` was reached, or
/// results failed their check `maxUnusableResults` times in a row);
/// 3 the balance or budget is too low (nothing sent); 4 the key was refused; 5 out of images mid-run (402);
/// 64 usage or configuration error; 69 the account cannot be read; 75 another process holds OUT_DIR;
/// 130 interrupted. Every command maps its outcome through ``exitCode``.
public struct RunOutcome: Sendable, Codable, Equatable {
    /// The ways a run ends.
    public enum Ending: String, Sendable, Codable {
        /// Every item to do was attempted.
        case completed
        /// `--dry-run`: stopped after preflight.
        case dryRun = "dry-run"
        /// Nothing sent: the balance or `--max-credits` cannot cover the work.
        case insufficientImages = "insufficient-images"
        /// The key was refused (401/403).
        case authenticationFailed = "authentication-failed"
        /// A 402 mid-run: the images ran out.
        case outOfImages = "out-of-images"
        /// SIGINT/SIGTERM.
        case interrupted
        /// `--max-errors` failed items.
        case maxErrorsReached = "max-errors-reached"
        /// The ledger refused to start more work (calls of unknown outcome used the remaining budget).
        case budgetReached = "budget-reached"
        /// A result could not be saved because OUT_DIR's disk is full, over quota, read-only or failing: no new
        /// call started after it.
        case outputFull = "output-full"
        /// Billed results in a row failed their check (`maxUnusableResults`): no new call started after it.
        case unusableResults = "unusable-results"
        /// The run could not start or its bookkeeping failed (see ``RunOutcome/error``).
        case setupFailed = "setup-failed"
    }

    /// How it ended.
    public var ending: Ending
    /// A human explanation of the ending (the shortfall, the API's message, the setup error).
    public var message: String?
    /// The setup or bookkeeping error, for `setupFailed`.
    public var errorCode: String?
    /// Preflight's findings (absent when setup failed before them).
    public var preflight: RunPreflight?
    /// The shortfall, for `insufficientImages`.
    public var shortfall: Shortfall?
    /// Counts and money, as in the manifest.
    public var totals: RunManifest.Totals
    /// Rows that failed or were invalid, sorted by path.
    public var failures: [ManifestItem]
    /// Rows that count with a warning (a result sent with `pr-unsupported-attributes`), sorted by path.
    public var warnings: [ManifestItem] = []
    /// The manifest written, if any.
    public var manifestPath: String?
    /// Wall time of the run, in seconds.
    public var seconds: Double

    public init(
        ending: Ending,
        message: String? = nil,
        errorCode: String? = nil,
        preflight: RunPreflight? = nil,
        shortfall: Shortfall? = nil,
        totals: RunManifest.Totals = RunManifest.Totals(),
        failures: [ManifestItem] = [],
        manifestPath: String? = nil,
        seconds: Double = 0
    ) {
        self.ending = ending
        self.message = message
        self.errorCode = errorCode
        self.preflight = preflight
        self.shortfall = shortfall
        self.totals = totals
        self.failures = failures
        self.manifestPath = manifestPath
        self.seconds = seconds
    }

    /// The process exit code.
    public var exitCode: Int32 {
        switch ending {
        case .completed, .dryRun:
            return totals.failed + totals.invalid > 0 ? 1 : 0
        case .insufficientImages: return 3
        case .authenticationFailed: return 4
        case .outOfImages: return 5
        case .interrupted: return 130
        case .maxErrorsReached, .budgetReached, .outputFull, .unusableResults: return 1
        case .setupFailed:
            switch errorCode {
            case RunError.Code.usage.description, RunError.Code.outputInsideInput.description,
                RunError.Code.unknownPlan.description:
                return 64
            case RunError.Code.accountUnavailable.description:
                return 69
            case RunError.Code.locked.description:
                return 75
            default:
                return 1
            }
        }
    }
}
