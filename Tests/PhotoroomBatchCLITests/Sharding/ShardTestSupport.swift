import Foundation
import PhotoroomEmulator
import PhotoroomPipeline

/// Helpers for the sharding tests: folders, manifests, and an emulator shared by several parts.
enum ShardTestSupport {
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prb-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func manifest(at url: URL) throws -> RunManifest {
        try ManifestWriter.read(from: url)
    }

    /// The environment that points the command line at `running` with `key`.
    static func environment(_ running: RunningEmulator, key: String) -> [String: String] {
        ["PHOTOROOM_API_KEY": key, "PHOTOROOM_API_BASE": running.baseURL]
    }

    /// Runs `body` against a fresh emulator on an ephemeral port (Basic plan, 5 images per edit).
    static func withEmulator<T: Sendable>(
        credits: Decimal = 10_000,
        _ body: @Sendable (RunningEmulator, [String: String]) async throws -> T
    ) async throws -> T {
        let key = "shard_test_key_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await Emulator.withEmulator(
            EmulatorConfiguration(port: 0, plan: .basic, credits: credits, apiKey: key)
        ) { running in
            try await body(running, environment(running, key: key))
        }
    }

    /// Copies every file under `source` into `destination`, creating folders, and refuses to overwrite a file
    /// (as `actions/download-artifact` with `merge-multiple` would silently do): parts must never collide.
    static func copyTree(_ source: URL, into destination: URL) throws -> [String] {
        var collisions: [String] = []
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: source.path) else { return collisions }
        while let relative = walker.nextObject() as? String {
            let from = source.appendingPathComponent(relative)
            let to = destination.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: from.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try manager.createDirectory(at: to, withIntermediateDirectories: true)
            } else if manager.fileExists(atPath: to.path) {
                collisions.append(relative)
            } else {
                try manager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.copyItem(at: from, to: to)
            }
        }
        return collisions
    }
}
