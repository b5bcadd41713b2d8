import Foundation
import Synchronization

/// The bounds of one HTTP exchange: a deadline for the whole of it (request, answer head and body), and the longest
/// silence allowed once the answer has started.
///
/// AsyncHTTPClient's own deadline ends when the answer's head arrives: a body that stalls after that (a 200, 40
/// bytes, then nothing) would be waited for forever. ``run(_:)`` races the exchange against a watchdog in a task
/// group; when a bound passes, the exchange is cancelled (which closes its connection) and an ``Expiry`` says
/// which bound it was and how far the answer had come.
struct TransferLimit: Sendable {
    /// The time allowed for the whole exchange, from its start.
    var total: Duration
    /// The longest wait for the next piece of an answer that has started.
    var idle: Duration

    /// Why an exchange was ended, and how far it had come.
    struct Expiry: Error, Sendable, Equatable {
        /// Which bound passed.
        enum Bound: Sendable, Equatable {
            /// The whole exchange's time.
            case total
            /// The silence between two pieces of the answer.
            case idle
        }
        var bound: Bound
        /// The limit that passed.
        var limit: Duration
        /// The answer's HTTP status, when its head had arrived.
        var status: Int?
        /// The bytes of the answer's body received before the end.
        var bytesReceived: Int64

        /// What happened, for messages: `no data for 2 s after 40 bytes of a 200 answer`.
        var summary: String {
            let answered = status.map { " after \(bytesReceived) bytes of a \($0) answer" } ?? " before any answer"
            switch bound {
            case .total: return "the whole exchange took longer than \(Self.seconds(limit))\(answered)"
            case .idle: return "no data for \(Self.seconds(limit))\(answered)"
            }
        }

        private static func seconds(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
        }
    }

    /// Runs `exchange`, which reports the answer's progress to the ``TransferActivity`` it is given, within the
    /// bounds.
    ///
    /// - Throws: ``Expiry`` when a bound passed (the exchange was cancelled and has ended), else what `exchange`
    ///   threw.
    func run<Value: Sendable>(
        _ exchange: @escaping @Sendable (TransferActivity) async throws -> Value
    ) async throws -> Value {
        let activity = TransferActivity()
        let deadline = ContinuousClock.now + total
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await exchange(activity) }
            group.addTask {
                try await watch(activity, deadline: deadline)
                return nil
            }
            defer { group.cancelAll() }
            // The watchdog ends without a value once the whole answer arrived: then the exchange's value is awaited.
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }

    /// Sleeps until a bound passes, then throws its ``Expiry``; ends early (with `CancellationError`) when cancelled.
    ///
    /// It looks again at least every ``idle``, so an answer that starts while it sleeps is watched from then on; it
    /// returns once the whole answer arrived (storing it is not the network's time).
    private func watch(_ activity: TransferActivity, deadline: ContinuousClock.Instant) async throws {
        while true {
            let now = ContinuousClock.now
            let progress = activity.progress
            if progress.complete { return }
            let silence = progress.lastActivity.map { $0 + idle } ?? deadline
            let limit = min(deadline, silence)
            if now >= limit {
                throw Expiry(
                    bound: silence < deadline ? .idle : .total,
                    limit: silence < deadline ? idle : total,
                    status: progress.status,
                    bytesReceived: progress.bytesReceived
                )
            }
            try await ContinuousClock().sleep(until: min(limit, now + idle))
        }
    }
}

/// What an exchange tells its watchdog: the answer's head, then each piece of its body.
final class TransferActivity: Sendable {
    struct Progress: Sendable {
        /// The answer's status, once its head arrived.
        var status: Int?
        /// When the last piece of the answer arrived (`nil` until the head did: the service may think for long).
        var lastActivity: ContinuousClock.Instant?
        var bytesReceived: Int64 = 0
        /// Whether the whole answer arrived.
        var complete = false
    }

    private let state = Mutex(Progress())

    /// The answer's head arrived with `status`: from now on a silence longer than the idle bound ends the exchange.
    func answered(status: Int) {
        state.withLock {
            $0.status = status
            $0.lastActivity = .now
        }
    }

    /// `count` more bytes of the answer's body arrived.
    func received(_ count: Int) {
        state.withLock {
            $0.bytesReceived += Int64(count)
            $0.lastActivity = .now
        }
    }

    /// The whole answer arrived: no bound applies any more (storing it is local work).
    func completed() {
        state.withLock { $0.complete = true }
    }

    /// The exchange waits for the network again (after local work between two pieces): the idle bound counts from
    /// now.
    func waiting() {
        state.withLock { $0.lastActivity = .now }
    }

    var progress: Progress { state.withLock { $0 } }
}
