import Foundation

/// `--json`: one JSON object per line and per event, sorted keys, with an `event` field:
/// `scan-problem`, `preflight-started`, `preflight`, `item`, `retry`, `stopping`, `finished`.
///
/// ```json
/// {"event":"item","index":1,"total":3,"item":{"inputPath":"a.jpg","status":"succeeded",…}}
/// {"event":"finished","exitCode":0,"outcome":{"ending":"completed",…}}
/// ```
public actor NDJSONRunReporter: RunEventSink {
    private let write: RunTextWriter
    private let encoder: JSONEncoder

    public init(write: @escaping RunTextWriter) {
        self.write = write
        self.encoder = ManifestWriter.makeEncoder(pretty: false)
    }

    public func handle(_ event: RunEvent) async {
        switch event {
        case .scanProblem(let problem):
            emit(ScanProblemEvent(path: problem.path, reason: problem.reason))
        case .preflightStarted(let inputs):
            emit(PreflightStarted(inputs: inputs))
        case .preflightFinished(let preflight):
            emit(Preflight(preflight: preflight))
        case .itemFinished(let index, let total, let item):
            emit(Item(index: index, total: total, item: item))
        case .retrying(let path, let attempt, let delay, let reason):
            emit(Retry(path: path, attempt: attempt, delaySeconds: delay, reason: reason))
        case .pacing(let snapshot):
            emit(Pacing(pacing: snapshot))
        case .stopping(let reason):
            emit(Stopping(reason: reason))
        case .finished(let outcome):
            emit(Finished(exitCode: outcome.exitCode, outcome: outcome))
        }
    }

    private func emit(_ value: some Encodable) {
        guard let data = try? encoder.encode(value) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private struct Pacing: Encodable {
        let event = "pacing"
        let pacing: PacingSnapshot
    }
    private struct ScanProblemEvent: Encodable {
        let event = "scan-problem"
        let path: String
        let reason: String
    }
    private struct PreflightStarted: Encodable {
        let event = "preflight-started"
        let inputs: Int
    }
    private struct Preflight: Encodable {
        let event = "preflight"
        let preflight: RunPreflight
    }
    private struct Item: Encodable {
        let event = "item"
        let index: Int
        let total: Int
        let item: ManifestItem
    }
    private struct Retry: Encodable {
        let event = "retry"
        let path: String
        let attempt: Int
        let delaySeconds: Double
        let reason: String
    }
    private struct Stopping: Encodable {
        let event = "stopping"
        let reason: String
    }
    private struct Finished: Encodable {
        let event = "finished"
        let exitCode: Int32
        let outcome: RunOutcome
    }
}
