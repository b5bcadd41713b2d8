import Foundation

/// Which input owns each output path in this run or watch (an ``OutputClaimTable`` behind a lock): outputs that
/// differ only by case, Unicode normalisation (`Cat.png`, `cat.png`) or extension (`cat.jpg`, `cat.png` →
/// `cat.png`) clash on any disk, so do a file and a folder of the same name, and a name longer than OUT_DIR's file
/// system allows fails at preflight.
///
/// The first claim wins, and an output an earlier run paid for stays with the input that paid for it. `run` and
/// `watch` settle clashes through this one type.
final class OutputClaims: @unchecked Sendable {
    private let lock = NSLock()
    private var table: OutputClaimTable

    /// Claims checked against the name limits of `outputDirectory`'s file system (none when `nil`).
    init(outputDirectory: URL? = nil) {
        table = OutputClaimTable(limits: outputDirectory.map(OutputNameLimits.of) ?? .unlimited)
    }

    /// Claims `outputPath` for `inputPath`; returns why it cannot be, or `nil` when the claim holds.
    func claim(_ outputPath: String, for inputPath: String) -> OutputClash? {
        lock.lock()
        defer { lock.unlock() }
        return table.claim(outputPath, for: inputPath)
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
