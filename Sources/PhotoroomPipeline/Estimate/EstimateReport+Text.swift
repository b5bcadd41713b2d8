import Foundation

extension EstimateReport {
    /// The report for people: counts, invalid files with reasons, warnings, costs side by side, the verdict.
    public var text: String {
        var lines: [String] = []
        let t = totals
        if let shard {
            lines.append(ShardWording.heading(shard, inputs: t.files).capitalizedFirst + " (--shard \(shard))")
        }
        lines.append(
            "Scanned \(t.files) file\(t.files == 1 ? "" : "s") (\(validationMode) validation): "
                + "\(t.valid) valid, \(t.validWithWarnings) with warnings, \(t.invalid) invalid"
        )
        if !formats.isEmpty {
            lines.append(
                "Formats: "
                    + formats.sorted { $0.key < $1.key }.map { "\($0.key.uppercased()) \($0.value)" }.joined(
                        separator: ", ")
            )
        }
        if !invalid.isEmpty {
            lines.append("")
            lines.append("Invalid (not sent):")
            for file in invalid {
                lines.append(
                    "  \(file.path): "
                        + file.issues.filter { $0.severity == .error }.map(\.message).joined(separator: "; "))
            }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Warnings (sent anyway):")
            for file in warnings {
                lines.append("  \(file.path): " + file.issues.map(\.message).joined(separator: "; "))
            }
        }
        if !unreadable.isEmpty {
            lines.append("")
            lines.append("Could not read:")
            for problem in unreadable { lines.append("  \(problem.path): \(problem.reason)") }
        }
        lines.append("")
        if t.duplicates > 0 {
            lines.append(
                "\(t.duplicates) duplicates (same content as another file): not sent, their results are copies.")
        }
        let calls = (plan ?? alternatives.first).map(Self.calls) ?? "\(t.billable) /v2/edit calls"
        lines.append(route == "edit" ? "Cost (\(calls)):" : "Cost (\(calls), route \(route)):")
        for cost in [plan].compactMap({ $0 }) + alternatives {
            var parts: [String] = []
            if let segments = cost.segments, segments > 0 {
                parts.append("\(segments) × \(Self.number(cost.imagesPerSegment ?? 0))")
            }
            if cost.edits > 0 || parts.isEmpty { parts.append("\(cost.edits) × \(Self.number(cost.imagesPerEdit))") }
            var line =
                "  \(cost.plan.capitalized.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                + "\(Self.number(cost.images)) images (\(parts.joined(separator: " + ")))"
            if let usd = cost.approximateUSD, let price = cost.pricePerImageUSD {
                line += ", about \(Self.money(usd)) USD at \(Self.number(price)) USD/image (approximate)"
            }
            if cost.source != "comparison" { line += "  <- your plan (\(cost.source))" }
            lines.append(line)
        }
        if !routes.isEmpty {
            lines.append("Routes:")
            for routed in routes {
                lines.append("  " + routed.summary + (routed.route.rawValue == route ? "  <- this run" : ""))
            }
        }
        if let balance {
            lines.append("")
            lines.append(
                "Balance: \(Self.number(balance.available)) images available (\(Self.number(balance.subscription)) this cycle)"
                    + (balance.plan.map { " on \($0.capitalized)" } ?? "")
            )
        }
        if let budget { lines.append("Budget:  \(Self.number(budget)) images (--max-credits)") }
        switch verdict {
        case .covered:
            lines.append("Verdict: covered")
        case .short:
            lines.append("Verdict: short by \(Self.number(shortBy ?? 0)) images")
            if let plan, let other = alternatives.first, other.images < plan.images {
                lines.append(
                    "  On \(other.plan.capitalized) the same batch would cost \(Self.number(other.images)) images."
                )
            }
        case .unknown:
            lines.append("Verdict: unknown (no balance to compare: set PHOTOROOM_API_KEY or --max-credits)")
        }
        for note in notes { lines.append("Note: \(note)") }
        if let shard,
            let note = ShardWording.moneyNote(
                shard, partCost: plan?.images, balance: balance?.available, budget: budget)
        {
            lines.append("Note: \(note)")
        }
        return lines.joined(separator: "\n")
    }

    /// `8 /v1/segment calls` or `3 /v1/segment + 2 /v2/edit calls`.
    static func calls(_ cost: PlanCost) -> String {
        let segments = cost.segments ?? 0
        switch (segments, cost.edits) {
        case (0, let edits): return "\(edits) /v2/edit call\(edits == 1 ? "" : "s")"
        case (let segments, 0): return "\(segments) /v1/segment call\(segments == 1 ? "" : "s")"
        case (let segments, let edits): return "\(segments) /v1/segment + \(edits) /v2/edit calls"
        }
    }

    static func number(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }

    static func money(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return String(format: "%.2f", NSDecimalNumber(decimal: rounded).doubleValue)
    }
}
