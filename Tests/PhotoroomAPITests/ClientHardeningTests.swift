import Crypto
import Foundation
import Hummingbird
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import Testing

/// The key never leaves for another host (no redirects, no cleartext http to remote hosts), the upload is hashed as
/// streamed, and object parameters go out as dotted fields.
@Suite struct ClientHardeningTests {
    static let key = "pr_test_key_0123456789"

    func client(_ baseURL: String) -> PhotoroomClient {
        PhotoroomClient(
            configuration: .init(
                baseURL: baseURL, apiKey: APIKey(Self.key)!, accountTimeout: .seconds(10), editTimeout: .seconds(20)))
    }

    static func sha256(of url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: Redirects

    @Test func redirectsAreNotFollowedSoTheKeyStaysHome() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        try await RedirectServer.run { server in
            let client = client(server.baseURL)
            do {
                _ = try await client.account()
                Issue.record("expected the redirect to be refused")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .unexpectedStatus)
                #expect(error.httpStatus == 302)
                #expect(error.message.contains("does not follow redirects"), "\(error.message)")
                #expect(error.message.contains("localhost"))
            }
            do {
                _ = try await client.edit(
                    EditRequest(
                        inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                        destinationPath: folder.appendingPathComponent("out.png").path))
                Issue.record("expected the redirect to be refused")
            } catch let error as PhotoroomAPIError {
                #expect(error.httpStatus == 307)
            }
            // Same host, other path: not followed either.
            await #expect(throws: PhotoroomAPIError.self) {
                _ = try await PhotoroomClient(
                    configuration: .init(baseURL: server.baseURL + "/same", apiKey: APIKey(Self.key)!)
                ).account()
            }
            #expect(await server.keysSeenAtTheTarget() == [])
        }
    }

    // MARK: http:// to remote hosts

    @Test(arguments: [
        ("https://image-api.photoroom.com", true), ("http://127.0.0.1:8080", true), ("http://localhost:9", true),
        ("http://[::1]:8080", true), ("http://127.1.2.3", true), ("http://example.com", false),
        ("http://10.0.0.5:8080", false), ("http://localhost.evil.com", false), ("ftp://example.com", false),
        ("image-api.photoroom.com", false),
    ])
    func cleartextOnlyToLoopback(baseURL: String, allowed: Bool) {
        let problem = PhotoroomClient.baseURLProblem(baseURL)
        #expect((problem == nil) == allowed, "\(baseURL): \(problem ?? "allowed")")
    }

    @Test func cleartextRemoteBaseIsRefusedBeforeAnyConnection() async throws {
        do {
            _ = try await client("http://example.com").account()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("http://"))
            #expect(error.message.contains("unencrypted"))
        }
    }

    // MARK: Upload hashing

    @Test func uploadedBytesAreHashed() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        let configuration = EmulatorConfiguration(port: 0, credits: 50, apiKey: Self.key)
        try await Emulator.withEmulator(configuration) { running in
            let probed = try Self.sha256(of: input)
            let first = try await client(running.baseURL).edit(
                EditRequest(
                    inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                    destinationPath: folder.appendingPathComponent("a.png").path))
            #expect(first.uploadedSHA256 == probed)
            #expect(first.uploadedSHA256?.count == 64)

            // The file changes between probing and upload: the response names the bytes that were sent.
            let changed = RGBAImage(width: 64, height: 64, fill: (10, 200, 10, 255))
            try Data(try ImageCodec.encodeJPEG(changed, quality: 90)).write(to: input)
            let second = try await client(running.baseURL).edit(
                EditRequest(
                    inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg", parameters: [],
                    destinationPath: folder.appendingPathComponent("b.png").path))
            #expect(second.uploadedSHA256 == (try Self.sha256(of: input)))
            #expect(second.uploadedSHA256 != probed)
        }
    }

    // MARK: Object parameters

    /// The emulator refuses JSON text for object parameters, so a 200 proves they went out as dotted and repeated
    /// fields.
    @Test func objectParametersGoOutAsDottedAndRepeatedFields() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        let configuration = EmulatorConfiguration(port: 0, credits: 50, apiKey: Self.key)
        try await Emulator.withEmulator(configuration) { running in
            let response = try await client(running.baseURL).edit(
                EditRequest(
                    inputPath: input.path, fileName: "p.jpg", contentType: "image/jpeg",
                    parameters: [
                        ("virtualModel.mode", "ai.auto"), ("virtualModel.model", #"{"preset":{"name":"avery"}}"#),
                        (
                            "virtualModel.additionalProductImages",
                            #"["https://example.com/1.jpg","https://example.com/2.jpg"]"#
                        ),
                    ],
                    destinationPath: folder.appendingPathComponent("vm.png").path))
            #expect(response.status == 200)
            #expect(response.unsupportedAttributes == nil)
        }
    }
}

/// A tiny Hummingbird server whose API routes redirect elsewhere, recording any key that reaches the target.
struct RedirectServer: Sendable {
    let port: Int
    let seen: SeenKeys

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func keysSeenAtTheTarget() async -> [String] { await seen.keys }

    actor SeenKeys {
        var keys: [String] = []
        func add(_ key: String) { keys.append(key) }
    }

    static func run(_ body: @Sendable (RedirectServer) async throws -> Void) async throws {
        let seen = SeenKeys()
        let router = Router()
        @Sendable func elsewhere(_ request: Request) -> String {
            let port = request.head.authority?.split(separator: ":").last.map(String.init) ?? "0"
            return "http://localhost:\(port)/stolen"
        }
        router.get("/v2/account") { request, _ in
            Response(status: .found, headers: [.location: elsewhere(request)])
        }
        router.get("/same/v2/account") { _, _ in
            Response(status: .found, headers: [.location: "/stolen"])
        }
        router.post("/v2/edit") { request, _ in
            Response(status: .temporaryRedirect, headers: [.location: elsewhere(request)])
        }
        router.get("/stolen") { request, _ -> String in
            await seen.add(request.headers[.init("x-api-key")!] ?? "")
            return #"{"images":{"available":1,"subscription":1},"plan":"basic"}"#
        }
        router.post("/stolen") { request, _ -> String in
            await seen.add(request.headers[.init("x-api-key")!] ?? "")
            return "ok"
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            try await body(RedirectServer(port: port, seen: seen))
        }
    }
}
