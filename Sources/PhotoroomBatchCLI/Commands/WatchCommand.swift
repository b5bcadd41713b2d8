import ArgumentParser
import Foundation
import Logging
import PhotoroomPipeline

/// `photoroom-batch watch INPUT_DIR --out OUT_DIR`: process what is there, then each new image once it is complete.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Process a folder as `run` does, then keep watching it and process each new or changed image once.",
        discussion: """
            A file is taken when its size and modification time have not changed for --settle seconds and it \
            decodes fully; hidden and temporary files (.*, *.tmp, *.part, *~) are ignored. inotify is used on \
            Linux (recursive, new subfolders included); --poll SECONDS polls instead (network mounts), and polling \
            is chosen automatically when inotify is unavailable. A first SIGINT/SIGTERM stops watching, starts \
            no new call, lets the calls in flight finish, writes the manifest and exits 0 (1 when items failed). \
            A second one cancels the calls in flight as well: their items are recorded as interrupted (flagged \
            when a call may already have been billed) and the next run or watch on OUT_DIR takes them up again.
            """
    )

    @Argument(help: "The folder to watch.") var input: String
    @Option(name: .long, help: "The folder for results and the manifest (never inside the watched folder).") var out:
        String
    @OptionGroup var configOptions: ConfigurationOptions
    @OptionGroup var runOptions: RunFlags
    @OptionGroup var api: APIOptions
    @OptionGroup var emulatorOptions: InProcessEmulatorOptions

    @Option(help: "Seconds a file must stay unchanged before it is taken.") var settle: Double = 2
    @Option(help: "Poll the folder every SECONDS instead of using inotify.") var poll: Double?
    @Option(
        name: .customLong("on-low-balance"),
        help: "When the next image cannot be paid for: pause (keep watching, retry the balance) or stop (exit 3).")
    var onLowBalance: LowBalancePolicy = .pause

    func validate() throws {
        guard settle >= 0 else { throw ValidationError("--settle must not be negative") }
        if let poll, poll <= 0 { throw ValidationError("--poll must be positive") }
    }

    func run() async throws {
        let context = CommandContext.current
        let configuration = try runOptions.merged(into: configOptions.load(in: context))
        var invocation = BatchInvocation(
            input: input,
            output: out,
            configuration: configuration,
            flags: runOptions,
            api: api,
            emulator: emulatorOptions,
            context: context
        )
        var watchOptions = WatchOptions(
            settle: .milliseconds(Int64(settle * 1000)),
            pollInterval: poll.map { .milliseconds(Int64($0 * 1000)) },
            onLowBalance: onLowBalance,
            input: configuration.input
        )
        watchOptions.shard = try runOptions.sharding.spec()
        let watch = watchOptions
        let logger = {
            var logger = Logger(label: "photoroom-batch.watch")
            logger.logLevel = .info
            return logger
        }()
        let code = try await invocation.run { runner in
            // One signal path for run and watch: the invocation's SignalStopHandler (first SIGINT/SIGTERM stops
            // watching and finishes the calls in flight, a second one cancels them).
            await WatchService(runner: runner, watch: watch, logger: logger).watchUntilStopped()
        }
        if code != 0 { throw ExitCode(code) }
    }
}

extension LowBalancePolicy: ExpressibleByArgument {}
