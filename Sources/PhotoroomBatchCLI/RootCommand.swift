import ArgumentParser
import CPhotoroomBuildInfo

/// `photoroom-batch`: validate, price and process product photos through Photoroom's image API.
public struct RootCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "photoroom-batch",
        abstract: "Validate, price and process folders of product photos through Photoroom's image API.",
        discussion: """
            Exit codes: 0 success (or an estimate that is covered or offline); 1 some items failed or were invalid; \
            3 the balance or budget is too low (nothing sent); 4 the API key was refused; 5 out of images mid-run; \
            64 usage or configuration error; 69 the API could not be reached; 130 interrupted.
            """,
        version: ToolVersion.current,
        subcommands: [
            RunCommand.self, WatchCommand.self, EstimateCommand.self, ReportCommand.self, MergeCommand.self,
            AccountCommand.self, EmulatorCommand.self, ValidateBenchCommand.self, FinishBenchCommand.self,
        ]
    )

    public init() {}
}

/// This tool's version, as `--version` prints it and manifests record it (`toolVersion`).
///
/// A release build (`scripts/release.sh`) says the version, the commit and the build date, for example
/// "0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-08T01:30Z)"; a development build says "0.1.0-dev (commit unknown)".
public enum ToolVersion {
    public static let current = String(cString: photoroom_batch_build_version())
}
