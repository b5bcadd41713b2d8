import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPricing
import Testing

/// `PhotoroomClient.segment` against the built-in emulator on an ephemeral port.
@Suite struct SegmentClientTests {
    static let key = "pr_test_key_0123456789"

    func client(_ running: RunningEmulator) -> PhotoroomClient {
        PhotoroomClient(configuration: .init(baseURL: running.baseURL, apiKey: APIKey(Self.key)!))
    }

    static func folderWithProduct() throws -> (folder: URL, input: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prb-segment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var image = RGBAImage(width: 80, height: 60, fill: (255, 255, 255, 255))
        for y in 15..<45 {
            for x in 20..<60 {
                image.pixels.replaceSubrange(((y * 80 + x) * 4)..<((y * 80 + x) * 4 + 4), with: [30, 60, 200, 255])
            }
        }
        let input = folder.appendingPathComponent("product.png").path
        try Data(try ImageCodec.encodePNG(image, includeAlpha: false)).write(to: URL(fileURLWithPath: input))
        return (folder, input)
    }

    @Test func hostsDefaultToSDKAndOneOverridePointsBothAtOneServer() {
        let key = APIKey(Self.key)!
        let production = PhotoroomClient.Configuration(apiKey: key)
        #expect(production.baseURL == "https://image-api.photoroom.com")
        #expect(production.segmentBaseURL == "https://sdk.photoroom.com")
        let local = PhotoroomClient.Configuration(baseURL: "http://127.0.0.1:8080/", apiKey: key)
        #expect(local.segmentBaseURL == "http://127.0.0.1:8080")
        let split = PhotoroomClient.Configuration(baseURL: "http://a:1", segmentBaseURL: "http://b:2/", apiKey: key)
        #expect(split.segmentBaseURL == "http://b:2")
    }

    @Test func segmentStreamsAFullSizeRGBACutoutAndBillsOneImage() async throws {
        let (folder, input) = try Self.folderWithProduct()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("cutout.png").path
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .basic, credits: 10, apiKey: Self.key)) {
            running in
            let response = try await client(running).segment(
                SegmentRequest(
                    inputPath: input, fileName: "product.png", contentType: "image/png", destinationPath: output))
            #expect(response.status == 200)
            #expect(response.contentType == "image/png")
            #expect(response.uncertaintyScore != nil)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(Int64(bytes.count) == response.bytesWritten)
            let cutout = try ImageCodec.decode(bytes)
            #expect(cutout.width == 80 && cutout.height == 60)
            #expect(cutout.pixels[3] == 0, "the backdrop is transparent")
            let centre = (30 * 80 + 40) * 4
            #expect(Array(cutout.pixels[centre..<(centre + 4)]) == [30, 60, 200, 255])
            let state = await running.state()
            #expect(state.balance.available == 9)
            #expect(state.successfulSegments == 1)
        }
    }

    @Test func paymentRequiredUsesTheFlatBodyAndLeavesNoFile() async throws {
        let (folder, input) = try Self.folderWithProduct()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("cutout.png").path
        try await Emulator.withEmulator(EmulatorConfiguration(port: 0, plan: .basic, credits: 0, apiKey: Self.key)) {
            running in
            do {
                _ = try await client(running).segment(
                    SegmentRequest(
                        inputPath: input, fileName: "p.png", contentType: "image/png", destinationPath: output))
                Issue.record("expected 402")
            } catch let error as PhotoroomAPIError {
                #expect(error.code == .paymentRequired)
                #expect(error.httpStatus == 402)
                #expect(!error.message.isEmpty && !error.message.contains("{"))
                #expect(!error.mayHaveBeenBilled)
            }
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func theLimitsPerRoute() {
        #expect(
            EndpointInputLimits.segment.problem(
                endpoint: "/v1/segment", format: .heic, fileBytes: 1000, width: nil, height: nil) == nil)
        #expect(
            EndpointInputLimits.edit.problem(
                endpoint: "/v2/edit", format: .heic, fileBytes: 1000, width: nil, height: nil) != nil)
        #expect(
            EndpointInputLimits.segment.problem(
                endpoint: "/v1/segment", format: .jpeg, fileBytes: 40_000_000, width: 100, height: 100) == nil)
        #expect(
            EndpointInputLimits.edit.problem(
                endpoint: "/v2/edit", format: .jpeg, fileBytes: 40_000_000, width: 100, height: 100) != nil)
        let wide = EndpointInputLimits.segment.problem(
            endpoint: "/v1/segment", format: .png, fileBytes: 10, width: 6001, height: 10)
        #expect(wide?.contains("6000 px") == true)
        #expect(
            EndpointInputLimits.segment.problem(
                endpoint: "/v1/segment", format: .png, fileBytes: 10, width: 6000, height: 6000) == nil)
    }
}
