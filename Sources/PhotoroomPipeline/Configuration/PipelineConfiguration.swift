import Foundation
import PhotoroomImaging
import PhotoroomPricing

/// Everything a run, an estimate or a watch reads from pipeline.json, with documented defaults.
///
/// The committed `pipeline.json` at the repository's top level is the example users copy; every key is optional.
public struct PipelineConfiguration: Sendable {
    /// The file format version this tool reads and writes.
    public static let currentVersion = 1

    /// Which files of the input folders are taken.
    public struct Input: Sendable, Equatable {
        /// Descend into subfolders.
        public var recursive: Bool = true
        /// Globs (relative to each input folder, `**` crosses folders) a file must match to be taken.
        /// The default takes every image-like extension, so unsupported formats (GIF, TIFF, HEIC...) are reported
        /// rather than silently skipped.
        public var include: [String] = Self.defaultInclude
        /// Globs that drop files even when `include` takes them.
        public var exclude: [String] = []
        /// Hidden files and folders (names starting with `.`) are skipped unless this is true.
        public var includeHidden: Bool = false

        public static let defaultInclude = [
            "**/*.jpg", "**/*.jpeg", "**/*.jpe", "**/*.png", "**/*.webp", "**/*.gif", "**/*.bmp", "**/*.tif",
            "**/*.tiff", "**/*.heic", "**/*.heif", "**/*.avif",
        ]

        public init() {}
    }

    /// How inputs are validated before anything is sent.
    public struct Validation: Sendable {
        /// `full` decodes every image (catches truncation and corruption); `header` reads headers only (fast).
        public var mode: ProbeMode = .full
        /// The limits and warnings (defaults from Photoroom's documented limits).
        public var limits: ValidationLimits = ValidationLimits()
        /// Validation tasks at once (defaults to the number of cores).
        public var parallelism: Int = ProcessInfo.processInfo.activeProcessorCount

        public init() {}
    }

    /// Which plan's costs apply.
    public enum PlanChoice: Sendable, Equatable, CustomStringConvertible {
        /// Read the plan from `GET /v2/account`.
        case auto
        /// Use this plan.
        case fixed(Plan)

        /// Parses `auto`, `basic`, `plus` or another plan name.
        public init(_ text: String) {
            let name = text.trimmingCharacters(in: .whitespaces).lowercased()
            self = name == "auto" ? .auto : .fixed(Plan(name))
        }

        public var description: String {
            switch self {
            case .auto: "auto"
            case .fixed(let plan): plan.name
            }
        }
    }

    /// When calls are retried.
    public struct Retry: Sendable, Equatable {
        /// Attempts per item in all (the first one included) for 429, 5xx and connection failures.
        public var maxAttempts: Int = 6
        /// The first backoff delay; doubled each attempt, with jitter.
        public var initialDelay: Duration = .milliseconds(500)
        /// The longest backoff delay.
        public var maxDelay: Duration = .seconds(30)
        /// Extra attempts after an unknown outcome (timeout or dropped connection after the upload: the call may
        /// have been billed). 1 by default; 0 never risks paying twice but may leave items failed.
        public var unknownOutcomeRetries: Int = 1

        public init() {}
    }

    /// File format version.
    public var version: Int = Self.currentVersion
    /// Input selection.
    public var input = Input()
    /// Validation settings.
    public var validation = Validation()
    /// The plan whose costs apply (`auto` reads it from the account).
    public var plan: PlanChoice = .auto
    /// Costs of plans the API may name that the tool does not know, and prices for the estimate.
    public var pricing = PricingModel()
    /// The `/v2/edit` parameters, in Photoroom's own dotted names, as text.
    public var edit: [String: String] = [:]
    /// Which endpoint renders the items: `edit` (default), `segment` (`/v1/segment` + local finishing) or `auto`.
    public var route: Route = .edit
    /// Extra request headers for `/v2/edit` (model versions such as `pr-background-removal-model-version`).
    public var editHeaders: [String: String] = [:]
    /// Calls in flight at once.
    public var concurrency: Int = 4
    /// A cap on calls per minute for the whole run (none by default; the pacer still obeys 429 and `Retry-After`).
    public var requestsPerMinute: Int?
    /// Retry policy.
    public var retry = Retry()
    /// Time allowed for one `/v2/edit` or `/v1/segment` call, from its start to the last byte of its answer.
    public var editTimeout: Duration = .seconds(180)
    /// The longest silence allowed in an answer once its head arrived (a stalled body ends the call).
    public var idleReadTimeout: Duration = .seconds(30)
    /// Time allowed for one account read (`GET /v2/account`), its answer included.
    public var accountTimeout: Duration = .seconds(30)
    /// A budget in images the run may not cross (none by default).
    public var maxCredits: Decimal?
    /// Stop starting new items after this many failures (none by default).
    public var maxErrors: Int?
    /// Stop starting calls once this many billed results in a row failed their check (`result-invalid`: wrong
    /// format, size, undecodable); 0 never stops. Default 5.
    public var maxUnusableResults: Int = UnusableResultStreak.defaultLimit
    /// Whether runs and watches keep `OUT_DIR/report.html` and its thumbnails up to date (default true;
    /// `"report": false` or `--no-report` turns it off).
    public var report: Bool = true
    /// A result the API sent with `pr-unsupported-attributes` is a failure, not a success with a warning.
    public var strict = false
    /// How many MB of superseded paid results `.photoroom-batch/superseded/` keeps for reuse (1024; 0 keeps none).
    public var keepSupersededMB = 1024

    /// The defaults.
    public init() {}
}
