import Foundation

extension ManifestMerger {
    /// A part manifest found in the sources.
    struct FoundManifest {
        var shard: ShardSpec
        var url: URL
    }

    /// Every `manifest.part-K-of-N.json` in the source folders (and the source files that are part manifests),
    /// each file once.
    func findPartManifests() throws(MergeError) -> [FoundManifest] {
        var found: [FoundManifest] = []
        var seen: Set<[String]> = []
        for source in sources {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
                throw MergeError(code: .noManifests, message: "\(source.path): no such folder or file")
            }
            var here: [FoundManifest] = []
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? []
                for name in names.sorted() {
                    if let shard = ShardFileNames.shard(ofManifestNamed: name) {
                        here.append(.init(shard: shard, url: source.appendingPathComponent(name)))
                    }
                }
                guard !here.isEmpty else {
                    throw MergeError(
                        code: .noManifests,
                        message: "\(source.path) holds no part manifest (manifest.part-K-of-N.json): "
                            + "give the OUT_DIR of runs made with --shard K/N"
                    )
                }
            } else {
                guard let shard = ShardFileNames.shard(ofManifestNamed: source.lastPathComponent) else {
                    throw MergeError(
                        code: .noManifests,
                        message: "\(source.path) is not a part manifest (manifest.part-K-of-N.json)"
                    )
                }
                here.append(.init(shard: shard, url: source))
            }
            for entry in here where seen.insert(OutputLayout.canonicalComponents(entry.url)).inserted {
                found.append(entry)
            }
        }
        guard !found.isEmpty else {
            throw MergeError(code: .noManifests, message: "give at least one OUT_DIR of a run made with --shard K/N")
        }
        return found
    }

    /// Writes the merged `manifest.json` and `merge.json` (what was found) into ``destination``.
    ///
    /// - Throws: ``MergeError`` with code `io`.
    public func write(_ result: MergeResult) throws(MergeError) {
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        } catch {
            throw MergeError(code: .io, message: "cannot create \(destination.path): \(error.localizedDescription)")
        }
        do {
            try ManifestWriter.write(result.manifest, to: destination.appendingPathComponent("manifest.json"))
            let data = try ManifestWriter.makeEncoder(pretty: true).encode(result)
            try AtomicFile.write(data + Data("\n".utf8), to: destination.appendingPathComponent("merge.json"))
        } catch let error as RunError {
            throw MergeError(code: .io, message: error.message)
        } catch {
            throw MergeError(code: .io, message: "cannot encode the merge: \(error)")
        }
    }
}
