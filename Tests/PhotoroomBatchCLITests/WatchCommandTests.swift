import Foundation
import Testing

/// `watch` through the command line: the ways it ends by itself carry their own exit codes.
@Suite struct WatchCommandTests {
    @Test func outputInsideTheWatchedFolderIsAUsageError() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prb-watch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await runCommand([
            "watch", root.path, "--out", root.appendingPathComponent("out").path, "--emulator",
        ])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("inside"))
    }

    @Test func lowBalanceWithStopExitsThreeBeforeSending() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prb-watch-cli-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = await runCommand([
            "watch", samplesFolder, "--out", out.path, "--emulator", "--emulator-credits", "10", "--on-low-balance",
            "stop",
        ])
        #expect(result.exitCode == 3)
        #expect(result.standardError.contains("short by 35"))
    }

    @Test func missingFolderIsAUsageError() async {
        let result = await runCommand(["watch", "/nonexistent/watched", "--out", "/tmp/prb-unused-out", "--emulator"])
        #expect(result.exitCode == 64)
    }
}
