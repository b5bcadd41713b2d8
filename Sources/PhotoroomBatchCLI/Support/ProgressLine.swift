import Foundation
import Synchronization

/// A single self-rewriting progress line on a terminal's standard error; silent in pipes and logs.
final class ProgressLine: Sendable {
    private let context: CommandContext
    private let label: String
    private let state = Mutex<(lastDraw: ContinuousClock.Instant?, drawn: Bool)>((nil, false))

    init(context: CommandContext, label: String) {
        self.context = context
        self.label = label
    }

    /// Redraws at most ten times a second, and only for folders large enough to wait on.
    func update(done: Int, total: Int) {
        guard context.standardErrorIsTerminal, total >= 50 else { return }
        let now = ContinuousClock.now
        let shouldDraw = state.withLock { state -> Bool in
            if let last = state.lastDraw, now - last < .milliseconds(100), done < total { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard shouldDraw else { return }
        let percent = total == 0 ? 100 : done * 100 / total
        context.standardError("\r\u{1B}[2K\(label) \(done)/\(total) (\(percent)%)")
    }

    /// Clears the line.
    func finish() {
        let drawn = state.withLock { $0.drawn }
        if drawn { context.standardError("\r\u{1B}[2K") }
    }
}
