import Foundation

/// What ``BatchRunner/identify(_:reserved:context:)`` found about the bytes an item is about to send.
enum ItemIdentity: Sendable {
    /// The bytes are those preflight decided about (or the item changed and was decided again): go on with `item`,
    /// sending `pinned`. `reserved` says whether its cost is still reserved.
    case current(PreparedItem, pinned: PinnedBytes, reserved: Bool)
    /// The item changed since preflight and its new content needs no call (done, invalid, blocked, or it keeps
    /// changing): its row is final.
    case finished(ManifestItem)
}

extension BatchRunner {
    /// How many times an input that keeps changing is read again before it is left pending.
    static let identityAttempts = 3

    /// Identity from the bytes sent (issue 17): reads (small inputs) or hashes (larger ones) the bytes the item is
    /// about to send, before anything is reused or paid for. An input whose bytes are not those preflight hashed is
    /// a new item: its reservation is released and it is decided again, as preflight would (validated, hashed, and
    /// checked against the ledger for a paid result, a billed one without result, a stored cutout), so it is never
    /// filed under its old hash; it then goes through the reuse board and the budget like any other item.
    func identify(_ item: PreparedItem, reserved: Bool, context: SubmissionContext) async -> ItemIdentity {
        let pinned = await item.source.pin()
        guard let sha = pinned.sha256, let decided = item.row.sha256, sha != decided else {
            return .current(item, pinned: pinned, reserved: reserved)
        }
        if reserved { await context.ledger.release(context.cost(of: item)) }
        guard let currentIndex = context.currentIndex else {
            return .finished(pendingRow(item, note: Self.changedNote + "; not sent: run again to send its new content"))
        }
        for _ in 0..<Self.identityAttempts {
            let index = await currentIndex()
            guard
                var fresh = await preparation.prepare(
                    [item.input], layout: context.layout, index: index, claims: OutputClaims()
                ).first
            else { break }
            fresh.row.note = [Self.changedNote, fresh.row.note].compactMap { $0 }.joined(separator: "; ")
            guard fresh.needsWork else { return .finished(fresh.row) }
            let again = await fresh.source.pin()
            if again.sha256 != nil, again.sha256 == fresh.row.sha256 {
                return .current(fresh, pinned: again, reserved: false)
            }
        }
        return .finished(
            pendingRow(item, note: "the input kept changing while it was read: not sent; run again once it is settled"))
    }

    /// The note of an item whose input changed between preflight and its call.
    static let changedNote = "the input changed since preflight: decided again for its new content"
}
