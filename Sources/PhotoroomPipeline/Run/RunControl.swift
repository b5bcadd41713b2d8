import Synchronization

/// How a running batch is asked to stop, shared between the runner and whoever handles signals.
///
/// The first request (``requestStop()`` from a SIGINT/SIGTERM handler, or ``requestGracefulStop()``) stops
/// starting new work and lets calls in flight finish; the second (or ``requestImmediateStop()``) cancels the
/// calls in flight. Either way the manifest is flushed and the outcome says `interrupted`.
public actor RunControl {
    /// How hard the run is being stopped.
    public enum StopLevel: Int, Sendable, Comparable, Codable {
        /// Keep going.
        case none = 0
        /// Start nothing new; finish what is in flight.
        case graceful = 1
        /// Cancel what is in flight too.
        case immediate = 2

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The current level.
    public private(set) var level: StopLevel = .none
    /// Whether any stop was asked for, readable without waiting for the actor (the check before every call).
    private nonisolated let stopping = Atomic<Bool>(false)
    private var subscribers: [Int: AsyncStream<StopLevel>.Continuation] = [:]
    private var nextSubscriber = 0

    public init() {}

    /// Escalates one step: none → graceful → immediate. What a signal handler calls on each signal.
    /// Returns the new level.
    @discardableResult
    public func requestStop() -> StopLevel {
        raise(to: level == .none ? .graceful : .immediate)
        return level
    }

    /// Stops starting new work; calls in flight finish.
    public func requestGracefulStop() {
        raise(to: .graceful)
    }

    /// Cancels the calls in flight as well.
    public func requestImmediateStop() {
        raise(to: .immediate)
    }

    private func raise(to newLevel: StopLevel) {
        guard newLevel > level else { return }
        level = newLevel
        stopping.store(true, ordering: .releasing)
        for continuation in subscribers.values { continuation.yield(newLevel) }
    }

    /// Whether a stop (graceful or immediate) was asked for: `level > .none`, without a hop to the actor.
    public nonisolated var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// A stream of the level: the current one first, then each change. It ends when the consuming task is
    /// cancelled.
    public func levels() -> AsyncStream<StopLevel> {
        let (stream, continuation) = AsyncStream.makeStream(of: StopLevel.self, bufferingPolicy: .bufferingNewest(4))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.yield(level)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    /// Waits until the level reaches `target`; returns early (without reaching it) when the task is cancelled.
    public nonisolated func wait(until target: StopLevel) async {
        for await current in await levels() where current >= target {
            return
        }
    }
}
