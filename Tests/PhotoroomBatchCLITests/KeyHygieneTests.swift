import Foundation
import PhotoroomEmulator
import PhotoroomPipeline
import PhotoroomTestSupport
import Testing

/// Rule 7: the API key never shows. Every error path of `run`, `watch`, `estimate` and `account` is driven with a
/// distinctive key (a slash and a plus, so its escaped and percent-encoded forms differ from it), and nothing it
/// leaves (standard output, standard error, every file under OUT_DIR) holds any form of it.
@Suite struct KeyHygieneTests {
    /// The key: `7d3f9a1c` is its distinctive middle, kept by every escaped form and never part of the masked form
    /// (`…5e2b`).
    static let key = "pr_LEAK/CHECK+7d3f9a1c5e2b"
    static let core = "7d3f9a1c"

    /// What one command left: its output, and the text of every file under OUT_DIR.
    struct Trace {
        var label: String
        var result: CommandResult
        var files: [String: String]

        /// Where a form of the key shows, if anywhere.
        var leaks: [String] {
            var places: [String] = []
            let texts =
                [("stdout", result.standardOutput), ("stderr", result.standardError)] + files.sorted { $0.key < $1.key }
            for (place, text) in texts where KeyHygieneTests.holdsKey(text) { places.append("\(label): \(place)") }
            return places
        }
    }

    static func holdsKey(_ text: String) -> Bool {
        text.contains(key) || text.lowercased().contains(core.lowercased())
    }

    /// Every regular file under `folder`, hidden ones included, as text.
    static func files(under folder: URL) -> [String: String] {
        var texts: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return texts }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let data = try? Data(contentsOf: url)
            else { continue }
            texts[url.path] = String(decoding: data, as: UTF8.self)
        }
        return texts
    }

    /// A folder with an input folder of two samples, a retry-free pipeline.json and a key file of `keyFile`.
    struct Setup {
        let root: URL
        var input: URL { root.appendingPathComponent("in") }
        var config: URL { root.appendingPathComponent("pipeline.json") }
        var keyFile: URL { root.appendingPathComponent("key.env") }

        init(keyFile text: String) throws {
            root = try RunCommandTests.temporaryFolder()
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            for name in ["sneaker-red.jpg", "bottle-blue.jpg"] {
                try FileManager.default.copyItem(
                    atPath: samplesFolder + "/" + name, toPath: input.appendingPathComponent(name).path)
            }
            try Data(#"{"retry": {"maxAttempts": 1, "initialDelayMs": 1, "unknownOutcomeRetries": 0}}"#.utf8)
                .write(to: config)
            try Data(text.utf8).write(to: keyFile)
        }

        /// Runs each command (`watch` only where it ends by itself) with `environment` (plus `arguments` after the command's own), each with a fresh
        /// OUT_DIR, within the test's deadline.
        func traces(
            _ label: String, environment: [String: String], arguments: [String] = [],
            commands: [String] = ["run", "watch", "estimate", "account"]
        ) async throws -> [Trace] {
            var traces: [Trace] = []
            for command in commands {
                let out = root.appendingPathComponent("out-\(label)-\(command)")
                var words: [String]
                switch command {
                case "run", "watch":
                    words = [command, input.path, "--out", out.path, "--progress", "lines", "--config", config.path]
                    if command == "watch" { words += ["--poll", "0.2", "--settle", "0"] }
                case "estimate":
                    words = ["estimate", input.path, "--plan", "auto", "--config", config.path]
                default:
                    words = ["account", "--config", config.path]
                }
                let line = words + arguments
                let result = try await within(.seconds(60)) { await runCommand(line, environment: environment) }
                traces.append(
                    Trace(label: "\(label) \(command)", result: result, files: KeyHygieneTests.files(under: out)))
            }
            return traces
        }
    }

    /// Positive control: the check sees the key in each of its forms.
    @Test func theCheckSeesEveryFormOfTheKey() throws {
        let encoded = Self.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        for form in [Self.key, Self.key.debugDescription, encoded, "{\"k\":\"pr_LEAK\\/CHECK+7d3f9a1c5e2b\"}"] {
            #expect(Self.holdsKey("text " + form + " text"), "\(form)")
        }
        let setup = try Setup(keyFile: Self.key)
        defer { try? FileManager.default.removeItem(at: setup.root) }
        #expect(Self.files(under: setup.root).values.contains(where: Self.holdsKey), "a planted key file is seen")
        #expect(!Self.holdsKey("…5e2b"), "the masked form is not a leak")
    }

    @Test func noErrorPathShowsTheKey() async throws {
        let setup = try Setup(keyFile: "# the shop's key\n\n  \(Self.key)  \n")
        defer { try? FileManager.default.removeItem(at: setup.root) }
        var traces: [Trace] = []
        var faults = FaultConfiguration()
        faults.echoKeyInErrors = true

        // Refused (403), every error answer quoting the key.
        traces += try await Emulator.withEmulator(
            EmulatorConfiguration(port: 0, credits: 100, apiKey: "the_right_key_000000", faults: faults)
        ) { running in
            let refused = try await setup.traces(
                "refused", environment: ["PHOTOROOM_API_KEY": Self.key, "PHOTOROOM_API_BASE": running.baseURL])
            for trace in refused where trace.label != "refused estimate" {
                #expect(trace.result.exitCode == 4, "\(trace.label): \(trace.result.standardError)")
            }
            #expect(refused.contains { $0.result.standardError.contains("…5e2b") }, "the refusal was reported, masked")
            return refused
        }
        // Accepted, but every image call fails with a 500 that quotes the key; the key comes from a key file with
        // comments and blank lines (fine).
        faults.serverErrorEvery = 1
        traces += try await Emulator.withEmulator(
            EmulatorConfiguration(port: 0, credits: 100, apiKey: Self.key, faults: faults)
        ) { running in
            let echoed = try await setup.traces(
                "echoed", environment: ["PHOTOROOM_API_BASE": running.baseURL],
                arguments: ["--api-key-file", setup.keyFile.path], commands: ["run", "estimate", "account"])
            let run = try #require(echoed.first)
            #expect(run.result.exitCode == 1, "\(run.result.standardError)")
            #expect(
                run.files.values.contains { $0.contains("x-api-key: …5e2b") }, "the echo reached the manifest, masked")
            #expect(echoed.last?.result.exitCode == 0, "account reads the balance with the key from the file")
            return echoed
        }
        // Unreachable server.
        traces += try await setup.traces(
            "unreachable", environment: ["PHOTOROOM_API_KEY": Self.key, "PHOTOROOM_API_BASE": "http://127.0.0.1:9"])
        // No key at all.
        traces += try await setup.traces("missing", environment: ["PHOTOROOM_API_BASE": "http://127.0.0.1:9"])

        for trace in traces {
            #expect(trace.leaks.isEmpty, "\(trace.leaks)")
        }
    }

    @Test(arguments: [
        ("file", "\(key)\nsecond_line_key_000\n"),
        ("file", "export A=1\n# comment\n\(key)\n"),
        ("file", "pr_LEAK/CHECK +7d3f9a1c5e2b\n"),
        ("file", "# only a comment\n\n"),
        ("environment", "\(key)\n# a comment pasted with it"),
        ("environment", "pr_LEAK/CHECK\u{7}+7d3f9a1c5e2b"),
        ("environment", "pr_LEAK/CHECK\t+7d3f9a1c5e2b"),
    ])
    func aMalformedKeyIsRefusedWithoutShowingIt(source: String, text: String) async throws {
        let setup = try Setup(keyFile: text)
        defer { try? FileManager.default.removeItem(at: setup.root) }
        let traces =
            source == "file"
            ? try await setup.traces(
                "malformed", environment: ["PHOTOROOM_API_BASE": "http://127.0.0.1:9"],
                arguments: ["--api-key-file", setup.keyFile.path])
            : try await setup.traces(
                "malformed", environment: ["PHOTOROOM_API_KEY": text, "PHOTOROOM_API_BASE": "http://127.0.0.1:9"])
        for trace in traces {
            #expect(trace.result.exitCode == 64, "\(trace.label): \(trace.result.standardError)")
            let named = source == "file" ? setup.keyFile.path : "PHOTOROOM_API_KEY"
            #expect(trace.result.standardError.contains(named), "\(trace.label): \(trace.result.standardError)")
            #expect(trace.leaks.isEmpty, "\(trace.leaks)")
        }
    }
}
