import Foundation

/// Paid calls in flight, by content and effective settings, so a second input with the same key waits for the
/// first one's result instead of paying again (duplicates in a batch, the same file landing twice in a watch).
///
/// A key's result is filed only under the key it was paid for: a row whose content hash (the bytes actually
/// uploaded) is not the key's serves nobody. A key whose call was billed without a usable result is not sent
/// again in this session: its twins follow their leader (money rule 1).
actor ReuseBoard {
    enum Turn: Sendable, Equatable {
        /// Nobody else is sending this key: send it.
        case send
        /// Another input paid for this key in this session: copy its result.
        case copy(ManifestItem)
        /// Another input's call for this key was billed without a usable result: do not send it again.
        case billedUnusable(ManifestItem)
    }

    private var inFlight: [ContentKey: [CheckedContinuation<Void, Never>]] = [:]
    private var paid: [ContentKey: ManifestItem] = [:]
    private var unusable: [ContentKey: ManifestItem] = [:]

    /// Waits while another input sends `key`; then either this one sends it, copies the paid result, or is not
    /// sent because the key's call was billed without a usable result.
    func turn(for key: ContentKey) async -> Turn {
        while true {
            if let row = paid[key] { return .copy(row) }
            if let row = unusable[key] { return .billedUnusable(row) }
            if inFlight[key] == nil {
                inFlight[key] = []
                return .send
            }
            await withCheckedContinuation { continuation in inFlight[key, default: []].append(continuation) }
        }
    }

    /// The sender of `key` finished: a paid row (succeeded, with its output's hash) serves the others; a row
    /// billed without a usable result stops them; otherwise (not billed, or the bytes sent were another content)
    /// the next waiter sends.
    func finished(_ key: ContentKey, row: ManifestItem?) {
        if let row, row.sha256 == key.sha256 {
            switch Self.verdict(of: row) {
            case .usable: paid[key] = row
            case .billedUnusable: unusable[key] = row
            case .unpaid: break
            }
        }
        let waiters = inFlight.removeValue(forKey: key) ?? []
        for waiter in waiters { waiter.resume() }
    }

    /// Forgets a paid row whose output turned out not to be intact.
    func forget(_ key: ContentKey) {
        paid[key] = nil
    }

    /// What a finished row means for the other inputs of its key.
    enum Verdict: Sendable, Equatable {
        /// Its result is there to copy.
        case usable
        /// Billed, and its result does not count (invalid, kept aside under `--strict`, not saved).
        case billedUnusable
        /// Not billed (or not known to be): another input may send.
        case unpaid
    }

    /// The ``Verdict`` of `row`.
    static func verdict(of row: ManifestItem) -> Verdict {
        if row.status == .succeeded || row.status == .reused, row.outputSHA256 != nil { return .usable }
        if row.status == .failed, row.imagesCharged > 0 { return .billedUnusable }
        return .unpaid
    }
}
