import Foundation

@testable import PhotoroomPipeline

/// A clock the test moves by hand: sleepers wake when it is advanced past their deadline.
final class ManualPacingClock: PacingClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0.0
    private var sleepers: [Int: (deadline: Double, continuation: CheckedContinuation<Void, any Error>)] = [:]
    private var nextID = 0

    func now() -> Double { lock.withLock { current } }

    /// The deadlines of the tasks sleeping now, earliest first.
    var deadlines: [Double] { lock.withLock { sleepers.values.map(\.deadline).sorted() } }

    func sleep(until deadline: Double) async throws {
        let id: Int? = lock.withLock {
            guard deadline > current else { return nil }
            nextID += 1
            return nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled: Bool = lock.withLock {
                    if Task.isCancelled { return true }
                    sleepers[id] = (deadline, continuation)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `time` and wakes every sleeper whose deadline it reached.
    func advance(to time: Double) {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            current = max(current, time)
            let ids = sleepers.filter { $0.value.deadline <= current }.map(\.key)
            return ids.compactMap { sleepers.removeValue(forKey: $0)?.continuation }
        }
        for continuation in due { continuation.resume() }
    }
}

/// Polls `condition` until it holds or `seconds` of real time pass (a deadline on every wait).
func eventually(within seconds: Double = 10, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return await condition()
}
