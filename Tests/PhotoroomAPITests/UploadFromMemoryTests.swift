import Crypto
import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import Testing

/// A call whose input bytes the caller already holds (`inputContents`) goes out without reading the file, keeps the
/// upload's hash and its free-or-unknown split, and an answer is stored whole or streamed, never half.
@Suite struct UploadFromMemoryTests {
    static let key = "pr_test_key_0123456789"

    func client(_ baseURL: String, answerLimit: Int = 16 << 20) -> PhotoroomClient {
        var configuration = PhotoroomClient.Configuration(
            baseURL: baseURL, apiKey: APIKey(Self.key)!, accountTimeout: .seconds(10), editTimeout: .seconds(20))
        configuration.inMemoryAnswerLimit = answerLimit
        return PhotoroomClient(configuration: configuration)
    }

    func emulator(faults: FaultConfiguration = .init()) -> EmulatorConfiguration {
        EmulatorConfiguration(port: 0, credits: 50, apiKey: Self.key, faults: faults)
    }

    static func request(_ contents: [UInt8]?, input: String, destination: String) -> EditRequest {
        EditRequest(
            inputPath: input, fileName: "p.jpg", contentType: "image/jpeg", parameters: [("outputSize", "90x70")],
            destinationPath: destination, inputContents: contents)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test func heldBytesAreSentWithoutReadingTheFile() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = [UInt8](try Data(contentsOf: try PhotoroomClientTests.productJPEG(in: folder)))
        let missing = folder.appendingPathComponent("not-there.jpg").path
        let output = folder.appendingPathComponent("out.png").path
        try await Emulator.withEmulator(emulator()) { running in
            let response = try await client(running.baseURL).edit(
                Self.request(bytes, input: missing, destination: output))
            #expect(response.status == 200)
            #expect(response.uploadedSHA256 == Self.hex(bytes))
            let result = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(Int64(result.count) == response.bytesWritten)
            let decoded = try ImageCodec.decode(result)
            #expect(decoded.width == 90 && decoded.height == 70)
            #expect(await running.state().balance.available == 45)

            // Without the held bytes the same call reads the (missing) file and fails before sending: free.
            do {
                _ = try await client(running.baseURL).edit(
                    Self.request(nil, input: missing, destination: folder.appendingPathComponent("b.png").path))
                Issue.record("expected a local file error")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .localFile)
                #expect(!error.mayHaveBeenBilled)
            }
            #expect(await running.state().balance.available == 45)
        }
    }

    @Test func heldBytesToAnUnreachableServerAreFree() async throws {
        // Port 9 (discard) on loopback: nothing listens there on these machines.
        do {
            _ = try await client("http://127.0.0.1:9").edit(
                Self.request([1, 2, 3], input: "/nonexistent/p.jpg", destination: "/nonexistent/o.png"))
            Issue.record("expected a network failure")
        } catch {
            #expect(error.code == .network || error.code == .timeout)
            #expect(!error.mayHaveBeenBilled)
        }
    }

    @Test func heldBytesDroppedAfterBillingAreAnUnknownOutcome() async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = [UInt8](try Data(contentsOf: try PhotoroomClientTests.productJPEG(in: folder)))
        var faults = FaultConfiguration()
        faults.dropAfterBillingEvery = 1
        let output = folder.appendingPathComponent("o.png").path
        try await Emulator.withEmulator(emulator(faults: faults)) { running in
            do {
                _ = try await client(running.baseURL).edit(
                    Self.request(bytes, input: "/nonexistent", destination: output))
                Issue.record("expected a dropped connection")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .outcomeUnknown)
                #expect(error.mayHaveBeenBilled)
            }
            #expect(await running.state().balance.available == 45)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    /// Received whole (the default) or streamed (a limit below the answer's size): the same bytes on disk.
    @Test(arguments: [16 << 20, 0])
    func anAnswerIsStoredWholeOrStreamedAlike(answerLimit: Int) async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        let output = folder.appendingPathComponent("out.png").path
        try await Emulator.withEmulator(emulator()) { running in
            let response = try await client(running.baseURL, answerLimit: answerLimit).edit(
                Self.request(nil, input: input.path, destination: output))
            let stored = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(Int64(stored.count) == response.bytesWritten)
            #expect(try ImageCodec.decode(stored).width == 90)
        }
    }

    /// A 200 whose answer cannot be written is billed and lost: `resultLost` with the system's reason, and no
    /// partial file, whichever way it is stored.
    @Test(arguments: [16 << 20, 0])
    func anAnswerThatCannotBeStoredIsLostAndLeavesNoFile(answerLimit: Int) async throws {
        let folder = try PhotoroomClientTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try PhotoroomClientTests.productJPEG(in: folder)
        let output = folder.appendingPathComponent("missing-folder/out.png").path
        try await Emulator.withEmulator(emulator()) { running in
            do {
                _ = try await client(running.baseURL, answerLimit: answerLimit).edit(
                    Self.request(nil, input: input.path, destination: output))
                Issue.record("expected the result to be lost")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .resultLost)
                #expect(error.mayHaveBeenBilled)
                #expect(error.message.contains("the call was billed"))
                #expect(error.message.localizedCaseInsensitiveContains("no such file"), "\(error.message)")
            }
            #expect(await running.state().balance.available == 45)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }
}
