import Foundation
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPipeline
import Testing

/// Issue 17, identity from the bytes sent: an input that changed between preflight and its call is a new item,
/// decided again for its new content before anything is reused or paid for, and never filed under its old hash.
@Suite struct IdentityFromBytesSentTests {
    typealias Support = RunEmulatorSupport

    static func sha(_ data: Data, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("hash-\(UUID().uuidString).png")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try FileDigest.sha256(ofFileAt: file).hex
    }

    @Test func aTwinRewrittenBeforeItsCallNeitherServesNorTakesTheOtherContent() async throws {
        try await withRunDirectories { input, output in
            let original = try Support.png(seed: 1)
            let changed = try Support.png(seed: 2)
            try original.write(to: input.appendingPathComponent("a.png"))
            try original.write(to: input.appendingPathComponent("b.png"))
            let rewriter = RewriteAfterPreflight(file: input.appendingPathComponent("a.png"), bytes: changed)
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let options = testRunOptions(input: input, output: output, concurrency: 1)
                let outcome = await Support.run(options, running, reporter: rewriter)
                #expect(outcome.exitCode == 0)
                #expect(await running.state().successfulEdits == 2, "one call per content actually sent")
                let rows = Dictionary(
                    uniqueKeysWithValues: try readRunManifest(output).items.map { ($0.inputPath, $0) })
                let a = try #require(rows["a.png"])
                let b = try #require(rows["b.png"])
                #expect(a.sha256 == (try Self.sha(changed, in: output.deletingLastPathComponent())))
                #expect(b.sha256 == (try Self.sha(original, in: output.deletingLastPathComponent())))
                #expect(a.note?.contains("changed since preflight") == true)
                #expect(b.status == .succeeded && b.reusedFrom == nil, "b was not served a.png's new image")
                #expect(a.status == .succeeded && a.reusedFrom == nil, "a was not served b.png's old image")
                let aOutput = try Data(contentsOf: output.appendingPathComponent("a.png"))
                let bOutput = try Data(contentsOf: output.appendingPathComponent("b.png"))
                #expect(aOutput != bOutput)

                // The next run keeps both as they are: nothing is sent, nothing is replaced.
                let again = await Support.run(options, running)
                #expect(again.exitCode == 0)
                #expect(await running.state().successfulEdits == 2)
                #expect(try Data(contentsOf: output.appendingPathComponent("b.png")) == bOutput)
                #expect(try readRunManifest(output).items.allSatisfy { $0.status == .skipped })
            }
        }
    }

    @Test func anInputRewrittenToContentPaidInAnEarlierRunReusesThatResult() async throws {
        try await withRunDirectories { input, output in
            let paid = try Support.png(seed: 7)
            try paid.write(to: input.appendingPathComponent("c.png"))
            try await Emulator.withEmulator(Support.emulator(credits: 1000)) { running in
                let options = testRunOptions(input: input, output: output, concurrency: 1)
                _ = await Support.run(options, running)
                #expect(await running.state().successfulEdits == 1)

                // a.png appears with new content; before its call it becomes c.png's content, paid already.
                try Support.png(seed: 8).write(to: input.appendingPathComponent("a.png"))
                let rewriter = RewriteAfterPreflight(file: input.appendingPathComponent("a.png"), bytes: paid)
                let outcome = await Support.run(
                    testRunOptions(input: input, output: output, concurrency: 1), running, reporter: rewriter)
                #expect(outcome.exitCode == 0)
                #expect(await running.state().successfulEdits == 1, "its new content was paid for: not paid again")
                let row = try #require(try readRunManifest(output).items.first { $0.inputPath == "a.png" })
                #expect(row.status == .reused)
                #expect(row.reusedFrom == "c.png")
                #expect(
                    try Data(contentsOf: output.appendingPathComponent("a.png"))
                        == Data(contentsOf: output.appendingPathComponent("c.png")))
            }
        }
    }

    @Test func aSegmentInputResizedBeforeItsCallIsCheckedAgainstTheBytesSent() async throws {
        try await withRunDirectories { input, output in
            try Support.png(seed: 5).write(to: input.appendingPathComponent("a.png"))
            var resized = RGBAImage(width: 30, height: 20, fill: (255, 255, 255, 255))
            for offset in stride(from: 0, to: resized.pixels.count / 2, by: 4) { resized.pixels[offset] = 10 }
            let rewriter = RewriteAfterPreflight(
                file: input.appendingPathComponent("a.png"), bytes: Data(try ImageCodec.encodePNG(resized)))
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                var options = testRunOptions(input: input, output: output, edit: RouteEmulatorTests.sampleRecipe)
                options.route = .segment
                let outcome = await Support.run(options, running, reporter: rewriter)
                let row = try #require(try readRunManifest(output).items.first)
                #expect(row.errorCode == nil, "\(row.errorMessage ?? "")")
                #expect(row.status == .succeeded)
                #expect(row.width == 30 && row.height == 20)
                #expect(outcome.exitCode == 0)
                #expect(await running.state().callsPerEndpoint["POST /v1/segment"] == 1)
            }
        }
    }
}
