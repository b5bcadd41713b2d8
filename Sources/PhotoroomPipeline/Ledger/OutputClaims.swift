import Foundation

/// Which input owns each output path in this run or watch, folded to lower case: two inputs whose outputs differ
/// only by case (`A.jpg`, `a.jpg`) or only by extension (`cat.jpg`, `cat.png` → `cat.png`) clash, on any disk.
///
/// The first claim wins, and an output an earlier run paid for stays with the input that paid for it. `run` and
/// `watch` settle clashes through this one type.
final class OutputClaims: @unchecked Sendable {
    private let lock = NSLock()
    private var owners: [String: String] = [:]

    init() {}

    /// Claims `outputPath` for `inputPath`; returns the other input that holds it, or `nil` when the claim holds.
    func claim(_ outputPath: String, for inputPath: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        let key = outputPath.lowercased()
        if let owner = owners[key], owner != inputPath { return owner }
        owners[key] = inputPath
        return nil
    }
}

/// Paid calls in flight, by content and effective settings, so a second input with the same key waits for the
/// first one's result instead of paying again (duplicates in a batch, the same file landing twice in a watch).
actor ReuseBoard {
    enum Turn: Sendable {
        /// Nobody else is sending this key: send it.
        case send
        /// Another input paid for this key in this session: copy its result.
        case copy(ManifestItem)
    }

    private var inFlight: [ContentKey: [CheckedContinuation<Void, Never>]] = [:]
    private var paid: [ContentKey: ManifestItem] = [:]

    /// Waits while another input sends `key`; then either this one sends it or copies the paid result.
    func turn(for key: ContentKey) async -> Turn {
        while true {
            if let row = paid[key] { return .copy(row) }
            if inFlight[key] == nil {
                inFlight[key] = []
                return .send
            }
            await withCheckedContinuation { continuation in inFlight[key, default: []].append(continuation) }
        }
    }

    /// The sender of `key` finished: a paid row (succeeded, with its output's hash) serves the others; otherwise
    /// the next waiter sends.
    func finished(_ key: ContentKey, row: ManifestItem?) {
        if let row, row.status == .succeeded || row.status == .reused, row.outputSHA256 != nil {
            paid[key] = row
        }
        let waiters = inFlight.removeValue(forKey: key) ?? []
        for waiter in waiters { waiter.resume() }
    }

    /// Forgets a paid row whose output turned out not to be intact.
    func forget(_ key: ContentKey) {
        paid[key] = nil
    }
}
