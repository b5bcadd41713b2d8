import Foundation

/// One input's row in `manifest.json` and in the journal's `finished` records.
///
/// Every field except ``inputPath``, ``settingsHash`` and ``status`` is optional or defaulted, so rows written
/// by older versions of the tool still decode. Paths are relative and use `/` separators: ``inputPath`` to
/// INPUT_DIR, ``outputPath`` to OUT_DIR.
public struct ManifestItem: Codable, Sendable, Equatable {
    /// What happened to an input in the run that wrote the row.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The edit call succeeded and the result was written to ``ManifestItem/outputPath``.
        case succeeded
        /// The item was attempted and failed (see ``ManifestItem/errorMessage``).
        case failed
        /// Local validation refused the file; it was never sent (see ``ManifestItem/issues``).
        case invalid
        /// Already done by an earlier run with the same content and settings, and its output exists.
        case skipped
        /// Not attempted because the run stopped first (interrupt, 402, auth failure, `--max-errors`).
        case pending
        /// Not sent: the ledger held a paid result for the same content and effective settings (a duplicate,
        /// a renamed, moved or copied input); the output is a copy of that result (see ``ManifestItem/reusedFrom``).
        case reused
    }

    /// A validation problem or warning, as the validator reported it.
    public struct Issue: Codable, Sendable, Equatable {
        /// A stable machine-readable code (`truncated`, `too-large`, ...).
        public var code: String
        /// A human explanation.
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// The response headers worth keeping.
    public struct ResponseHeaders: Codable, Sendable, Equatable {
        /// `x-uncertainty-score`: 0 (confident) to 1 (unsure); -1 when the image shows people.
        public var uncertaintyScore: String?
        /// `pr-unsupported-attributes`: parameters the API ignored.
        public var unsupportedAttributes: String?
        /// `pr-ai-background-seed`: the seed used for an AI background.
        public var aiBackgroundSeed: String?

        public init(
            uncertaintyScore: String? = nil,
            unsupportedAttributes: String? = nil,
            aiBackgroundSeed: String? = nil
        ) {
            self.uncertaintyScore = uncertaintyScore
            self.unsupportedAttributes = unsupportedAttributes
            self.aiBackgroundSeed = aiBackgroundSeed
        }

        /// Whether no header was present.
        public var isEmpty: Bool { uncertaintyScore == nil && unsupportedAttributes == nil && aiBackgroundSeed == nil }
    }

    /// When the item's work ran.
    public struct Timings: Codable, Sendable, Equatable {
        /// When the first attempt was started.
        public var startedAt: Date
        /// When the item finished (succeeded or failed for good).
        public var finishedAt: Date
        /// Wall time from the first attempt to the end, in seconds (includes retries and back-off).
        public var totalSeconds: Double
        /// Time of the successful call itself, in seconds.
        public var callSeconds: Double?

        public init(startedAt: Date, finishedAt: Date, totalSeconds: Double, callSeconds: Double? = nil) {
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.totalSeconds = totalSeconds
            self.callSeconds = callSeconds
        }
    }

    /// The input's path relative to INPUT_DIR, with `/` separators.
    public var inputPath: String
    /// SHA-256 of the input file's bytes, lower-case hex.
    public var sha256: String?
    /// The detected image format (`jpeg`, `png`, `webp`, ...).
    public var format: String?
    /// Pixel width, when the header could be read.
    public var width: Int?
    /// Pixel height, when the header could be read.
    public var height: Int?
    /// File size in bytes.
    public var bytes: Int64?
    /// Hash of the edit settings the item was (or would be) processed with; see ``EditSettings/hash``.
    public var settingsHash: String
    /// The outcome.
    public var status: Status
    /// The output's path relative to OUT_DIR (set when succeeded or skipped, and on failures caused by the output).
    public var outputPath: String?
    /// Images this row's work consumed in this run (the plan's cost on success, 0 otherwise; 0 for `skipped`).
    public var imagesCharged: Decimal
    /// Edit calls started for this item in this run.
    public var attempts: Int
    /// The HTTP status of the last call, if any reached the server.
    public var lastHTTPStatus: Int?
    /// A stable code for the failure (`bad-request`, `payment-required`, `output-exists`, ...).
    public var errorCode: String?
    /// The API's or the tool's explanation of the failure.
    public var errorMessage: String?
    /// Number of attempts whose outcome is unknown: they timed out or lost the connection after the upload,
    /// or were cut by a kill, and may have been billed without giving a result.
    public var unknownOutcomes: Int
    /// True when this item was sent again after an attempt that may have been billed, so Photoroom may have
    /// charged it twice.
    public var possiblyBilledTwice: Bool
    /// The response headers that matter, from the successful call.
    public var responseHeaders: ResponseHeaders?
    /// Timings of the work.
    public var timings: Timings?
    /// Validation problems (for `invalid`) or warnings.
    public var issues: [Issue]?
    /// Why the item was skipped or left pending.
    public var note: String?
    /// SHA-256 of the output file as written (lower-case hex): what a reuse checks its copy against. On a billed
    /// row whose result did not count (`failed`, `result-invalid` or `unsupported-attributes`), the SHA-256 of the
    /// result kept aside at `.photoroom-batch/rejected/OUTPUT` (nil when it could not be kept).
    public var outputSHA256: String?
    /// For `reused`: the input whose paid result was copied.
    public var reusedFrom: String?
    /// True when the output came from a sandbox key and carries the watermark.
    public var watermarked: Bool?
    /// The endpoint that made (or would make) the result: `edit` (`/v2/edit`) or `segment` (`/v1/segment` plus
    /// local finishing); nil in rows written before routes existed (they are `edit`).
    public var route: String?

    public init(
        inputPath: String,
        sha256: String? = nil,
        format: String? = nil,
        width: Int? = nil,
        height: Int? = nil,
        bytes: Int64? = nil,
        settingsHash: String,
        status: Status,
        outputPath: String? = nil,
        imagesCharged: Decimal = 0,
        attempts: Int = 0,
        lastHTTPStatus: Int? = nil,
        errorCode: String? = nil,
        errorMessage: String? = nil,
        unknownOutcomes: Int = 0,
        possiblyBilledTwice: Bool = false,
        responseHeaders: ResponseHeaders? = nil,
        timings: Timings? = nil,
        issues: [Issue]? = nil,
        note: String? = nil,
        outputSHA256: String? = nil,
        reusedFrom: String? = nil,
        watermarked: Bool? = nil,
        route: String? = nil
    ) {
        self.inputPath = inputPath
        self.sha256 = sha256
        self.format = format
        self.width = width
        self.height = height
        self.bytes = bytes
        self.settingsHash = settingsHash
        self.status = status
        self.outputPath = outputPath
        self.imagesCharged = imagesCharged
        self.attempts = attempts
        self.lastHTTPStatus = lastHTTPStatus
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.unknownOutcomes = unknownOutcomes
        self.possiblyBilledTwice = possiblyBilledTwice
        self.responseHeaders = responseHeaders
        self.timings = timings
        self.issues = issues
        self.note = note
        self.outputSHA256 = outputSHA256
        self.reusedFrom = reusedFrom
        self.watermarked = watermarked
        self.route = route
    }

    /// Whether the row carries the `unsupported-attributes` warning (the API ignored some parameters).
    public var hasUnsupportedAttributes: Bool {
        issues?.contains { $0.code == "unsupported-attributes" } == true || errorCode == "unsupported-attributes"
    }

    private enum CodingKeys: String, CodingKey {
        case inputPath, sha256, format, width, height, bytes, settingsHash, status, outputPath, imagesCharged
        case attempts, lastHTTPStatus, errorCode, errorMessage, unknownOutcomes, possiblyBilledTwice
        case responseHeaders, timings, issues, note, outputSHA256, reusedFrom, watermarked, route
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputPath = try c.decode(String.self, forKey: .inputPath)
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        width = try c.decodeIfPresent(Int.self, forKey: .width)
        height = try c.decodeIfPresent(Int.self, forKey: .height)
        bytes = try c.decodeIfPresent(Int64.self, forKey: .bytes)
        settingsHash = try c.decode(String.self, forKey: .settingsHash)
        status = try c.decode(Status.self, forKey: .status)
        outputPath = try c.decodeIfPresent(String.self, forKey: .outputPath)
        imagesCharged = try c.decodeIfPresent(Decimal.self, forKey: .imagesCharged) ?? 0
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        lastHTTPStatus = try c.decodeIfPresent(Int.self, forKey: .lastHTTPStatus)
        errorCode = try c.decodeIfPresent(String.self, forKey: .errorCode)
        errorMessage = try c.decodeIfPresent(String.self, forKey: .errorMessage)
        unknownOutcomes = try c.decodeIfPresent(Int.self, forKey: .unknownOutcomes) ?? 0
        possiblyBilledTwice = try c.decodeIfPresent(Bool.self, forKey: .possiblyBilledTwice) ?? false
        responseHeaders = try c.decodeIfPresent(ResponseHeaders.self, forKey: .responseHeaders)
        timings = try c.decodeIfPresent(Timings.self, forKey: .timings)
        issues = try c.decodeIfPresent([Issue].self, forKey: .issues)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        outputSHA256 = try c.decodeIfPresent(String.self, forKey: .outputSHA256)
        reusedFrom = try c.decodeIfPresent(String.self, forKey: .reusedFrom)
        watermarked = try c.decodeIfPresent(Bool.self, forKey: .watermarked)
        route = try c.decodeIfPresent(String.self, forKey: .route)
    }
}
