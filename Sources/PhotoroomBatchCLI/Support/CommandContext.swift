import Foundation

/// Where a command writes and what it reads from its surroundings; replaced in tests.
///
/// Commands never call `print`: results go to ``standardOutput`` (JSON there when asked), messages and progress to
/// ``standardError``.
public struct CommandContext: Sendable {
    /// Writes text somewhere.
    public typealias Writer = @Sendable (String) -> Void

    /// Results (text or JSON).
    public var standardOutput: Writer
    /// Messages, warnings and progress.
    public var standardError: Writer
    /// The environment (`PHOTOROOM_API_KEY`, `PHOTOROOM_API_BASE`).
    public var environment: [String: String]
    /// Whether standard error is a terminal (progress bars) rather than a pipe or a log.
    public var standardErrorIsTerminal: Bool

    public init(
        standardOutput: @escaping Writer,
        standardError: @escaping Writer,
        environment: [String: String],
        standardErrorIsTerminal: Bool
    ) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.environment = environment
        self.standardErrorIsTerminal = standardErrorIsTerminal
    }

    /// The process's own standard output, standard error and environment.
    public static let process = CommandContext(
        standardOutput: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        standardError: { text in FileHandle.standardError.write(Data(text.utf8)) },
        environment: ProcessInfo.processInfo.environment,
        standardErrorIsTerminal: isatty(STDERR_FILENO) == 1
    )

    /// The context commands run in; tests bind another one with `CommandContext.$current.withValue(...)`.
    @TaskLocal public static var current: CommandContext = .process

    /// Writes a line to standard output.
    func out(_ line: String) { standardOutput(line + "\n") }
    /// Writes a line to standard error.
    func err(_ line: String) { standardError(line + "\n") }
}
