import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the one process-wide signal pipe (-1 until the first handler is installed). Set once and never
/// changed, so a signal handler never writes to a pipe that another handler's removal closed.
private nonisolated(unsafe) var signalPipeWriteEnd: Int32 = -1

/// The process-level handler: async-signal-safe, it only writes the signal number to the pipe.
private func forwardSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}

/// The process's signal routing: one pipe, one reader, and for each signal number the handlers that asked for it.
/// Each signal goes to the handlers of its own number only (a test's SIGUSR2 never stops a run that listens for
/// SIGINT), and removing one handler leaves the others working.
private final class SignalRouter: @unchecked Sendable {
    static let shared = SignalRouter()

    struct Subscriber {
        let signals: Set<Int32>
        let deliver: @Sendable (Int32) -> Void
    }

    private let lock = NSLock()
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0
    private var source: (any DispatchSourceRead)?

    /// Adds a subscriber; installs the process handler for signals nobody listened to yet.
    func add(signals: [Int32], deliver: @escaping @Sendable (Int32) -> Void) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard startIfNeeded() else { return nil }
        let listened = Set(subscribers.values.flatMap(\.signals))
        let id = nextID
        nextID += 1
        subscribers[id] = Subscriber(signals: Set(signals), deliver: deliver)
        for number in signals where !listened.contains(number) {
            signal(number, forwardSignalToPipe)
        }
        return id
    }

    /// Removes a subscriber; restores the default action of signals nobody listens to any more.
    func remove(_ id: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard let removed = subscribers.removeValue(forKey: id) else { return }
        let listened = Set(subscribers.values.flatMap(\.signals))
        for number in removed.signals where !listened.contains(number) {
            signal(number, SIG_DFL)
        }
    }

    private func startIfNeeded() -> Bool {
        if source != nil { return true }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return false }
        let readEnd = fds[0]
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd = fds[1]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if got <= 0 { break }
                for byte in buffer[0..<got] { self?.dispatch(Int32(byte)) }
            }
        }
        source.resume()
        self.source = source
        return true
    }

    private func dispatch(_ number: Int32) {
        lock.lock()
        let targets = subscribers.values.filter { $0.signals.contains(number) }
        lock.unlock()
        for target in targets { target.deliver(number) }
    }
}

/// Turns SIGINT and SIGTERM into stop requests on a ``RunControl``: the first signal asks for a graceful stop,
/// the second for an immediate one. `run` and `watch` use it alike.
///
/// A real signal handler (installed with `signal(2)`) writes each signal to one process-wide pipe, and a dispatch
/// read source turns the bytes into ``RunControl/requestStop()`` calls, in order. Unlike a dispatch signal source,
/// this does not depend on which thread of a many-threaded process the kernel picks, and several handlers (tests
/// running side by side) never steal each other's signals, so no signal is lost.
///
/// - Important: keep it alive for the whole run, and call ``uninstall()`` afterwards (which restores the default
///   actions of signals no other handler listens to).
public final class SignalStopHandler: @unchecked Sendable {
    private let id: Int?
    private let requests: AsyncStream<Int32>.Continuation
    private let lock = NSLock()
    private var uninstalled = false

    /// Installs handlers for `signals` (SIGINT and SIGTERM by default) that escalate `control`.
    /// `onSignal` is told the new level (to print "stopping after the calls in flight…").
    public init(
        control: RunControl,
        signals: [Int32] = [SIGINT, SIGTERM],
        onSignal: (@Sendable (RunControl.StopLevel) -> Void)? = nil
    ) {
        // One serial queue of requests per handler: signals escalate in the order they came.
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        Task {
            for await _ in stream {
                let level = await control.requestStop()
                onSignal?(level)
            }
        }
        requests = continuation
        id = SignalRouter.shared.add(signals: signals) { number in continuation.yield(number) }
    }

    /// Removes the handlers and restores the default signal actions nobody else needs.
    public func uninstall() {
        lock.lock()
        defer { lock.unlock() }
        guard !uninstalled else { return }
        uninstalled = true
        if let id { SignalRouter.shared.remove(id) }
        requests.finish()
    }
}
