import Foundation

/// Human text for a run's preflight, items and end summary, shared by the reporters.
public enum RunSummary {
    /// How many failures the end summary lists before "and N more".
    public static let failureListLimit = 50

    /// "warning: /in/locked: cannot list the folder (Permission denied)", with its newline.
    public static func scanProblemLine(_ problem: ScanProblem) -> String {
        "warning: \(problem.path): \(problem.reason)\n"
    }

    /// "preflight: 12 inputs, 2 invalid, 3 done earlier, 7 to do: 35 images on Basic (5 per edit); balance 120", or
    /// on a route "… 7 to do: 7 images on Basic (7 × /v1/segment at 1); …".
    public static func preflightLine(_ preflight: RunPreflight) -> String {
        var parts = ["\(preflight.inputs) inputs"]
        if preflight.invalid > 0 { parts.append("\(preflight.invalid) invalid") }
        if preflight.alreadyDone > 0 { parts.append("\(preflight.alreadyDone) done earlier") }
        if preflight.reused > 0 {
            parts.append("\(preflight.reused) duplicates: \(fmt(preflight.imagesSaved)) images saved")
        }
        if preflight.blocked > 0 { parts.append("\(preflight.blocked) blocked by their output") }
        if let shard = preflight.shard { parts[0] = ShardWording.heading(shard, inputs: preflight.inputs) }
        var text = "preflight: " + parts.joined(separator: ", ") + ", \(preflight.toDo) to do: "
        if preflight.sandbox {
            text += "free (sandbox key)"
        } else {
            text +=
                "\(fmt(preflight.cost)) images on \(preflight.plan.displayName) (\(preflight.priceDescription))"
        }
        if let shard = preflight.shard, shard.count > 1 {
            let note = ShardWording.moneyNote(
                shard, partCost: preflight.cost, balance: preflight.balance, budget: preflight.maxCredits)
            if let note { text += "; " + note }
            if let warning = preflight.warning { text += "; warning: \(warning)" }
        } else {
            if let balance = preflight.balance { text += "; balance \(fmt(balance))" }
            if let warning = preflight.warning { text += "; warning: \(warning)" }
            if let budget = preflight.maxCredits { text += "; budget \(fmt(budget))" }
        }
        if preflight.possiblyBilledBefore > 0 {
            text += "; \(preflight.possiblyBilledBefore) had a call cut short earlier and may be billed twice"
        }
        return text
    }

    /// "[25/2028] shoes/a.jpg ok 1.2s" or "[26/2028] shoes/b.jpg failed (HTTP 400) 0.3s: message".
    public static func itemLine(index: Int, total: Int, item: ManifestItem) -> String {
        let seconds = item.timings.map { String(format: "%.1fs", $0.totalSeconds) } ?? "-"
        var line = "[\(index)/\(total)] \(item.inputPath) "
        switch item.status {
        case .succeeded:
            line += "ok \(seconds)"
            if item.attempts > 1 { line += " (\(item.attempts) attempts)" }
            if item.possiblyBilledTwice { line += " [possibly billed twice]" }
            if let ignored = item.responseHeaders?.unsupportedAttributes, item.hasUnsupportedAttributes {
                line += " [warning: the API ignored \(ignored)]"
            }
        case .reused:
            line += "reused (copy of \(item.reusedFrom ?? "an earlier result"))"
        case .failed, .invalid, .skipped, .pending:
            line += item.status.rawValue
            if let status = item.lastHTTPStatus { line += " (HTTP \(status))" }
            line += " \(seconds)"
            if let message = item.errorMessage { line += ": \(message)" }
        }
        return line
    }

    /// The end summary, several lines, each ending in a newline.
    public static func text(_ outcome: RunOutcome) -> String {
        let totals = outcome.totals
        var lines: [String] = []
        if let shard = outcome.preflight?.shard, shard.count > 1 {
            lines.append("Part \(shard.index) of \(shard.count) (--shard \(shard)): these figures are this part's.")
        }
        switch outcome.ending {
        case .insufficientImages:
            lines.append("Not enough images: \(outcome.message ?? "")")
            lines.append("Nothing was sent. Options:")
            for option in outcome.shortfall?.options ?? [] { lines.append("  - \(option)") }
        case .setupFailed:
            lines.append("Cannot run: \(outcome.message ?? "unknown error")")
        case .authenticationFailed:
            lines.append("The API key was refused: \(outcome.message ?? "")")
        case .dryRun:
            if let preflight = outcome.preflight { lines.append("Dry run: " + preflightLine(preflight)) }
        default:
            break
        }
        if outcome.ending != .setupFailed && outcome.ending != .insufficientImages {
            let seconds = String(format: "%.1fs", outcome.seconds)
            var counts =
                "\(totals.succeeded) succeeded, \(totals.failed) failed, \(totals.invalid) invalid, "
                + "\(totals.skipped) skipped"
            if totals.pending > 0 { counts += ", \(totals.pending) not done" }
            lines.append("\(title(outcome.ending)) in \(seconds): \(counts).")
            if totals.reused > 0 {
                lines.append(
                    "\(totals.reused) duplicates (same content and settings as a paid result): "
                        + "\(fmt(totals.imagesSaved)) images saved."
                )
            }
            if totals.watermarked > 0 {
                lines.append("\(totals.watermarked) outputs carry the sandbox watermark (watermarked in the manifest).")
            }
            if outcome.ending != .dryRun {
                var money = "Images charged by this run: \(fmt(totals.imagesCharged))"
                if let plan = outcome.preflight?.plan { money += " (\(plan.displayName))" }
                if let before = totals.balanceBefore {
                    money += "; balance before \(fmt(before))"
                    if let after = totals.balanceAfter {
                        money +=
                            ", after \(fmt(after)) (spent \(fmt(before - after)); the manifest accounts for "
                            + "\(fmt(totals.imagesCharged)))"
                    }
                }
                lines.append(money + ".")
            }
            if totals.unknownOutcomes > 0 {
                lines.append(
                    "\(totals.unknownOutcomes) items had a call of unknown outcome (timed out or cut after the upload): "
                        + "it may have been billed without a result."
                )
            }
            if totals.possiblyBilledTwice > 0 {
                lines.append(
                    "\(totals.possiblyBilledTwice) items may have been billed twice (possiblyBilledTwice in the manifest)."
                )
            }
            if let count = totals.unsupportedAttributes, count > 0 {
                lines.append(
                    "\(count) results came with pr-unsupported-attributes: the API ignored "
                        + "parameters and billed the call (unsupported-attributes in the manifest; --strict makes "
                        + "this a failure)."
                )
            }
            if let count = totals.resultInvalid, count > 0 {
                lines.append(
                    "\(count) results failed their check (result-invalid): billed, kept in "
                        + ".photoroom-batch/rejected, not sent again (--resend-undelivered pays for them again)."
                )
            }
            if let message = outcome.message, outcome.ending != .completed { lines.append(message) }
        }
        if !outcome.warnings.isEmpty {
            lines.append("Warnings:")
            for item in outcome.warnings.prefix(failureListLimit) {
                let ignored = item.responseHeaders?.unsupportedAttributes ?? "parameters"
                lines.append("  \(item.inputPath): unsupported-attributes: the API ignored \(ignored)")
            }
            if outcome.warnings.count > failureListLimit {
                lines.append("  … and \(outcome.warnings.count - failureListLimit) more (see the manifest)")
            }
        }
        if !outcome.failures.isEmpty {
            lines.append("Failures:")
            for item in outcome.failures.prefix(failureListLimit) {
                lines.append(
                    "  \(item.inputPath): \(item.status.rawValue): \(item.errorMessage ?? item.errorCode ?? "")"
                )
            }
            if outcome.failures.count > failureListLimit {
                lines.append("  … and \(outcome.failures.count - failureListLimit) more (see the manifest)")
            }
        }
        if let path = outcome.manifestPath { lines.append("Manifest: \(path)") }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func title(_ ending: RunOutcome.Ending) -> String {
        switch ending {
        case .completed: "Done"
        case .dryRun: "Would do"
        case .interrupted: "Interrupted"
        case .outOfImages: "Out of images (402)"
        case .maxErrorsReached: "Stopped after too many failures"
        case .unusableResults: "Stopped paying for unusable results"
        case .budgetReached: "Stopped at the budget"
        case .authenticationFailed: "Stopped"
        case .outputFull: "Stopped: OUT_DIR is full"
        case .insufficientImages, .setupFailed: "Stopped"
        }
    }

    static func fmt(_ value: Decimal) -> String { Shortfall.format(value) }
}
