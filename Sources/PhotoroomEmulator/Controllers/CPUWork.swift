import Dispatch

/// Runs a request's CPU work (decoding, rendering, encoding) on a dispatch queue instead of the cooperative pool.
///
/// A 2-core machine has two cooperative threads; a decode or a render running there holds up every other task of
/// the process for as long as it runs: the emulator's own timers and, when it runs in-process (`--emulator`, the
/// tests), the client's calls, pacer and watcher.
enum CPUWork {
    private static let queue = DispatchQueue(label: "photoroom-emulator.cpu", attributes: .concurrent)

    /// Runs `body` on the queue and returns its value, or throws its error.
    static func run<T: Sendable>(
        _ body: @escaping @Sendable () throws(EmulatorError) -> T
    ) async throws(EmulatorError) -> T {
        let result: Result<T, EmulatorError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(EmulatorError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
