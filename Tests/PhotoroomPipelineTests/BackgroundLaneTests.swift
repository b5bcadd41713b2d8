import Foundation
import Synchronization
import Testing

@testable import PhotoroomPipeline

/// The report's background lanes: serial, below the process's scheduling priority, and gone once released.
@Suite struct BackgroundLaneTests {
    static func niceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func jobsRunInOrderOnAThreadScheduledBelowTheCallers() async throws {
        let lane = BackgroundLane(name: "test-lane")
        let order = Mutex<[Int]>([])
        let callers = Self.niceness()
        let inside: Int32 = await withCheckedContinuation { continuation in
            for index in 0..<200 {
                lane.async { order.withLock { $0.append(index) } }
            }
            lane.async { continuation.resume(returning: Self.niceness()) }
        }
        #expect(order.withLock { $0 } == Array(0..<200))
        #expect(inside == min(19, callers + 10))
        #expect(Self.niceness() == callers, "the caller's own priority is untouched")
    }

    @Test func aReleasedLaneFinishesItsQueuedWorkThenEnds() async throws {
        let done = Mutex(0)
        let finished: Void = await withCheckedContinuation { continuation in
            var lane: BackgroundLane? = BackgroundLane(name: "test-lane-release")
            for _ in 0..<50 {
                lane?.async { done.withLock { $0 += 1 } }
            }
            lane?.async { continuation.resume() }
            lane = nil
        }
        _ = finished
        #expect(done.withLock { $0 } == 50)
    }
}
