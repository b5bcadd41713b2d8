import Foundation

/// Debian's `chromium-headless-shell` (or another Chromium named by `PHOTOROOM_BATCH_BROWSER`), driven from the
/// command line: `--dump-dom` after the page's scripts ran, `--screenshot`, console messages on standard error.
struct HeadlessBrowser {
    /// The browser's executable.
    var executable: URL

    /// The first browser found, or nil.
    static let found: HeadlessBrowser? = {
        var candidates = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/headless_shell", "/usr/bin/chromium"]
        if let named = ProcessInfo.processInfo.environment["PHOTOROOM_BATCH_BROWSER"] {
            candidates.insert(named, at: 0)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            .map { HeadlessBrowser(executable: URL(fileURLWithPath: $0)) }
    }()

    /// What one page load gave.
    struct Load {
        /// The DOM after the scripts ran (`--dump-dom`), or empty for a screenshot.
        var dom: String
        /// Console messages (`CONSOLE` lines of Chromium's log) and other errors on standard error.
        var consoleErrors: [String]
        var exitCode: Int32
    }

    /// Loads `url` headless and dumps the DOM, or takes a screenshot when `screenshot` is given.
    /// Every load has a deadline: `timeout` kills the browser after `seconds`.
    func load(_ url: URL, screenshot: URL? = nil, width: Int = 1280, height: Int = 900, seconds: Int = 60)
        throws -> Load
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = [
            "--kill-after=5", String(seconds), executable.path,
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--mute-audio",
            "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
            "--window-size=\(width),\(height)",
        ]
        arguments.append(screenshot.map { "--screenshot=\($0.path)" } ?? "--dump-dom")
        arguments.append(url.absoluteString)
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let dom = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        let errors = log.split(separator: "\n").map(String.init).filter { line in
            line.contains("CONSOLE") || line.contains("Uncaught") || line.contains("Content Security Policy")
        }
        return Load(dom: dom, consoleErrors: errors, exitCode: process.terminationStatus)
    }
}
