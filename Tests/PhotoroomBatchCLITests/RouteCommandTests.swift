import Foundation
import PhotoroomImaging
import PhotoroomPipeline
import Testing

/// `--route` through the command line: the README's sample recipe on `auto`, configuration errors, estimates.
@Suite struct RouteCommandTests {
    static let repository = URL(fileURLWithPath: samplesFolder).deletingLastPathComponent()
    static let committedConfiguration = repository.appendingPathComponent("pipeline.json").path

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prb-route-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The POST lines of the emulator's request log: (path, images charged).
    static func posts(in log: URL) throws -> [(path: String, charged: Decimal)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard object?["method"] as? String == "POST", let path = object?["path"] as? String else { return nil }
            let charged = (object?["charged"] as? NSNumber)?.decimalValue ?? 0
            return (path, charged)
        }
    }

    @Test func theSampleRecipeOnAutoSendsOnlySegmentCallsAndARerunSendsNothing() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let log = folder.appendingPathComponent("requests.jsonl")
        let arguments = [
            "run", samplesFolder, "--out", out.path, "--emulator", "--route", "auto", "--config",
            Self.committedConfiguration, "--emulator-request-log", log.path, "--progress", "none",
        ]
        let first = await runCommand(arguments)
        #expect(first.exitCode == 1, "Samples/invalid holds broken files on purpose")
        let posts = try Self.posts(in: log)
        let manifest = try ManifestWriter.read(from: out.appendingPathComponent("manifest.json"))
        #expect(manifest.totals.succeeded == 9)
        #expect(posts.count == 9)
        #expect(posts.allSatisfy { $0.path == "/v1/segment" && $0.charged == 1 }, "only /v1/segment, 1 image each")
        #expect(manifest.totals.imagesCharged == 9)
        #expect(manifest.totals.imagesSavedByRoute == 36)
        for item in manifest.items where item.status == .succeeded {
            #expect(item.route == "segment")
            let output = try #require(item.outputPath)
            let bytes = [UInt8](try Data(contentsOf: out.appendingPathComponent(output)))
            #expect(ImageFormat.sniff(bytes) == .jpeg)
            let image = try ImageCodec.decode(bytes)
            #expect(image.width == 1000 && image.height == 1000)
            let corner = Array(image.pixels[0..<3])
            #expect(corner.allSatisfy { $0 >= 250 }, "white background")
        }

        let second = await runCommand(arguments)
        #expect(second.exitCode == 1)
        #expect(try Self.posts(in: log).count == 9, "a re-run sends nothing")
    }

    @Test func segmentWithASettingOnlyEditRendersIsAUsageErrorNamingIt() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("pipeline.json")
        try #"{"edit": {"removeBackground": true, "shadow.mode": "ai.soft"}}"#.write(
            to: config, atomically: true, encoding: .utf8)
        let result = await runCommand([
            "run", samplesFolder, "--out", folder.appendingPathComponent("out").path, "--emulator", "--route",
            "segment", "--config", config.path,
        ])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("edit.shadow.mode"))

        try #"{"route": "segment", "edit": {"shadow.mode": "ai.soft"}}"#.write(
            to: config, atomically: true, encoding: .utf8)
        let fromFile = await runCommand(["estimate", samplesFolder, "--config", config.path, "--plan", "basic"])
        #expect(fromFile.exitCode == 64)
        #expect(fromFile.standardError.contains(config.path))
        #expect(fromFile.standardError.contains("route"))
        #expect(fromFile.standardError.contains("shadow.mode"))

        try #"{"route": "sideways"}"#.write(to: config, atomically: true, encoding: .utf8)
        let unknown = await runCommand(["estimate", samplesFolder, "--config", config.path, "--plan", "basic"])
        #expect(unknown.exitCode == 64)
        #expect(unknown.standardError.contains("edit|segment|auto"))
    }

    @Test func estimateShowsBothRoutesAndTheSaving() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for seed in 0..<8 {
            var image = RGBAImage(width: 80, height: 80, fill: (255, 255, 255, 255))
            for offset in stride(from: 0, to: 80 * 40 * 4, by: 4) { image.pixels[offset] = UInt8(seed * 30) }
            try Data(try ImageCodec.encodePNG(image)).write(to: input.appendingPathComponent("p\(seed).png"))
        }
        let base = ["estimate", input.path, "--config", Self.committedConfiguration, "--plan", "basic"]
        let auto = await runCommand(base + ["--route", "auto"])
        #expect(auto.exitCode == 0)
        #expect(auto.standardOutput.contains("route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved"))
        #expect(auto.standardOutput.contains("route edit: 8 × /v2/edit = 40 images on Basic"))
        let edit = await runCommand(base)
        #expect(edit.standardOutput.contains("route auto: 8 × /v1/segment = 8 images on Basic instead of 40, 32 saved"))

        let json = await runCommand(base + ["--route", "auto", "--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let plan = try #require(object["plan"] as? [String: Any])
        #expect(plan["route"] as? String == "auto")
        #expect((plan["images"] as? NSNumber)?.intValue == 8)
        #expect((plan["segments"] as? NSNumber)?.intValue == 8)
        let alternatives = try #require(object["alternatives"] as? [[String: Any]])
        #expect(alternatives.first?["route"] as? String == "auto")
        #expect(object["route"] as? String == "auto")
    }
}
