import Foundation

/// Reads and writes `manifest.json`: deterministic JSON (sorted keys, ISO 8601 dates), written atomically.
public enum ManifestWriter {
    /// The encoder used for the manifest and the journal: sorted keys, ISO 8601 dates.
    static func makeEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Writes `manifest` to `url` through a temporary file in the same folder and a rename, so readers see
    /// either the old or the new document, never half of one.
    ///
    /// - Throws: ``RunError`` with code `io` when the file cannot be written.
    public static func write(_ manifest: RunManifest, to url: URL) throws(RunError) {
        let data: Data
        do {
            data = try makeEncoder(pretty: true).encode(manifest)
        } catch {
            throw RunError(code: .io, message: "cannot encode the manifest: \(error)")
        }
        try AtomicFile.write(data + Data("\n".utf8), to: url)
    }

    /// Reads a manifest written by this tool.
    ///
    /// - Throws: ``RunError`` with code `io` when the file cannot be read, `corruptState` when it is not a manifest.
    public static func read(from url: URL) throws(RunError) -> RunManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunError(code: .io, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try makeDecoder().decode(RunManifest.self, from: data)
        } catch {
            throw RunError(code: .corruptState, message: "\(url.path) is not a manifest this tool can read: \(error)")
        }
    }
}

/// Atomic replacement of a file's contents: write a temporary sibling, flush it, rename it over the target.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(RunError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw RunError(code: .io, message: "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                throw RunError(code: .io, message: "cannot rename \(temporary.path) to \(url.path): \(reason)")
            }
        } catch let error as RunError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw RunError(code: .io, message: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
