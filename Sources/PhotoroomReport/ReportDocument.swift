import Foundation

/// What the HTML report shows: a summary of the run and one entry per input.
///
/// The model is the report's own (it does not know the pipeline's manifest types): statuses, routes and warning
/// codes are plain strings, so a new status such as `reused` needs no change here. Paths are relative and use `/`
/// separators; thumbnail paths are relative to the folder of `report.html`.
public struct ReportDocument: Codable, Sendable, Equatable {
    /// The run as a whole.
    public var summary: ReportSummary
    /// One entry per input, in the order the grid shows them.
    public var items: [ReportItem]

    /// Creates a document.
    public init(summary: ReportSummary, items: [ReportItem]) {
        self.summary = summary
        self.items = items
    }
}

/// The top of the report: counts, money, time and how the run was made.
public struct ReportSummary: Codable, Sendable, Equatable {
    /// The page title (e.g. the output folder's name).
    public var title: String
    /// The tool's version.
    public var toolVersion: String?
    /// The run's identifier.
    public var runID: String?
    /// The pricing plan (`basic`, `plus`, ...).
    public var plan: String?
    /// Sandbox key (free, watermarked) rather than live; nil when unknown (offline).
    public var sandbox: Bool?
    /// When the run started.
    public var startedAt: Date?
    /// When the run finished, once it has.
    public var finishedAt: Date?
    /// `running` or `finished`.
    public var state: String?
    /// How the run ended (`completed`, `interrupted`, ...).
    public var outcome: String?
    /// The process exit code, once finished.
    public var exitCode: Int32?
    /// Whether this was a dry run.
    public var dryRun: Bool
    /// Images charged by this run.
    public var imagesCharged: Decimal
    /// Images charged by every run into this output folder.
    public var imagesChargedAllRuns: Decimal?
    /// The balance read before the run.
    public var balanceBefore: Decimal?
    /// The balance read after the run.
    public var balanceAfter: Decimal?
    /// What routing or reuse saved, one line each (e.g. `9 items reused from earlier runs: 45 images`).
    public var savings: [ReportSaving]
    /// Items flagged as possibly billed twice.
    public var possiblyBilledTwice: Int
    /// Scores above this get a "check this cutout" mark.
    public var uncertaintyThreshold: Double
    /// Where the inputs are, as a relative URL from the report's folder ending in `/` (nil when unknown).
    public var inputBaseHref: String?
    /// When the report was written.
    public var generatedAt: Date

    /// Creates a summary; every field but the title has a default.
    public init(
        title: String,
        toolVersion: String? = nil,
        runID: String? = nil,
        plan: String? = nil,
        sandbox: Bool? = nil,
        startedAt: Date? = nil,
        finishedAt: Date? = nil,
        state: String? = nil,
        outcome: String? = nil,
        exitCode: Int32? = nil,
        dryRun: Bool = false,
        imagesCharged: Decimal = 0,
        imagesChargedAllRuns: Decimal? = nil,
        balanceBefore: Decimal? = nil,
        balanceAfter: Decimal? = nil,
        savings: [ReportSaving] = [],
        possiblyBilledTwice: Int = 0,
        uncertaintyThreshold: Double = ReportSummary.defaultUncertaintyThreshold,
        inputBaseHref: String? = nil,
        generatedAt: Date = Date()
    ) {
        self.title = title
        self.toolVersion = toolVersion
        self.runID = runID
        self.plan = plan
        self.sandbox = sandbox
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.state = state
        self.outcome = outcome
        self.exitCode = exitCode
        self.dryRun = dryRun
        self.imagesCharged = imagesCharged
        self.imagesChargedAllRuns = imagesChargedAllRuns
        self.balanceBefore = balanceBefore
        self.balanceAfter = balanceAfter
        self.savings = savings
        self.possiblyBilledTwice = possiblyBilledTwice
        self.uncertaintyThreshold = uncertaintyThreshold
        self.inputBaseHref = inputBaseHref
        self.generatedAt = generatedAt
    }

    /// The default "check this cutout" threshold on `x-uncertainty-score` (0 confident … 1 unsure).
    public static let defaultUncertaintyThreshold = 0.3
}

/// One thing routing or reuse saved.
public struct ReportSaving: Codable, Sendable, Equatable {
    /// What was saved, for people (`9 items skipped: done by an earlier run`).
    public var label: String
    /// Images not spent thanks to it, when known.
    public var images: Decimal?

    /// Creates a line.
    public init(label: String, images: Decimal? = nil) {
        self.label = label
        self.images = images
    }
}

/// A warning or validation problem shown on a card.
public struct ReportNote: Codable, Sendable, Equatable {
    /// A stable code (`extension-mismatch`, `cmyk`, ...); the warning filter groups by it.
    public var code: String
    /// The explanation.
    public var message: String

    /// Creates a note.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One input's card.
public struct ReportItem: Codable, Sendable, Equatable {
    /// The input's path relative to the input folder.
    public var path: String
    /// The status, as the pipeline names it (`succeeded`, `failed`, `invalid`, `skipped`, `pending`, `reused`...).
    public var status: String
    /// The result's path relative to the report's folder.
    public var outputPath: String?
    /// The input's thumbnail, relative to the report's folder.
    public var inputThumbnail: String?
    /// The result's thumbnail, relative to the report's folder.
    public var outputThumbnail: String?
    /// Images this item cost in this run.
    public var cost: Decimal?
    /// Warnings (validation warnings, flags such as a possible double charge).
    public var warnings: [ReportNote]
    /// `x-uncertainty-score`: 0 confident … 1 unsure; -1 when people were found.
    public var uncertaintyScore: Double?
    /// Parameters the API ignored (`pr-unsupported-attributes`).
    public var unsupportedAttributes: [String]
    /// Wall time of the item's work, in seconds (retries included).
    public var totalSeconds: Double?
    /// Time of the successful call, in seconds.
    public var callSeconds: Double?
    /// Why a file is invalid (validation's reason).
    public var reason: String?
    /// Why the item failed.
    public var error: String?
    /// A stable error code (`bad-request`, `truncated`, ...).
    public var errorCode: String?
    /// How the item was made (`edit`, `segment+local`, ...), when routing applies.
    public var route: String?
    /// For reused results: the input whose result was reused.
    public var reusedFrom: String?
    /// A note (why skipped or pending).
    public var note: String?
    /// Detected format, width and height of the input.
    public var format: String?
    /// Input width in pixels.
    public var width: Int?
    /// Input height in pixels.
    public var height: Int?
    /// Calls started for the item.
    public var attempts: Int?

    /// Creates an item; everything but path and status is optional.
    public init(
        path: String,
        status: String,
        outputPath: String? = nil,
        inputThumbnail: String? = nil,
        outputThumbnail: String? = nil,
        cost: Decimal? = nil,
        warnings: [ReportNote] = [],
        uncertaintyScore: Double? = nil,
        unsupportedAttributes: [String] = [],
        totalSeconds: Double? = nil,
        callSeconds: Double? = nil,
        reason: String? = nil,
        error: String? = nil,
        errorCode: String? = nil,
        route: String? = nil,
        reusedFrom: String? = nil,
        note: String? = nil,
        format: String? = nil,
        width: Int? = nil,
        height: Int? = nil,
        attempts: Int? = nil
    ) {
        self.path = path
        self.status = status
        self.outputPath = outputPath
        self.inputThumbnail = inputThumbnail
        self.outputThumbnail = outputThumbnail
        self.cost = cost
        self.warnings = warnings
        self.uncertaintyScore = uncertaintyScore
        self.unsupportedAttributes = unsupportedAttributes
        self.totalSeconds = totalSeconds
        self.callSeconds = callSeconds
        self.reason = reason
        self.error = error
        self.errorCode = errorCode
        self.route = route
        self.reusedFrom = reusedFrom
        self.note = note
        self.format = format
        self.width = width
        self.height = height
        self.attempts = attempts
    }
}
