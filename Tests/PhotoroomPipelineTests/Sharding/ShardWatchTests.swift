import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// `watch --shard K/N`: two watches over one tree and one OUT_DIR each take only their part of the files.
@Suite struct ShardWatchTests {
    static let key = "shard-watch-test-key-0001"

    func service(_ running: RunningEmulator, input: URL, output: URL, part: ShardSpec, control: RunControl)
        -> WatchService
    {
        let client = PhotoroomClient(
            configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!, editTimeout: .seconds(120)))
        let options = scanningRunOptions(input: input, output: output, shard: part)
        var watch = WatchOptions(settle: .milliseconds(300))
        watch.shard = part
        let runner = BatchRunner(
            options: options, client: client, inspector: WatchDecodingInspector(), control: control)
        return WatchService(runner: runner, watch: watch)
    }

    @Test func twoWatchesTakeEachFileOnce() async throws {
        try await withRunDirectories { input, output in
            for index in 0..<2 {
                try watchWrite(input.appendingPathComponent("old-\(index).png").path, try watchPNG(UInt8(index)))
            }
            let parts = try [ShardSpec(parsing: "1/2"), ShardSpec(parsing: "2/2")]
            let configuration = EmulatorConfiguration(port: 0, plan: .basic, credits: 1000, apiKey: Self.key)
            try await Emulator.withEmulator(configuration) { running in
                let barriers = parts.map { part in
                    (0..<100).map { "zz-barrier-\($0).png" }.first { part.contains(relativePath: $0) }!
                }
                let controls = [RunControl(), RunControl()]
                let services = (0..<2).map {
                    service(running, input: input, output: output, part: parts[$0], control: controls[$0])
                }
                let outcomes = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    for service in services { group.addTask { await service.watchUntilStopped() } }
                    #expect(await watchEventually { await running.state().successfulEdits == 2 })
                    for index in 0..<8 {
                        try watchWrite(
                            input.appendingPathComponent("new-\(index).png").path, try watchPNG(UInt8(10 + index)))
                    }
                    #expect(await watchEventually { await running.state().successfulEdits == 10 })
                    // One file per part, written last: each watch bills its own only after everything before it has
                    // settled and been dispatched, so a file taken by both would be billed (or in flight) by then.
                    for (index, name) in barriers.enumerated() {
                        try watchWrite(input.appendingPathComponent(name).path, try watchPNG(UInt8(40 + index)))
                    }
                    #expect(await watchEventually { await running.state().successfulEdits == 12 })
                    for control in controls { await control.requestGracefulStop() }
                    var outcomes: [RunOutcome] = []
                    for try await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                #expect(outcomes.allSatisfy { $0.exitCode == 0 })
                var seen: [String] = []
                var flagged = 0
                for part in parts {
                    let url = ManifestFiles(outputDirectory: output, shard: part).manifest
                    let manifest = try ManifestWriter.read(from: url)
                    for item in manifest.items {
                        #expect(part.contains(relativePath: item.inputPath), "\(item.inputPath) in \(part)")
                        seen.append(item.inputPath)
                        if item.possiblyBilledTwice { flagged += 1 }
                    }
                }
                // One call per file; a call whose answer never came (a starved machine) is sent again and flagged.
                #expect(await running.state().successfulEdits == 12 + flagged, "no file taken by both watches")
                #expect(
                    seen.sorted()
                        == ((0..<2).map { "old-\($0).png" } + (0..<8).map { "new-\($0).png" } + barriers).sorted())
            }
        }
    }
}
