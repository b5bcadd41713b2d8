import Foundation

/// The learned rate limit as kept in OUT_DIR's state, `OUT_DIR/.photoroom-batch/pacing.json`, so the next run or
/// watch on the same OUT_DIR starts from it instead of learning it again with 429s.
///
/// It is only reused for the same API base URL, and only while it is fresh (30 days by default). A missing or
/// unreadable file means "nothing learned"; it never stops a run.
public struct PacingMemory: Codable, Sendable, Equatable {
    /// The file format's version.
    public var version = 1
    /// The API base URL the limit was learned from (a live key and the emulator differ).
    public var apiBase: String
    /// The limit learned.
    public var learned: LearnedRateLimit
    /// When it was learned (saved).
    public var learnedAt: Date
    /// 429s the run that saved it met (for the curious; not used to pace).
    public var throttledCalls: Int

    /// Creates a record.
    public init(apiBase: String, learned: LearnedRateLimit, learnedAt: Date = Date(), throttledCalls: Int = 0) {
        self.apiBase = apiBase
        self.learned = learned
        self.learnedAt = learnedAt
        self.throttledCalls = throttledCalls
    }

    /// `OUT_DIR/.photoroom-batch/pacing.json`.
    public static func url(in files: ManifestFiles) -> URL {
        files.stateDirectory.appendingPathComponent("pacing.json")
    }

    /// The limit stored in `files`' state for `apiBase`, if there is a usable one no older than `maxAge`.
    public static func load(
        from files: ManifestFiles,
        apiBase: String,
        maxAge: TimeInterval = 30 * 86_400,
        now: Date = Date()
    ) -> LearnedRateLimit? {
        guard let data = try? Data(contentsOf: url(in: files)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let memory = try? decoder.decode(PacingMemory.self, from: data),
            memory.version == 1, memory.apiBase == apiBase, memory.learned.isUsable,
            now.timeIntervalSince(memory.learnedAt) <= maxAge
        else { return nil }
        return memory.learned
    }

    /// Writes `memory` into `files`' state (atomically: a temporary file renamed over the old one).
    public static func save(_ memory: PacingMemory, to files: ManifestFiles) throws(RunError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: files.stateDirectory, withIntermediateDirectories: true)
            try encoder.encode(memory).write(to: url(in: files), options: .atomic)
        } catch {
            throw RunError(
                code: .io,
                message: "cannot write \(url(in: files).path): \(error.localizedDescription)"
            )
        }
    }
}
