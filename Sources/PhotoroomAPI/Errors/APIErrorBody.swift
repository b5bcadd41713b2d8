import Foundation

/// The error bodies Photoroom sends, in both of its shapes.
///
/// - `image-api.photoroom.com` (`/v2/edit`, the account endpoints): `{"error":{"message":"…"}}` for 400 and 500,
///   `{"error":{"detail":"…"}}` for 402.
/// - `sdk.photoroom.com` (`/v1/segment`): `{"detail":"…","status_code":402,"type":"unknown_error"}`.
enum APIErrorBody {
    private struct Nested: Decodable {
        struct Inner: Decodable {
            var message: String?
            var detail: String?
        }
        var error: Inner
    }

    private struct Flat: Decodable {
        var detail: String?
        var message: String?
        var type: String?
    }

    /// The human message in `bytes`, whichever shape it has; the raw text (trimmed) when it is not JSON.
    static func message(from bytes: [UInt8]) -> String? {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        if let nested = try? decoder.decode(Nested.self, from: data),
            let text = nested.error.message ?? nested.error.detail
        {
            return text
        }
        if let flat = try? decoder.decode(Flat.self, from: data), let text = flat.detail ?? flat.message {
            return text
        }
        let text = String(decoding: bytes.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
