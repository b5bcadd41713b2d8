internal import CPhotoroomImaging

/// Reads the fixed-size C message buffer of a `primg_info`.
enum CMessage {
    static func string(from info: primg_info) -> String {
        withUnsafeBytes(of: info.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
