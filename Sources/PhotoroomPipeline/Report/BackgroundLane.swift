import Foundation

/// A serial lane of background work (the report's thumbnails and pages) on a thread of its own, scheduled below
/// everything else in the process: on a 2-core machine the thumbnails of eight answers that land together would
/// otherwise take the cores from the next calls' requests and from the server's work on them.
///
/// The thread lowers its own scheduling priority (`nice` 10; on Linux the nice value is per thread), so it runs
/// at full speed when the cores are idle and yields when anything else needs them. It ends once the lane is
/// released and its queued work is done.
final class BackgroundLane: Sendable {
    private let queue: JobQueue

    /// Starts the lane's thread.
    ///
    /// - Parameters:
    ///   - name: The thread's name (seen in debuggers and `top -H`).
    ///   - niceness: How much lower than the process the thread is scheduled (0 keeps the process's priority).
    init(name: String, niceness: Int32 = 10) {
        let queue = JobQueue()
        self.queue = queue
        let thread = Thread {
            if niceness != 0 { Self.lowerPriorityOfThisThread(by: niceness) }
            queue.run()
        }
        thread.name = name
        thread.start()
    }

    deinit {
        queue.close()
    }

    /// Queues `job` after the lane's earlier jobs.
    func async(_ job: @escaping @Sendable () -> Void) {
        queue.enqueue(job)
    }

    /// Raises the calling thread's nice value; best effort (a refusal leaves the priority as it was).
    private static func lowerPriorityOfThisThread(by niceness: Int32) {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0 else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(19, current + niceness))
    }
}

/// The lane's jobs, in order, and whether more may come.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    private var closed = false

    func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs until the queue is closed and empty.
    func run() {
        while true {
            condition.lock()
            while next == jobs.count, !closed { condition.wait() }
            if next == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job()
        }
    }
}
