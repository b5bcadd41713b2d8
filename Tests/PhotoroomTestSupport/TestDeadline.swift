/// The test's own bound on a wait: `body`'s value, or a failure once `limit` passed (`body` is then cancelled), so a
/// hang fails the test instead of blocking the suite.
public struct TestDeadlinePassed: Error, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "the test's deadline of \(limit) passed: the call hung" }
}

public func within<Value: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TestDeadlinePassed(limit: limit) }
        return value
    }
}
