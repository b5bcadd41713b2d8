import Foundation

/// Money rule 2 of issue 17: a run stops paying for unusable results. It counts the billed results in a row that
/// failed their check (``ResultCheck``); a result that passed ends the streak. Once the streak reaches ``limit``,
/// the run stops starting calls, and the stop names what is wrong ("asked for JPEG, got PNG 5 times: check
/// export.format").
///
/// A pure value: ``RunState`` keeps one and feeds it every checked billed result, in the order they are checked.
struct UnusableResultStreak: Sendable, Equatable {
    /// The default limit (pipeline.json's `maxUnusableResults`, `--max-unusable-results`).
    static let defaultLimit = 5

    /// Billed results in a row that failed their check before the run stops; 0 never stops.
    let limit: Int
    /// The problems of the current streak, oldest first.
    private(set) var problems: [ResultProblem] = []
    /// Whether the streak already tripped (it trips once).
    private(set) var tripped = false

    init(limit: Int = Self.defaultLimit) {
        self.limit = limit
    }

    /// Counts one checked billed result: `problem` is what its check found, `nil` when it passed.
    ///
    /// - Returns: the stop's message the first time the streak reaches ``limit``; `nil` otherwise.
    mutating func note(_ problem: ResultProblem?) -> String? {
        guard let problem else {
            problems = []
            return nil
        }
        problems.append(problem)
        guard limit > 0, !tripped, problems.count >= limit else { return nil }
        tripped = true
        return Self.message(for: problems)
    }

    /// "asked for JPEG, got PNG 5 times: check export.format" when every problem of the streak is of one kind;
    /// otherwise the count and the last problem.
    static func message(for problems: [ResultProblem]) -> String {
        guard let last = problems.last else { return "" }
        if problems.allSatisfy({ $0.summary == last.summary }) {
            return "\(last.summary) \(problems.count) times: \(last.hint)"
        }
        return "\(problems.count) billed results in a row failed their check (last: \(last.message)): \(last.hint)"
    }
}
