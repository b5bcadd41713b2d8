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
