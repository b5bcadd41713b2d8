import Foundation
import PhotoroomImaging
import PhotoroomPricing

/// What `photoroom-batch estimate` reports; its JSON form (`--json`) is documented in README.md.
public struct EstimateReport: Sendable, Codable {
    /// The JSON shape's version.
    public var version: Int = 1
    /// The input folders.
    public var inputs: [String]
    /// `full` or `header`.
    public var validationMode: String
    /// Counts over all files.
    public var totals: Totals
    /// Valid files by their real format (from the bytes).
    public var formats: [String: Int]
    /// Every invalid file with its reasons.
    public var invalid: [FileIssues]
    /// Every accepted file that has warnings.
    public var warnings: [FileIssues]
    /// Folders or files the scan could not read.
    public var unreadable: [PathProblem]
    /// The plan the cost is computed for, and where that choice came from.
    public var plan: PlanCost?
    /// The same batch on the other plan (answers "Basic or Plus?").
    public var alternatives: [PlanCost]
    /// The account's balance, when a key was given and the account could be read.
    public var balance: Balance?
    /// The user's budget in images (`--max-credits` / `maxCredits`).
    public var budget: Decimal?
    /// `covered`, `short`, or `unknown` (offline, or the plan is unknown).
    public var verdict: Verdict
    /// Images missing to cover the batch (balance or budget, whichever is lower), when short.
    public var shortBy: Decimal?
    /// Remarks for people.
    public var notes: [String]
    /// `--route` (pipeline.json's `route`): `edit`, `segment` or `auto`.
    public var route: String = "edit"
    /// The batch on ``plan``'s plan (Basic when unknown) by route: `edit`, and `auto` (or `segment`) when the
    /// recipe can be finished locally, with what each consumes and saves.
    public var routes: [RoutedCost] = []
    /// `--shard K/N`: the part these figures are for (its files, its cost, its budget; the balance is shared).
    public var shard: ShardSpec? = nil

    /// File counts.
    public struct Totals: Sendable, Codable, Equatable {
        public var files: Int
        public var valid: Int
        public var validWithWarnings: Int
        public var invalid: Int
        /// Files that would be sent: valid plus valid with warnings, one per distinct content.
        public var billable: Int
        /// Accepted files whose content another accepted file has: not sent, their results are copies.
        public var duplicates: Int = 0
    }

    /// A file's issues.
    public struct FileIssues: Sendable, Codable, Equatable {
        public var path: String
        public var format: String?
        public var issues: [ValidationIssue]
    }

    /// A path the scan could not read.
    public struct PathProblem: Sendable, Codable, Equatable {
        public var path: String
        public var reason: String
    }

    /// The batch's cost on one plan.
    public struct PlanCost: Sendable, Codable, Equatable {
        public var plan: String
        /// `option` (--plan), `config` (pipeline.json), `account` (GET /v2/account) or `comparison`.
        public var source: String
        /// Images one `/v2/edit` costs.
        public var imagesPerEdit: Decimal
        /// `/v2/edit` calls the batch needs.
        public var edits: Int
        /// Images the batch consumes.
        public var images: Decimal
        /// Approximate price in USD at the configured price per image (`nil` when no price is known).
        public var approximateUSD: Decimal?
        /// The price per image used.
        public var pricePerImageUSD: Decimal?
        /// The route priced (`edit`, `segment` or `auto`); ``edits`` counts the `/v2/edit` calls of it.
        public var route: String?
        /// `/v1/segment` calls of the route, when there are any.
        public var segments: Int?
        /// Images one `/v1/segment` call costs, when the route makes any.
        public var imagesPerSegment: Decimal?
        /// What the same files would cost through `/v2/edit` alone, when the route makes segment calls; the files it
        /// does not take (HEIC, or over its size limit) are left out.
        public var editOnlyImages: Decimal?
    }

    /// The account's balance.
    public struct Balance: Sendable, Codable, Equatable {
        public var available: Decimal
        public var subscription: Decimal
        public var plan: String?
        public var sandbox: Bool
    }

    /// Whether the balance and budget pay for the batch.
    public enum Verdict: String, Sendable, Codable {
        case covered, short, unknown
    }
}
