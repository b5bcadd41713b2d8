import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import Testing

@testable import DirectoryWatching
@testable import PhotoroomPipeline

/// Measures watch latency: from a file's last write to its result in OUT_DIR, through the real client and
/// the in-process emulator with no added latency. It prints figures and asserts nothing about time.
///
/// Disabled unless `WATCH_LATENCY_BENCH=1`; `benchmarks/watch-latency.sh` runs it.
@Suite("Watch latency benchmark", .enabled(if: ProcessInfo.processInfo.environment["WATCH_LATENCY_BENCH"] == "1"))
struct WatchLatencyBenchmark {
    static let key = "watch-bench-key-0001"

    static var files: Int { Int(ProcessInfo.processInfo.environment["WATCH_LATENCY_FILES"] ?? "") ?? 10 }

    @Test("latency from last write to result", arguments: ["inotify", "polling"])
    func latency(backend: String) async throws {
        let settleSeconds = Double(ProcessInfo.processInfo.environment["WATCH_LATENCY_SETTLE"] ?? "") ?? 2
        let pollSeconds = 1.0
        try await withRunDirectories { input, output in
            let configuration = EmulatorConfiguration(port: 0, plan: .plus, credits: 10_000, apiKey: Self.key)
            try await Emulator.withEmulator(configuration) { running in
                let client = PhotoroomClient(
                    configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!, editTimeout: .seconds(20))
                )
                let control = RunControl()
                let runner = BatchRunner(
                    options: scanningRunOptions(input: input, output: output), client: client,
                    inspector: WatchDecodingInspector(), control: control)
                let watch = WatchOptions(
                    settle: .seconds(settleSeconds), pollInterval: backend == "polling" ? .seconds(pollSeconds) : nil)
                let service = WatchService(runner: runner, watch: watch)
                var latencies: [Double] = []
                try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    try await Task.sleep(for: .milliseconds(500))
                    for index in 0..<Self.files {
                        let name = "bench-\(index).png"
                        let path = input.appendingPathComponent(name).path
                        // Written in two chunks 100 ms apart; the clock starts at the last write.
                        let bytes = try watchPNG(UInt8(index))
                        try watchWrite(path, Array(bytes.prefix(bytes.count / 2)))
                        try await Task.sleep(for: .milliseconds(100))
                        try watchAppend(path, Array(bytes.dropFirst(bytes.count / 2)))
                        let lastWrite = ContinuousClock.now
                        let result = output.appendingPathComponent(name).path
                        let appeared = await watchEventually(timeout: .seconds(30)) {
                            FileManager.default.fileExists(atPath: result)
                        }
                        guard appeared else {
                            Issue.record("no result for \(name)")
                            break
                        }
                        let elapsed = ContinuousClock.now - lastWrite
                        latencies.append(
                            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    }
                    await control.requestGracefulStop()
                    _ = try await group.next()
                }
                let sorted = latencies.sorted()
                guard !sorted.isEmpty else { return }
                let median = sorted[sorted.count / 2]
                func format(_ value: Double) -> String { String(format: "%.3f", value) }
                print(
                    "watch-latency: backend=\(backend) settle=\(format(settleSeconds)) "
                        + (backend == "polling" ? "poll=\(format(pollSeconds)) " : "")
                        + "files=\(sorted.count) min=\(format(sorted[0])) median=\(format(median)) "
                        + "max=\(format(sorted[sorted.count - 1])) over-settle-max=\(format(sorted[sorted.count - 1] - settleSeconds))"
                )
            }
        }
    }
}
