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
