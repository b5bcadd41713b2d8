import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the pipe the signal handler writes to (-1 when no handler is installed).
private nonisolated(unsafe) var signalPipeWriteEnd: Int32 = -1

/// The process-level handler: async-signal-safe, it only writes the signal number to the pipe.
private func forwardSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}

/// Turns SIGINT and SIGTERM into stop requests on a ``RunControl``: the first signal asks for a graceful stop,
/// the second for an immediate one.
///
/// A real signal handler (installed with `signal(2)`) writes each signal to a pipe, and a dispatch read source
/// turns the bytes into ``RunControl/requestStop()`` calls. Unlike a dispatch signal source, this does not depend
/// on which thread of a many-threaded process the kernel picks, so no signal is lost.
///
/// - Important: install one at a time, keep it alive for the whole run, and call ``uninstall()`` afterwards
///   (which restores the default actions).
public final class SignalStopHandler: @unchecked Sendable {
    private let signals: [Int32]
    private let source: (any DispatchSourceRead)?

    /// Installs handlers for `signals` (SIGINT and SIGTERM by default) that escalate `control`.
    /// `onSignal` is told the new level (to print "stopping after the calls in flight…").
    public init(
        control: RunControl,
        signals: [Int32] = [SIGINT, SIGTERM],
        onSignal: (@Sendable (RunControl.StopLevel) -> Void)? = nil
    ) {
        self.signals = signals
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            self.source = nil
            return
        }
        let readEnd = fds[0]
        let writeEnd = fds[1]
        for fd in [readEnd, writeEnd] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd = writeEnd
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 16)
            var count = 0
            while true {
                let got = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if got <= 0 { break }
                count += got
            }
            guard count > 0 else { return }
            Task {
                for _ in 0..<min(count, 2) {
                    let level = await control.requestStop()
                    onSignal?(level)
                }
            }
        }
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        source.resume()
        self.source = source
        for number in signals {
            signal(number, forwardSignalToPipe)
        }
    }

    /// Removes the handlers and restores the default signal actions.
    public func uninstall() {
        for number in signals { signal(number, SIG_DFL) }
        signalPipeWriteEnd = -1
        source?.cancel()
    }
}
