import ArgumentParser
import Foundation
import PhotoroomBatchCLI
import Synchronization

/// Runs a command in-process with recorded output, as the real binary would, and returns its exit code.
struct CommandResult {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
}

final class OutputRecorder: Sendable {
    private let text = Mutex("")
    func append(_ more: String) { text.withLock { $0 += more } }
    var value: String { text.withLock { $0 } }
}

func runCommand(_ arguments: [String], environment: [String: String] = [:]) async -> CommandResult {
    let out = OutputRecorder()
    let err = OutputRecorder()
    let context = CommandContext(
        standardOutput: { out.append($0) },
        standardError: { err.append($0) },
        environment: environment,
        standardErrorIsTerminal: false
    )
    var code: Int32 = 0
    await CommandContext.$current.withValue(context) {
        do {
            var command = try RootCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            code = RootCommand.exitCode(for: error).rawValue
            if code != 0, !(error is ExitCode) {
                err.append(RootCommand.fullMessage(for: error) + "\n")
            }
        }
    }
    return CommandResult(exitCode: code, standardOutput: out.value, standardError: err.value)
}

/// The repository's Samples folder.
let samplesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Samples").path
