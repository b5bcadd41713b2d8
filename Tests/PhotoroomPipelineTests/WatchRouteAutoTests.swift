import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPricing
import Testing

@testable import PhotoroomPipeline

/// `watch --route auto` against the emulator: a file present at the start (PNG) and one dropped into the watched
/// folder (HEIC) go to `/v1/segment` only, and their outputs are the recipe's finished 1000 × 1000 JPEGs on white.
@Suite struct WatchRouteAutoTests {
    @Test func droppedFilesAreSegmentedAndFinishedLocally() async throws {
        try await withRunDirectories { input, output in
            let configuration = RunEmulatorSupport.emulator(plan: .basic, credits: 100)
            try await Emulator.withEmulator(configuration) { running in
                let control = RunControl()
                // One file before the watch starts (its initial scan), one dropped while it watches.
                try RunEmulatorSupport.png(seed: 7).write(to: input.appendingPathComponent("box.png"))
                let options = RouteEmulatorTests.options(input, output, route: .auto)
                let runner = BatchRunner(
                    options: options, client: RunEmulatorSupport.client(running), inspector: ImageValidatorInspector(),
                    control: control)
                let service = WatchService(runner: runner, watch: WatchOptions(settle: .milliseconds(300)))
                let segments = { await running.state().successfulSegments }
                let outcome = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
                    group.addTask { await service.watchUntilStopped() }
                    // The initial file is done once the watcher runs (it starts before the initial items).
                    let initialSent = await watchEventually { await segments() == 1 }
                    #expect(initialSent)
                    try FileManager.default.createDirectory(
                        at: input.appendingPathComponent("drop"), withIntermediateDirectories: true)
                    try FileManager.default.copyItem(
                        at: HEICRouteTests.heicFixture, to: input.appendingPathComponent("drop/mug-orange.heic"))
                    let bothSent = await watchEventually { await segments() == 2 }
                    #expect(bothSent)
                    let finished = await watchEventually {
                        ["box.jpg", "drop/mug-orange.jpg"].allSatisfy {
                            FileManager.default.fileExists(atPath: output.appendingPathComponent($0).path)
                        }
                    }
                    #expect(finished)
                    await control.requestGracefulStop()
                    return try await group.next()!
                }
                #expect(outcome.exitCode == 0, "\(outcome.message ?? "")")
                let state = await running.state()
                #expect(RouteEmulatorTests.postCalls(state) == ["POST /v1/segment": 2], "no /v2/edit call")
                #expect(state.chargedTotal == 2)
                let manifest = try readRunManifest(output)
                let made = manifest.items.filter { $0.status == .succeeded }
                #expect(made.map(\.inputPath).sorted() == ["box.png", "drop/mug-orange.heic"])
                for item in made {
                    #expect(item.route == "segment")
                    let path = try #require(item.outputPath)
                    let bytes = [UInt8](try Data(contentsOf: output.appendingPathComponent(path)))
                    #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]), "a JPEG: \(path)")
                    let image = try ImageCodec.decode(bytes)
                    #expect((image.width, image.height) == (1000, 1000))
                    RouteEmulatorTests.expectSubjectInsidePadding(image, padding: 100, name: item.inputPath)
                }
            }
        }
    }
}
