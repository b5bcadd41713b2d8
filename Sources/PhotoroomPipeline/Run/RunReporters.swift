import Foundation

/// Writes text somewhere (standard error, standard output, a log); the reporters never `print`.
public typealias RunTextWriter = @Sendable (String) -> Void

/// `--progress auto|bar|lines|none`.
public enum RunProgressStyle: String, Sendable, CaseIterable, Codable {
    /// A bar on a terminal, lines otherwise.
    case auto
    /// A live progress bar (done/total, rate, ETA, images spent).
    case bar
    /// One line per item, for logs and CI.
    case lines
    /// Nothing while running (the end summary only).
    case none

    /// `auto` resolved for where the output goes.
    public func resolved(isTerminal: Bool) -> RunProgressStyle {
        self == .auto ? (isTerminal ? .bar : .lines) : self
    }
}

/// Builds the reporter a `run` command asks for.
public enum RunReporters {
    /// The sink for a style: progress and the end summary go to `standardError`; with `json`, NDJSON events go to
    /// `standardOutput` too.
    public static func make(
        style: RunProgressStyle,
        json: Bool,
        isTerminal: Bool,
        standardOutput: @escaping RunTextWriter,
        standardError: @escaping RunTextWriter
    ) -> any RunEventSink {
        var sinks: [any RunEventSink] = []
        if json { sinks.append(NDJSONRunReporter(write: standardOutput)) }
        switch style.resolved(isTerminal: isTerminal) {
        case .bar: sinks.append(ProgressBarRunReporter(write: standardError))
        case .lines, .auto: sinks.append(LineRunReporter(write: standardError))
        case .none: sinks.append(SummaryOnlyRunReporter(write: standardError))
        }
        return sinks.count == 1 ? sinks[0] : CombinedRunEventSink(sinks)
    }
}

/// Hands each event to several sinks in turn.
public struct CombinedRunEventSink: RunEventSink {
    let sinks: [any RunEventSink]
    public init(_ sinks: [any RunEventSink]) { self.sinks = sinks }
    public func handle(_ event: RunEvent) async {
        for sink in sinks { await sink.handle(event) }
    }
}

/// One line per item (`[25/2028] shoes/a.jpg ok 1.2s`), the preflight line, retries, and the end summary.
public actor LineRunReporter: RunEventSink {
    private let write: RunTextWriter
    /// Whether retries get a line each.
    private let showRetries: Bool

    public init(write: @escaping RunTextWriter, showRetries: Bool = true) {
        self.write = write
        self.showRetries = showRetries
    }

    public func handle(_ event: RunEvent) async {
        switch event {
        case .scanProblem(let problem):
            write(RunSummary.scanProblemLine(problem))
        case .preflightStarted(let inputs):
            write("checking \(inputs) inputs…\n")
        case .preflightFinished(let preflight):
            write(RunSummary.preflightLine(preflight) + "\n")
        case .itemFinished(let index, let total, let item):
            write(RunSummary.itemLine(index: index, total: total, item: item) + "\n")
        case .retrying(let path, let attempt, let delay, let reason):
            if showRetries {
                write("retry \(path) after attempt \(attempt) in \(String(format: "%.1fs", delay)): \(reason)\n")
            }
        case .pacing(let snapshot):
            if showRetries, let text = snapshot.progressText { write("pacing: \(text)\n") }
        case .stopping(let reason):
            write("stopping: \(reason)\n")
        case .finished(let outcome):
            write(RunSummary.text(outcome))
        }
    }
}

/// Nothing while running; the end summary at the end.
public struct SummaryOnlyRunReporter: RunEventSink {
    private let write: RunTextWriter
    public init(write: @escaping RunTextWriter) { self.write = write }
    public func handle(_ event: RunEvent) async {
        switch event {
        case .scanProblem(let problem): write(RunSummary.scanProblemLine(problem))
        case .finished(let outcome): write(RunSummary.text(outcome))
        default: break
        }
    }
}
