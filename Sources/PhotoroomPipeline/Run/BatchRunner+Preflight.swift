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
        /// Not to send: the ledger holds paid results for its key (newest first); copy an intact one.
        case reuse([ManifestItem])
    }

    var input: RunInput
    var inspection: InputInspection
    var row: ManifestItem
    var action: Action
    /// Where the item's bytes come from (the engine reads them only through this).
    var source: ItemSource
    /// For a `send`: an earlier input of this batch with the same content and settings. It waits for that one's
    /// result and copies it, and reserves no credits unless it has to send after all.
    var duplicateOf: String?
    /// The endpoint this item takes (``RunRouting``).
    var route: ItemRoute = .edit
    /// For a `segment` item: a paid cutout an earlier run stored for its content; it is finished from that, free.
    var storedCutout: StoredCutout?
    /// Whether its output holds the result its last row recorded (``OutputIntegrity``); `nil` when unchecked.
    var outputIntact: Bool?
    /// Its own paid output was replaced or damaged: it is rebuilt from an intact copy, or flagged; never sent.
    var rebuildOnly = false

    /// The ledger key (content hash and effective settings), once the content is hashed.
    var key: ContentKey? { row.sha256.map { ContentKey(sha256: $0, settingsHash: row.settingsHash) } }

    /// Whether the item needs work (a call or a copy).
    var needsWork: Bool { action != .none }
}

/// What preflight does to each input before anything is priced or sent: validate, hash, route, and decide from
/// the ledger (send, reuse a paid result, already done, blocked) and from the batch itself (a duplicate waits for
/// its leader). `run`, `watch` and `estimate` all prepare through it.
struct BatchPreparation: Sendable {
    let options: RunOptions
    let inspector: any InputInspecting

    /// Validates and hashes every input (bounded parallelism), then decides per input from the journal.
    func prepare(
        _ inputs: [RunInput],
        layout: OutputLayout,
        index: ResumeIndex,
        claims: OutputClaims
    ) async -> [PreparedItem] {
        var leaders: [ContentKey: String] = [:]
        return await prepare(inputs, layout: layout, index: index, claims: claims, leaders: &leaders)
    }

    /// Prepares one part of a batch whose earlier parts were prepared with the same `claims` and `leaders` (the
    /// first input of each content key to send): the parts together decide as one call over all inputs would, when
    /// the inputs that own their output (``ownsItsOutput(_:layout:index:)``) come first.
    func prepare(
        _ inputs: [RunInput],
        layout: OutputLayout,
        index: ResumeIndex,
        claims: OutputClaims,
        leaders: inout [ContentKey: String]
    ) async -> [PreparedItem] {
        let settingsHash = options.settingsKey.hash
        let segmentHash = options.settingsKey(for: .segment).hash
        let routing = options.routing
        let width = max(1, options.validationParallelism)
        var results = [PreparedItem?](repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, PreparedItem).self) { group in
            var next = 0
            func addNext() {
                let position = next
                let input = inputs[position]
                group.addTask {
                    var item = await inspectOne(input, settingsHash: settingsHash, layout: layout)
                    item.applyRoute(routing, segmentSettingsHash: segmentHash)
                    if let sha = item.row.sha256, let output = item.row.outputPath, item.row.status != .invalid {
                        item.outputIntact = OutputIntegrity.check(
                            path: input.relativePath, sha256: sha, settingsHash: item.row.settingsHash,
                            output: layout.outputURL(forOutput: output), index: index)
                    }
                    return (position, item)
                }
                next += 1
            }
            while next < min(width, inputs.count) { addNext() }
            while let (position, item) = await group.next() {
                results[position] = item
                if next < inputs.count { addNext() }
            }
        }
        // Inputs that own their output (an earlier run paid for it) claim it first, so a newcomer with a
        // clashing name never takes a paid output away, whatever the order of names.
        let inspected = results.compactMap { $0 }
        func ownsItsOutput(_ item: PreparedItem) -> Bool {
            guard let output = item.row.outputPath else { return false }
            return index.owner(ofOutput: output)?.inputPath == item.input.relativePath
        }
        var decided = inspected
        for position in inspected.indices where ownsItsOutput(inspected[position]) {
            decided[position] = decide(inspected[position], index: index, layout: layout, claims: claims)
        }
        for position in inspected.indices where !ownsItsOutput(inspected[position]) {
            decided[position] = decide(inspected[position], index: index, layout: layout, claims: claims)
        }
        let cutoutKey = CutoutStore.keyHash(sandbox: options.sandbox, endpoint: options.endpoint)
        return decided.map { item in
            var item = item
            if item.route == .segment, case .send = item.action, let sha = item.row.sha256 {
                item.storedCutout = index.cutout(sha256: sha, keyHash: cutoutKey)
            }
            if case .send = item.action, let key = item.key {
                if let leader = leaders[key] {
                    item.duplicateOf = leader
                } else {
                    leaders[key] = item.input.relativePath
                }
            }
            return item
        }
    }

    /// Whether the input at `relativePath` owns its output: an earlier run paid for the output it would get.
    static func ownsItsOutput(_ relativePath: String, layout: OutputLayout, index: ResumeIndex) -> Bool {
        index.owner(ofOutput: layout.outputRelativePath(forInput: relativePath))?.inputPath == relativePath
    }

    private func inspectOne(_ input: RunInput, settingsHash: String, layout: OutputLayout) async -> PreparedItem {
        var row = ManifestItem(inputPath: input.relativePath, settingsHash: settingsHash, status: .pending)
        if options.sandbox { row.watermarked = true }
        row.outputPath = layout.outputRelativePath(forInput: input.relativePath)
        let inspection = await inspector.inspect(fileAt: input.url)
        row.format = inspection.format
        row.width = inspection.width
        row.height = inspection.height
        var problems = inspection.problems
        let url = input.url
        switch await BlockingIO.value({ Result { () throws(RunError) in try FileDigest.sha256(ofFileAt: url) } }) {
        case .success(let digest):
            row.sha256 = digest.hex
            row.bytes = digest.bytes
        case .failure(let error):
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
        return PreparedItem(input: input, inspection: inspection, row: row, action: .none, source: .file(input.url))
    }

    /// The result a `--strict` run kept aside for `billed` (`unsupported-attributes`: the API ignored parameters,
    /// the result itself passed its checks), as a paid result to copy from, when it is still there.
    ///
    /// Its expected SHA-256 is the one `billed` recorded when the result was kept: the copy checks the file against
    /// it (and hashes it only then), so a file damaged on disk since is not delivered. A row written before kept
    /// results recorded their hash has none: the file is hashed here, as found.
    private func keptAsideUnderStrict(_ billed: ManifestItem) -> ManifestItem? {
        guard billed.errorCode == "unsupported-attributes", let output = billed.outputPath else { return nil }
        let files = ManifestFiles(outputDirectory: options.outputDirectory, shard: options.shard)
        let aside = files.rejectedResult(forOutput: output).standardizedFileURL.path
        let root = options.outputDirectory.standardizedFileURL.path + "/"
        guard aside.hasPrefix(root), FileManager.default.fileExists(atPath: aside),
            let expected = billed.outputSHA256 ?? (try? FileDigest.sha256(ofFileAt: URL(fileURLWithPath: aside)))?.hex
        else { return nil }
        var kept = billed
        kept.outputPath = String(aside.dropFirst(root.count))
        kept.outputSHA256 = expected
        kept.note = Self.keptAsideNote
        if !(kept.issues ?? []).contains(where: { $0.code == "unsupported-attributes" }) {
            let ignored = billed.responseHeaders?.unsupportedAttributes ?? "not named"
            kept.issues =
                (kept.issues ?? []) + [
                    ManifestItem.Issue(
                        code: "unsupported-attributes",
                        message:
                            "the API ignored parameters it does not support (pr-unsupported-attributes: \(ignored)); "
                            + "the call was billed all the same")
                ]
        }
        return kept
    }

    /// The note of a paid result kept aside under `--strict` (``BatchRunner/reuse(_:from:context:)`` words the row
    /// that delivers it after it).
    static let keptAsideNote = "kept aside under --strict"

    private func decide(
        _ item: PreparedItem,
        index: ResumeIndex,
        layout: OutputLayout,
        claims: OutputClaims
    ) -> PreparedItem {
        var item = item
        guard item.row.status != .invalid, let sha = item.row.sha256, let output = item.row.outputPath else {
            return item
        }
        let path = item.input.relativePath
        if let clash = claims.claim(output, for: path) ?? OutputObstacle.find(output, layout: layout, index: index)
            ?? OutputObstacle.paidResultOfAnother(output, for: item.row, layout: layout, index: index)
        {
            item.row.status = .failed
            item.row.errorCode = clash.code
            item.row.errorMessage = clash.message(output: output)
            return item
        }
        let key = ContentKey(sha256: sha, settingsHash: item.row.settingsHash)
        let outputURL = layout.outputURL(forOutput: output)
        let exists = FileManager.default.fileExists(atPath: outputURL.path)
        markIfDamaged(&item, index: index)
        switch index.decision(
            path: path,
            sha256: sha,
            settingsHash: item.row.settingsHash,
            outputExists: exists && item.outputIntact != false,
            force: options.force
        ) {
        case .done(let previous):
            item.row.status = .skipped
            item.row.note = "done in an earlier run (same content and settings; output present)"
            item.row.responseHeaders = previous.responseHeaders
            item.row.outputPath = previous.outputPath ?? output
            item.row.outputSHA256 = previous.outputSHA256
            item.row.reusedFrom = previous.reusedFrom
            return item
        case .pending(let possiblyBilled):
            if exists, !options.force, !index.produced(outputPath: output),
                index.owner(ofOutput: output) == nil
            {
                item.row.status = .failed
                item.row.errorCode = "output-exists"
                item.row.errorMessage =
                    "\(outputURL.path) already exists and was not written by photoroom-batch; move that file "
                    + "away (or choose another OUT_DIR) and run again: only this input is sent"
                return item
            }
            // A segment item whose paid cutout is stored is finished from it, free: not a second payment.
            let cutoutStored =
                item.route == .segment
                && index.cutout(
                    sha256: sha, keyHash: CutoutStore.keyHash(sandbox: options.sandbox, endpoint: options.endpoint))
                    != nil
            if !options.force, !options.resendUndelivered, !cutoutStored,
                let billed = index.billedWithoutResult(for: key)
            {
                if !options.strict, let kept = keptAsideUnderStrict(billed) {
                    // Paid for, and refused only by --strict: without it that result counts. It is delivered (its
                    // bytes checked on the copy), not paid for again.
                    item.row.status = .pending
                    item.action = .reuse([kept])
                    return item
                }
                // Paid for already and its result did not count: sent again only when asked for (rule 2).
                item.row.status = .failed
                item.row.errorCode = billed.errorCode
                item.row.errorMessage =
                    "billed in an earlier run (\(billed.inputPath), \(billed.errorCode ?? "failed")) and its result "
                    + "did not count; not sent again: pass --resend-undelivered to pay for it again"
                return item
            }
            item.row.status = .pending
            let paid = reuseCandidates(for: key, index: index)
            if !paid.isEmpty {
                item.action = .reuse(paid)
            } else if item.rebuildOnly {
                item.row = OutputIntegrity.lostRow(item.row)
            } else {
                item.action = .send(possiblyBilled: possiblyBilled)
            }
        }
        return item
    }
}
