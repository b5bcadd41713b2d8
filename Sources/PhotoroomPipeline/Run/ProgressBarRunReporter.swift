import Foundation

/// A live progress bar for terminals:
/// `[#####.....] 25/2028 3.1/s ETA 10m42s 125 images 1 failed (limit 10.0/s learned, 4 × 429)`.
///
/// The bar is redrawn in place at most ten times a second; failures and notices are printed as lines above it.
public actor ProgressBarRunReporter: RunEventSink {
    private let write: RunTextWriter
    private let width: Int
    private var total = 0
    private var done = 0
    private var failed = 0
    private var images: Decimal = 0
    private var started: ContinuousClock.Instant?
    private var lastDraw: ContinuousClock.Instant?
    private var barShown = false
    /// The pacer's words (`limit 10.0/s learned, 4 × 429`), once there is something to say.
    private var pacing: String?
    private var pacingThrottles = 0

    /// - Parameter width: the number of cells of the bar itself.
    public init(write: @escaping RunTextWriter, width: Int = 30) {
        self.write = write
        self.width = max(10, width)
    }

    public func handle(_ event: RunEvent) async {
        switch event {
        case .scanProblem(let problem):
            write(RunSummary.scanProblemLine(problem))
        case .preflightStarted(let inputs):
            write("checking \(inputs) inputs…\n")
        case .preflightFinished(let preflight):
            total = preflight.toDo + preflight.reused
            started = ContinuousClock.now
            write(RunSummary.preflightLine(preflight) + "\n")
            draw(force: true)
        case .itemFinished(let index, let total, let item):
            self.total = total
            done = index
            images += item.imagesCharged
            if item.status == .failed {
                failed += 1
                above(RunSummary.itemLine(index: index, total: total, item: item))
            }
            draw(force: index == total)
        case .retrying:
            break
        case .pacing(let snapshot):
            // Workers report concurrently: an older snapshot (fewer 429s) arriving late is not shown.
            guard snapshot.throttledCalls >= pacingThrottles else { break }
            pacingThrottles = snapshot.throttledCalls
            pacing = snapshot.progressText
            draw(force: false)
        case .stopping(let reason):
            above("stopping: \(reason)")
        case .finished(let outcome):
            if barShown {
                draw(force: true)
                write("\n")
                barShown = false
            }
            write(RunSummary.text(outcome))
        }
    }

    /// The bar's text for the current counts (without the carriage return).
    public func line() -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        var text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        text += " \(done)/\(total)"
        let elapsed = started.map { (ContinuousClock.now - $0).seconds } ?? 0
        if done > 0, elapsed > 0 {
            let rate = Double(done) / elapsed
            text += String(format: " %.1f/s", rate)
            let remaining = Double(total - done) / rate
            text += " ETA " + Self.duration(remaining)
        }
        text += " \(RunSummary.fmt(images)) images"
        if failed > 0 { text += " \(failed) failed" }
        if let pacing { text += " (\(pacing))" }
        return text
    }

    private func draw(force: Bool) {
        let now = ContinuousClock.now
        if !force, let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        write("\r\u{1B}[2K" + line())
        barShown = true
    }

    private func above(_ text: String) {
        if barShown { write("\r\u{1B}[2K") }
        write(text + "\n")
        if barShown { draw(force: true) }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", (total % 3600) / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
