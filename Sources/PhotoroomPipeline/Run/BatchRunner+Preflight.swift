import Foundation
import PhotoroomAPI
import PhotoroomPricing

/// An input after preflight: its row so far and what to do with it.
struct PreparedItem: Sendable {
    enum Action: Sendable, Equatable {
        /// Invalid, done, or blocked: the row is final.
        case none
        /// To send; `possiblyBilled` when an earlier call may have billed it already.
        case send(possiblyBilled: Bool)
    }

    var input: RunInput
    var inspection: InputInspection
    var row: ManifestItem
    var action: Action
}

/// The plan, the cost of one edit, and the balance, as preflight settled them.
struct Pricing: Sendable {
    var plan: Plan
    var costPerEdit: Decimal
    var alternativePlan: Plan?
    var alternativeCost: Decimal?
    var balance: Decimal?
}

enum PricingFailure: Error {
    case authentication(String)
    case setup(RunError)
}

extension BatchRunner {
    /// Validates and hashes every input (bounded parallelism), then decides per input from the journal.
    func prepare(layout: OutputLayout, index: ResumeIndex) async -> [PreparedItem] {
        let inputs = options.inputs
        let settingsHash = options.edit.hash
        let width = max(1, options.validationParallelism)
        var results = [PreparedItem?](repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, PreparedItem).self) { group in
            var next = 0
            func addNext() {
                let position = next
                let input = inputs[position]
                group.addTask { (position, await inspectOne(input, settingsHash: settingsHash, layout: layout)) }
                next += 1
            }
            while next < min(width, inputs.count) { addNext() }
            while let (position, item) = await group.next() {
                results[position] = item
                if next < inputs.count { addNext() }
            }
        }
        var claimed: [String: String] = [:]
        return results.compactMap { $0 }.map { item in
            decide(item, index: index, layout: layout, claimed: &claimed)
        }
    }

    private func inspectOne(_ input: RunInput, settingsHash: String, layout: OutputLayout) async -> PreparedItem {
        var row = ManifestItem(inputPath: input.relativePath, settingsHash: settingsHash, status: .pending)
        row.outputPath = layout.outputRelativePath(forInput: input.relativePath)
        let inspection = await inspector.inspect(fileAt: input.url)
        row.format = inspection.format
        row.width = inspection.width
        row.height = inspection.height
        var problems = inspection.problems
        do {
            let digest = try FileDigest.sha256(ofFileAt: input.url)
            row.sha256 = digest.hex
            row.bytes = digest.bytes
        } catch {
            problems.append(ManifestItem.Issue(code: "unreadable", message: error.message))
        }
        let issues = problems + inspection.warnings
        row.issues = issues.isEmpty ? nil : issues
        if !problems.isEmpty {
            row.status = .invalid
            row.errorCode = problems[0].code
            row.errorMessage = problems.map(\.message).joined(separator: "; ")
            row.outputPath = nil
        }
        return PreparedItem(input: input, inspection: inspection, row: row, action: .none)
    }

    private func decide(
        _ item: PreparedItem,
        index: ResumeIndex,
        layout: OutputLayout,
        claimed: inout [String: String]
    ) -> PreparedItem {
        var item = item
        guard item.row.status != .invalid, let sha = item.row.sha256, let output = item.row.outputPath else {
            return item
        }
        if let owner = claimed[output] {
            item.row.status = .failed
            item.row.errorCode = "output-collision"
            item.row.errorMessage = "its output \(output) is also the output of \(owner); rename one of them"
            return item
        }
        claimed[output] = item.input.relativePath
        let outputURL = layout.outputURL(forOutput: output)
        let exists = FileManager.default.fileExists(atPath: outputURL.path)
        switch index.decision(
            path: item.input.relativePath,
            sha256: sha,
            settingsHash: item.row.settingsHash,
            outputExists: exists,
            force: options.force
        ) {
        case .done(let previous):
            item.row.status = .skipped
            item.row.note = "done in an earlier run (same content and settings; output present)"
            item.row.responseHeaders = previous.responseHeaders
            item.row.outputPath = previous.outputPath ?? output
        case .pending(let possiblyBilled):
            if exists, !options.force, !index.produced(outputPath: output) {
                item.row.status = .failed
                item.row.errorCode = "output-exists"
                item.row.errorMessage =
                    "\(outputURL.path) already exists and was not written by photoroom-batch; "
                    + "move it away or pass --force to overwrite it"
            } else {
                item.row.status = .pending
                item.action = .send(possiblyBilled: possiblyBilled)
            }
        }
        return item
    }

    /// Reads the account when a key is set and settles the plan and the cost of one edit.
    func resolvePricing() async -> Result<Pricing, PricingFailure> {
        var details: AccountDetails?
        if let account {
            do {
                details = try await account.account()
            } catch {
                // Whether account endpoints accept sandbox keys is undocumented; sandbox calls are free anyway.
                if options.sandbox {
                    details = nil
                } else if error.isAuthenticationFailure {
                    return .failure(.authentication(options.redact(error.message)))
                } else if case .auto = options.plan {
                    return .failure(
                        .setup(
                            RunError(
                                code: .accountUnavailable,
                                message: "cannot read the account to learn the plan and balance: "
                                    + "\(options.redact(error.description)); pass --plan basic|plus to run without it"
                            )
                        )
                    )
                }
            }
        }
        let plan: Plan
        switch options.plan {
        case .fixed(let fixed): plan = fixed
        case .auto:
            if options.sandbox, details?.plan == nil {
                plan = .basic  // Free either way; the plan only names the units in reports.
                break
            }
            guard let named = details?.plan else {
                let why = account == nil ? "no API key is set" : "the account endpoint did not name a plan"
                return .failure(
                    .setup(
                        RunError(code: .unknownPlan, message: "the plan is \"auto\" but \(why); pass --plan basic|plus")
                    )
                )
            }
            plan = named
        }
        let cost: Decimal
        do {
            cost = try options.pricing.cost(of: .edit, on: plan, sandbox: options.sandbox)
        } catch {
            return .failure(.setup(RunError(code: .unknownPlan, message: error.message)))
        }
        let alternative = plan.alternative
        let alternativeCost = alternative.flatMap {
            try? options.pricing.cost(of: .edit, on: $0, sandbox: options.sandbox)
        }
        return .success(
            Pricing(
                plan: plan,
                costPerEdit: cost,
                alternativePlan: alternative,
                alternativeCost: alternativeCost,
                balance: details?.available
            )
        )
    }

    func makePreflight(_ prepared: [PreparedItem], pricing: Pricing) -> RunPreflight {
        var invalid = 0
        var done = 0
        var blocked = 0
        var toDo = 0
        var possiblyBilled = 0
        for item in prepared {
            switch (item.row.status, item.action) {
            case (.invalid, _): invalid += 1
            case (.skipped, _): done += 1
            case (_, .send(let billed)):
                toDo += 1
                if billed { possiblyBilled += 1 }
            default: blocked += 1
            }
        }
        var preflight = RunPreflight(
            inputs: prepared.count,
            invalid: invalid,
            alreadyDone: done,
            blocked: blocked,
            toDo: toDo,
            possiblyBilledBefore: possiblyBilled,
            plan: pricing.plan,
            sandbox: options.sandbox,
            costPerEdit: pricing.costPerEdit,
            cost: pricing.costPerEdit * Decimal(toDo),
            alternativePlan: pricing.alternativePlan,
            alternativeCost: pricing.alternativeCost.map { $0 * Decimal(toDo) },
            balance: pricing.balance,
            maxCredits: options.maxCredits
        )
        preflight.shard = options.shard
        return preflight
    }
}
