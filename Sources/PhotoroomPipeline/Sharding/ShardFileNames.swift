import Foundation

/// The names of a part's own files in OUT_DIR, so parts that share an OUT_DIR never write, lock or clean up
/// each other's files: `manifest.part-2-of-3.json`, `.photoroom-batch/journal.part-2-of-3.jsonl`,
/// `.photoroom-batch/lock.part-2-of-3`, `.photoroom-batch/tmp.part-2-of-3/`.
///
/// Without a shard (`nil`) the names are the unsharded ones (`manifest.json`, `journal.jsonl`, `lock`, `tmp`).
public enum ShardFileNames {
    /// `manifest.json` or `manifest.part-2-of-3.json`.
    public static func manifest(_ shard: ShardSpec?) -> String { suffixed("manifest", shard, extension: "json") }
    /// `journal.jsonl` or `journal.part-2-of-3.jsonl`.
    public static func journal(_ shard: ShardSpec?) -> String { suffixed("journal", shard, extension: "jsonl") }
    /// `lock` or `lock.part-2-of-3`: one writer per part, not per OUT_DIR.
    public static func lock(_ shard: ShardSpec?) -> String { suffixed("lock", shard, extension: nil) }
    /// `tmp` or `tmp.part-2-of-3`: a part removes only its own temporary folder when it ends.
    public static func temporaryFolder(_ shard: ShardSpec?) -> String { suffixed("tmp", shard, extension: nil) }
    /// `report.html` or `report.part-2-of-3.html`.
    public static func report(_ shard: ShardSpec?) -> String { suffixed("report", shard, extension: "html") }

    /// The part a manifest's file name names: `manifest.part-2-of-3.json` → 2/3; `nil` for any other name
    /// (`manifest.json` included).
    public static func shard(ofManifestNamed name: String) -> ShardSpec? {
        let prefix = "manifest.part-"
        let suffix = ".json"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else {
            return nil
        }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let numbers = middle.components(separatedBy: "-of-")
        guard numbers.count == 2 else { return nil }
        return try? ShardSpec(parsing: numbers[0] + "/" + numbers[1])
    }

    private static func suffixed(_ stem: String, _ shard: ShardSpec?, extension ext: String?) -> String {
        var name = stem
        if let shard { name += "." + shard.fileSuffix }
        if let ext { name += "." + ext }
        return name
    }
}
