import Foundation
import Hummingbird
import HummingbirdTesting

/// A throw-away loopback HTTP server that serves one image at `/image.png`.
enum ImageHost {
    /// Serves `bytes` on an ephemeral port for the duration of `body`, which gets the image's URL.
    static func serving<T: Sendable>(
        _ bytes: [UInt8], _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.get("/image.png") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "image/png"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/image.png")
        }
    }
}
