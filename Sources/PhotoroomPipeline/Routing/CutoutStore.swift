import Foundation
import PhotoroomAPI

/// A paid `/v1/segment` cutout kept in OUT_DIR, as the journal recorded it.
public struct StoredCutout: Sendable, Equatable {
    /// Its path relative to OUT_DIR (`.photoroom-batch/cutouts/<input sha256>-<key>.png`).
    public var path: String
    /// SHA-256 of its bytes (lower-case hex).
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}

/// Where paid cutouts live: `OUT_DIR/.photoroom-batch/cutouts/`. A cutout is stored (fsynced, renamed, journaled)
/// before it is finished, so a finishing failure, a kill or a change of the finishing settings never needs a
/// second paid call: the next run finishes from the stored cutout.
enum CutoutStore {
    /// The folder, relative to OUT_DIR.
    static let folder = ".photoroom-batch/cutouts"

    /// The key of the cutout itself: the `/v1/segment` call's fields, live or sandbox, and the endpoint. The
    /// finishing settings are not part of it: one cutout serves every local recipe.
    static func keyHash(sandbox: Bool, endpoint: String?) -> String {
        SettingsKey(
            parameters: Dictionary(uniqueKeysWithValues: SegmentRequest.fields.map { ($0.name, $0.value) }),
            sandbox: sandbox,
            route: "v1/segment",
            endpoint: endpoint
        ).hash
    }

    /// The relative path of the cutout of the input with content `sha256` under `keyHash`.
    static func relativePath(inputSHA256 sha256: String, keyHash: String) -> String {
        "\(folder)/\(sha256)-\(keyHash.prefix(16)).png"
    }
}

extension SettingsKey {
    /// The route of results made by `/v1/segment` plus local finishing.
    public static let segmentRoute = "v1/segment+local"
}
