import ArgumentParser
import PhotoroomPipeline

/// `--shard K/N` and `--shard-by path|content`, shared by `run`, `watch` and `estimate`.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .customLong("shard"),
        help: ArgumentHelp(
            "Take only part K of N of the inputs (1-based: 1/3, 2/3, 3/3), for CI matrices and Indexed Jobs.",
            valueName: "K/N"
        )
    )
    var shard: String?

    @Option(
        name: .customLong("shard-by"),
        help: ArgumentHelp(
            "Split by each input's relative path (default; each part reads only its files) or by its content "
                + "(every part reads every file; identical files never fall in two parts).",
            valueName: "path|content"
        )
    )
    var shardBy: ShardKey = .path

    func validate() throws {
        _ = try spec()
    }

    /// The part, or `nil` without `--shard`.
    func spec() throws -> ShardSpec? {
        guard let shard else { return nil }
        do {
            return try ShardSpec(parsing: shard, key: shardBy)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension ShardKey: ExpressibleByArgument {}
