import Foundation
import PhotoroomPipeline
import Testing

/// The files in `examples/` do what they say: their `photoroom-batch` command lines, expanded by a real shell
/// with the variables the platform sets, run against the emulator.
@Suite struct ShardExamplesTests {
    static let examplesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    /// The `photoroom-batch` command lines of a file: lines that start with it (after indentation), joined with
    /// the lines a trailing backslash continues them with.
    static func commandLines(in name: String) throws -> [String] {
        let text = try String(contentsOf: examplesFolder.appendingPathComponent(name), encoding: .utf8)
        var commands: [String] = []
        var current: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if current == nil, !line.hasPrefix("photoroom-batch ") { continue }
            let continued = line.hasSuffix("\\")
            let piece = continued ? String(line.dropLast()).trimmingCharacters(in: .whitespaces) : line
            current = current.map { $0 + " " + piece } ?? piece
            if !continued, let command = current {
                commands.append(command)
                current = nil
            }
        }
        return commands
    }

    /// The `photoroom-batch run` that the action (action.yml, scripts/action/run.sh) makes of the `input`, `out` and
    /// `args` of the step that uses it.
    static func actionRunLine(in workflow: String) throws -> String {
        let lines = workflow.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        func value(_ name: String) throws -> String {
            let line = try #require(lines.first { $0.hasPrefix(name + ": ") }, "the action's `\(name)` input")
            return String(line.dropFirst(name.count + 2))
        }
        let (input, out, args) = (try value("input"), try value("out"), try value("args"))
        return "photoroom-batch run \(input) --out \(out) --progress lines \(args)"
    }

    /// The arguments `sh` passes to `photoroom-batch` for `line`, with `environment` set; the first one (the
    /// program's name) dropped.
    static func expand(_ line: String, environment: [String: String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "set -- \(line); shift; printf '%s\\0' \"$@\""]
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Replaces arguments that are the example's folders with the test's.
    static func relocate(_ arguments: [String], _ folders: [String: String]) -> [String] {
        arguments.map { folders[$0] ?? $0 }
    }

    @Test func theKubernetesIndexedJobRunsItsPartsOnASharedVolumeThenMerges() async throws {
        let commands = try Self.commandLines(in: "kubernetes-indexed-job.yaml")
        try #require(commands.count == 2, "one command for the parts, one for the merge: \(commands)")
        #expect(commands[0].contains("$((JOB_COMPLETION_INDEX + 1))"), "the 0-based index needs +1")
        let yaml = try String(
            contentsOf: Self.examplesFolder.appendingPathComponent("kubernetes-indexed-job.yaml"), encoding: .utf8)
        let parts = try #require(yaml.firstMatch(of: /completions: (\d+)/).flatMap { Int($0.1) })

        let root = try ShardTestSupport.temporaryFolder("shard-k8s")
        defer { try? FileManager.default.removeItem(at: root) }
        let shared = root.appendingPathComponent("catalog-out").path
        let folders = ["/catalog/in": samplesFolder, "/catalog/out": shared]
        let runs = try (0..<parts).map { index in
            try Self.relocate(
                Self.expand(commands[0], environment: ["JOB_COMPLETION_INDEX": "\(index)", "PARTS": "\(parts)"]),
                folders
            )
        }
        #expect(runs.map { $0[$0.firstIndex(of: "--shard")! + 1] } == (1...parts).map { "\($0)/\(parts)" })
        let merge = try Self.relocate(Self.expand(commands[1], environment: [:]), folders)

        let (results, merged, charged) = try await ShardTestSupport.withEmulator { running, environment in
            let results = await withTaskGroup(of: CommandResult.self) { group in
                for arguments in runs { group.addTask { await runCommand(arguments, environment: environment) } }
                return await group.reduce(into: [CommandResult]()) { $0.append($1) }
            }
            return (results, await runCommand(merge), await running.state().chargedTotal)
        }
        #expect(results.allSatisfy { [0, 1].contains($0.exitCode) }, "\(results.map(\.standardError))")
        #expect(merged.exitCode == 1, "Samples holds invalid files: \(merged.standardError)")
        let whole = try ShardTestSupport.manifest(
            at: URL(fileURLWithPath: shared).appendingPathComponent("manifest.json"))
        #expect(whole.totals.inputs == 14)
        #expect(whole.totals.imagesCharged == charged)
    }

    @Test func theGitHubActionsMatrixUploadsItsPartsAndTheMergeJobPutsThemTogether() async throws {
        let workflow = try String(
            contentsOf: Self.examplesFolder.appendingPathComponent("github-actions.yml"), encoding: .utf8)
        // The parts run through the action; the merge job runs the tool itself.
        let merges = try Self.commandLines(in: "github-actions.yml")
        try #require(merges.count == 1, "one command for the merge: \(merges)")
        let commands = [try Self.actionRunLine(in: workflow), merges[0]]
        let matrix = try #require(workflow.firstMatch(of: /part: \[([0-9, ]+)\]/)).1
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(matrix == Array(1...matrix.count))

        let root = try ShardTestSupport.temporaryFolder("shard-gha")
        defer { try? FileManager.default.removeItem(at: root) }
        let downloaded = root.appendingPathComponent("download/out")
        let (results, charged) = try await ShardTestSupport.withEmulator { running, environment in
            var results: [CommandResult] = []
            for part in matrix {
                // Each job runs on its own runner, with its own `out` folder.
                let runner = root.appendingPathComponent("runner-\(part)/out")
                let line = commands[0]
                    .replacingOccurrences(of: "${{ matrix.part }}", with: "\(part)")
                    .replacingOccurrences(of: "${{ strategy.job-total }}", with: "\(matrix.count)")
                let arguments = Self.relocate(
                    try Self.expand(line, environment: [:]), ["catalog": samplesFolder, "out": runner.path])
                results.append(await runCommand(arguments, environment: environment))
            }
            return (results, await running.state().chargedTotal)
        }
        #expect(results.allSatisfy { [0, 1].contains($0.exitCode) }, "\(results.map(\.standardError))")
        // download-artifact with merge-multiple: every part's `out` into one folder; nothing may collide.
        try FileManager.default.createDirectory(at: downloaded, withIntermediateDirectories: true)
        for part in matrix {
            let collisions = try ShardTestSupport.copyTree(
                root.appendingPathComponent("runner-\(part)/out"), into: downloaded)
            #expect(collisions.isEmpty, "part \(part) collides on \(collisions)")
        }
        let merge = Self.relocate(try Self.expand(commands[1], environment: [:]), ["out": downloaded.path])
        let merged = await runCommand(merge)
        #expect(merged.exitCode == 1, "Samples holds invalid files: \(merged.standardOutput) \(merged.standardError)")
        let whole = try ShardTestSupport.manifest(at: downloaded.appendingPathComponent("manifest.json"))
        #expect(whole.totals.inputs == 14 && whole.totals.imagesCharged == charged)
        for item in whole.items where item.status == .succeeded {
            let output = try #require(item.outputPath)
            #expect(FileManager.default.fileExists(atPath: downloaded.appendingPathComponent(output).path))
        }
    }
}
