import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM into stop requests on a ``RunControl``: the first signal asks for a graceful stop,
/// the second for an immediate one.
///
/// The default actions of the signals are ignored while it is installed (so the process is not killed) and
/// restored by ``uninstall()``.
///
/// - Important: keep the handler alive for the whole run and call ``uninstall()`` afterwards.
public final class SignalStopHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Installs handlers for `signals` (SIGINT and SIGTERM by default) that escalate `control`.
    /// `onSignal` is told the new level (to print "stopping after the calls in flight…").
    public init(
        control: RunControl,
        signals: [Int32] = [SIGINT, SIGTERM],
        onSignal: (@Sendable (RunControl.StopLevel) -> Void)? = nil
    ) {
        self.signals = signals
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            nonisolated(unsafe) let unsafeSource = source
            source.setEventHandler {
                // Signals that arrive together are coalesced: `data` counts them.
                let count = max(1, Int(unsafeSource.data))
                Task {
                    for _ in 0..<min(count, 2) {
                        let level = await control.requestStop()
                        onSignal?(level)
                    }
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Removes the handlers and restores the default signal actions.
    public func uninstall() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
