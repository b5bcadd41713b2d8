import AsyncHTTPClient
import Foundation
import NIOCore

/// Downloads `imageUrl` (and `background.imageUrl`) for `GET /v2/edit`, restricted to loopback addresses:
/// the emulator runs next to the tests and must never reach out to the network.
enum LoopbackFetcher {
    /// The hosts accepted in an image URL.
    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    /// Whether `url` is an http(s) URL on a loopback host (127.0.0.0/8, `localhost`, `::1`).
    static func isLoopback(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased()
        else { return false }
        if loopbackHosts.contains(host) { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Fetches the bytes at `text` for parameter `name`.
    ///
    /// - Throws: ``EmulatorError`` (400) when the URL is not loopback, cannot be fetched, does not answer 200,
    ///   or is larger than `maxBytes`.
    static func fetch(_ text: String, parameter name: String, maxBytes: Int) async throws(EmulatorError) -> [UInt8] {
        guard let url = URL(string: text), isLoopback(url) else {
            throw .badRequest(
                .imageAPI,
                "\(name) must be a loopback URL (http://127.0.0.1/… or http://localhost/…): the emulator does not "
                    + "fetch from the network"
            )
        }
        // AsyncHTTPClient, not URLSession: FoundationNetworking would tie the release binary to libcurl.
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
        } catch {
            throw .badRequest(.imageAPI, "\(name) could not be downloaded: \(error)")
        }
        guard response.status == .ok else {
            throw .badRequest(.imageAPI, "\(name) could not be downloaded: the server answered \(response.status.code)")
        }
        do {
            return Array(buffer: try await response.body.collect(upTo: maxBytes))
        } catch is NIOTooManyBytesError {
            throw .badRequest(.imageAPI, "\(name) is larger than \(maxBytes / 1_000_000) MB")
        } catch {
            throw .badRequest(.imageAPI, "\(name) could not be downloaded: \(error)")
        }
    }
}
