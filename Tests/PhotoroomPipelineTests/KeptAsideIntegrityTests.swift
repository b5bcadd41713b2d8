import Foundation
import PhotoroomEmulator
import Testing

@testable import PhotoroomPipeline

/// Money rule 2 for a result a `--strict` run paid for and kept aside: its row records the kept file's SHA-256,
/// the journal replay (scanner and `JSONDecoder` alike) carries it, and a later run without `--strict` delivers the
/// file only when it still matches: a file damaged on disk in between fails the item, and nothing is paid again.
@Suite struct KeptAsideIntegrityTests {
    typealias Support = RunEmulatorSupport

    @Test func aKeptAsideResultDamagedOnDiskIsNotDeliveredNorPaidAgain() async throws {
        try await withRunDirectories { input, output in
            try Support.makeImages(in: input, valid: 2)
            try await Emulator.withEmulator(Support.emulator(credits: 100)) { running in
                var options = ResultRulesTests.strictOptions(input: input, output: output)
                #expect(await Support.run(options, running).exitCode == 1)
                #expect(await running.state().successfulEdits == 2)

                // The kept-aside rows record each kept file's hash, and both replay paths read it back.
                let files = ManifestFiles(outputDirectory: output)
                let strictRows = try readRunManifest(output).items
                #expect(strictRows.count == 2)
                let journal = try Data(contentsOf: files.journal)
                let fast = ResumeIndex.replay(data: journal, fastPath: true)
                let slow = ResumeIndex.replay(data: journal, fastPath: false)
                #expect(fast.billedUndelivered == slow.billedUndelivered)
                for row in strictRows {
                    let aside = files.rejectedResult(forOutput: try #require(row.outputPath))
                    let recorded = try #require(row.outputSHA256, "the kept file's hash is recorded")
                    #expect(recorded == (try FileDigest.sha256(ofFileAt: aside)).hex)
                    let key = ContentKey(sha256: try #require(row.sha256), settingsHash: row.settingsHash)
                    #expect(fast.billedWithoutResult(for: key)?.outputSHA256 == recorded)
                }

                // Between the runs, one kept file is damaged on disk (cut short), the other stays intact.
                let damaged = try #require(strictRows.first)
                let damagedAside = files.rejectedResult(forOutput: try #require(damaged.outputPath))
                let bytes = try Data(contentsOf: damagedAside)
                try bytes.prefix(bytes.count / 2).write(to: damagedAside)

                options.strict = false
                let relaxed = await Support.run(options, running)
                #expect(relaxed.exitCode == 1)
                #expect(await running.state().successfulEdits == 2, "nothing is paid again")
                let manifest = try readRunManifest(output)
                #expect(manifest.totals.imagesCharged == 0)
                let row = try #require(manifest.items.first { $0.inputPath == damaged.inputPath })
                #expect(row.status == .failed)
                #expect(row.errorMessage?.contains(damagedAside.path) == true, "\(row.errorMessage ?? "-")")
                #expect(row.errorMessage?.contains("no longer matches the SHA-256 recorded") == true)
                #expect(row.errorMessage?.contains("not sent again") == true)
                let delivered = output.appendingPathComponent(try #require(row.outputPath))
                #expect(!FileManager.default.fileExists(atPath: delivered.path), "the damaged file is not delivered")
                let intact = try #require(manifest.items.first { $0.inputPath != damaged.inputPath })
                #expect(intact.status == .reused)
            }
        }
    }
}
