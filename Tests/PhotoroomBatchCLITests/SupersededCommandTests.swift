import Foundation
import PhotoroomPipeline
import Testing

/// `--keep-superseded-mb`: one name holding content X, then Y, then X again pays for X once by default; with the
/// store turned off (0) X is paid twice; a negative size is a usage error.
@Suite struct SupersededCommandTests {
    /// Runs X, Y, X under the name `cat.jpg` with `extra` flags; returns the images each run charged.
    func chargesForXYX(_ extra: [String]) async throws -> [Decimal] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prb-superseded-\(UUID().uuidString)")
        let input = root.appendingPathComponent("in")
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var charges: [Decimal] = []
        for sample in ["bottle-blue.jpg", "sneaker-red.jpg", "bottle-blue.jpg"] {
            let name = input.appendingPathComponent("cat.jpg")
            try? FileManager.default.removeItem(at: name)
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: samplesFolder).appendingPathComponent(sample), to: name)
            let result = await runCommand(
                ["run", input.path, "--out", output.path, "--emulator", "--progress", "none"] + extra)
            #expect(result.exitCode == 0, "\(result.standardError)")
            let manifest = try ManifestWriter.read(from: output.appendingPathComponent("manifest.json"))
            charges.append(manifest.totals.imagesCharged)
        }
        return charges
    }

    @Test func aContentThatComesBackIsNotPaidTwice() async throws {
        #expect(try await chargesForXYX([]) == [5, 5, 0])
        // Positive control: without the store, the same sequence pays for X again.
        #expect(try await chargesForXYX(["--keep-superseded-mb", "0"]) == [5, 5, 5])
    }

    @Test func aNegativeSizeIsAUsageError() async throws {
        let result = await runCommand(["run", samplesFolder, "--out", "/tmp/unused", "--keep-superseded-mb=-1"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("--keep-superseded-mb"))
    }
}
