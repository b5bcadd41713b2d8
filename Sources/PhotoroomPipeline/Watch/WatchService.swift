import DirectoryWatching
import Foundation
import Logging
import ServiceLifecycle

/// `photoroom-batch watch` as a swift-service-lifecycle `Service`.
///
/// It starts a ``DirectoryWatcher`` on INPUT_DIR, processes the files already there exactly as `run` does
/// (same manifest and journal in OUT_DIR, same resume), then each file that lands and settles, through the
/// same workers, pacer, retries and manifest. A graceful shutdown (SIGINT/SIGTERM under a `ServiceGroup`)
/// stops watching, lets the calls in flight finish, writes the manifest and ends the service; the outcome's
/// ``RunOutcome/exitCode`` is then 0, or 1 when items failed. The `stop` low-balance policy ends it with
/// exit code 3.
///
/// ```swift
/// let service = WatchService(runner: runner, watch: WatchOptions(settle: .seconds(2)), logger: logger)
/// let outcome = try await service.runUntilSignalled()
/// throw ExitCode(outcome.exitCode)
/// ```
public final class WatchService: Service, Sendable {
    /// The batch runner whose options, client, inspector, reporter and control the watch uses.
    public let runner: BatchRunner
    /// The watch settings.
    public let watch: WatchOptions
    private let logger: Logger
    private let box = OutcomeBox()

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - runner: The runner, built as for `run`; with ``RunOptions/selection`` set, INPUT_DIR is scanned once the
    ///     watcher has started (otherwise ``RunOptions/inputs`` are the initial files).
    ///   - watch: Settle time, polling, low-balance policy and balance refresh settings.
    ///   - logger: Receives the watch's log lines (backend, pauses, rescans).
    public init(runner: BatchRunner, watch: WatchOptions, logger: Logger = Logger(label: "photoroom.watch")) {
        self.runner = runner
        self.watch = watch
        self.logger = logger
    }

    /// The outcome, once ``run()`` has returned.
    public var outcome: RunOutcome? {
        get async { await box.value }
    }

    /// Runs the watch until a graceful shutdown, a cancellation or a stop; the result is in ``outcome``.
    public func run() async throws {
        let outcome = await watchUntilStopped()
        await box.set(outcome)
    }

    /// Runs the watch until a graceful shutdown (when run inside a `ServiceGroup`), a graceful stop on the
    /// runner's ``RunControl``, a cancellation, or a stop decided by the watch itself.
    ///
    /// - Returns: How the watch ended. Setup problems (a missing INPUT_DIR, an output folder inside the
    ///   watched tree, bad watch settings) are an outcome with ending `setupFailed`, never a throw.
    public func watchUntilStopped() async -> RunOutcome {
        let watcher: DirectoryWatcher
        do throws(WatchError) {
            try watch.validate()
            watcher = try DirectoryWatcher(
                root: runner.options.inputDirectory.path, configuration: watch.watcherConfiguration)
        } catch {
            let outcome = RunOutcome(
                ending: .setupFailed, message: error.message, errorCode: RunError.Code.usage.description)
            await runner.reporter.handle(.finished(outcome))
            return outcome
        }
        let control = runner.control
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await gracefulShutdown()
                } catch {
                    return
                }
                await control.requestGracefulStop()
            }
            let outcome = await runner.runWatch(watch, watcher: watcher, logger: logger)
            group.cancelAll()
            return outcome
        }
    }

    /// Runs the service in a `ServiceGroup` that turns SIGINT and SIGTERM into a graceful shutdown, and
    /// returns the outcome. This is what the `watch` command calls.
    public func runUntilSignalled() async throws -> RunOutcome {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: self)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
        return await outcome ?? RunOutcome(ending: .completed, message: "the watch stopped")
    }
}

/// Holds the outcome between ``WatchService/run()`` and its reader.
private actor OutcomeBox {
    var value: RunOutcome?

    func set(_ outcome: RunOutcome) { value = outcome }
}
