import Foundation
import PhotoroomImaging

/// Validates many files with a bounded number of tasks (decoding is CPU work: one task per core by default).
public enum ParallelValidation {
    /// Validates `files` in order-preserving fashion.
    ///
    /// - Parameters:
    ///   - parallelism: tasks at once (at least 1).
    ///   - progress: called after each file with the number done so far; called from the caller's task.
    /// - Returns: one ``ValidatedFile`` per input, in the same order.
    public static func validate(
        _ files: [InputFile],
        with validator: ImageValidator,
        parallelism: Int,
        progress: (_ done: Int) -> Void = { _ in }
    ) async -> [ValidatedFile] {
        var verdicts = [ValidationVerdict?](repeating: nil, count: files.count)
        await withTaskGroup(of: (Int, ValidationVerdict).self) { group in
            var next = 0
            var done = 0
            let width = max(1, parallelism)
            while next < files.count && next < width {
                let index = next
                group.addTask { (index, validator.validate(fileAt: files[index].url)) }
                next += 1
            }
            while let (index, verdict) = await group.next() {
                verdicts[index] = verdict
                done += 1
                progress(done)
                if next < files.count {
                    let index = next
                    group.addTask { (index, validator.validate(fileAt: files[index].url)) }
                    next += 1
                }
            }
        }
        return zip(files, verdicts).map { ValidatedFile(file: $0, verdict: $1!) }
    }
}
