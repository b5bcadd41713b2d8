import Foundation
import PhotoroomAPI
import PhotoroomEmulator
import PhotoroomImaging
import PhotoroomPipeline
import PhotoroomPricing
import Testing

/// Scanning, validation and pricing of a small catalog made in a temporary folder.
@Suite struct EstimatorTests {
    /// A catalog: 3 valid images (one in a subfolder), a truncated JPEG, a GIF, an empty file, a text file named .jpg,
    /// a README that is not taken, and a hidden file.
    static func makeCatalog() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prb-estimate-\(UUID().uuidString)")
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: root.appendingPathComponent("shoes"), withIntermediateDirectories: true)
        let image = RGBAImage(width: 120, height: 90, fill: (200, 30, 30, 255))
        let jpeg = try ImageCodec.encodeJPEG(image, quality: 85)
        try Data(jpeg).write(to: root.appendingPathComponent("mug.jpg"))
        try Data(try ImageCodec.encodePNG(image)).write(to: root.appendingPathComponent("bottle.png"))
        // Another content than mug.jpg (equal bytes would be a duplicate, priced once).
        try Data(try ImageCodec.encodeJPEG(image, quality: 70)).write(
            to: root.appendingPathComponent("shoes/sneaker.jpg"))
        try Data(jpeg.prefix(jpeg.count / 2)).write(to: root.appendingPathComponent("broken.jpg"))
        try Data("GIF89a\u{01}\u{00}\u{01}\u{00}\u{00}\u{00}\u{00};".utf8).write(
            to: root.appendingPathComponent("anim.gif"))
        try Data().write(to: root.appendingPathComponent("empty.png"))
        try Data("not an image at all".utf8).write(to: root.appendingPathComponent("notes.jpg"))
        try Data("# readme".utf8).write(to: root.appendingPathComponent("README.md"))
        try Data(jpeg).write(to: root.appendingPathComponent(".hidden.jpg"))
        return root
    }

    @Test func scannerTakesImagesOnlyAndSkipsHidden() throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try InputScanner(input: .init()).scan([root.path])
        #expect(
            result.files.map(\.relativePath) == [
                "anim.gif", "bottle.png", "broken.jpg", "empty.png", "mug.jpg", "notes.jpg", "shoes/sneaker.jpg",
            ])
        var flat = PipelineConfiguration.Input()
        flat.recursive = false
        #expect(try InputScanner(input: flat).scan([root.path]).files.count == 6)
        flat.exclude = ["*.gif"]
        #expect(try InputScanner(input: flat).scan([root.path]).files.count == 5)
    }

    @Test func missingFolderIsAScanError() {
        #expect(throws: ScanError.self) { try InputScanner(input: .init()).scan(["/nonexistent/catalog"]) }
    }

    @Test(arguments: [(Plan.basic, Decimal(15)), (Plan.plus, Decimal(3))])
    func offlineEstimateOnAFixedPlan(plan: Plan, images: Decimal) async throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        var configuration = PipelineConfiguration()
        configuration.plan = .fixed(plan)
        let report = try await Estimator().estimate(
            .init(roots: [root.path], configuration: configuration, planSource: "option", client: nil))
        #expect(report.totals.files == 7)
        #expect(report.totals.billable == 3)
        #expect(report.totals.invalid == 4)
        #expect(Set(report.invalid.map(\.path)) == ["anim.gif", "broken.jpg", "empty.png", "notes.jpg"])
        #expect(report.invalid.allSatisfy { !$0.issues.isEmpty })
        #expect(report.plan?.images == images)
        #expect(report.alternatives.count == 1)
        #expect(report.verdict == .unknown)
        #expect(report.formats == ["jpeg": 2, "png": 1])
    }

    @Test func duplicatesArePricedOnce() async throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("mug.jpg"),
            to: root.appendingPathComponent("shoes/mug-copy.jpg")
        )
        var configuration = PipelineConfiguration()
        configuration.plan = .fixed(.basic)
        let report = try await Estimator().estimate(
            .init(roots: [root.path], configuration: configuration, planSource: "option", client: nil))
        #expect(report.totals.valid == 4)
        #expect(report.totals.duplicates == 1)
        #expect(report.totals.billable == 3)
        #expect(report.plan?.images == 15)
        #expect(report.text.contains("1 duplicates"))
    }

    @Test func offlineAutoShowsBothPlans() async throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try await Estimator().estimate(
            .init(roots: [root.path], configuration: PipelineConfiguration(), planSource: "config", client: nil)
        )
        #expect(report.plan == nil)
        #expect(report.alternatives.map(\.images) == [15, 3])
    }

    @Test func budgetShortfallIsExact() async throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        var configuration = PipelineConfiguration()
        configuration.plan = .fixed(.basic)
        configuration.maxCredits = 10
        let report = try await Estimator().estimate(
            .init(roots: [root.path], configuration: configuration, planSource: "option", client: nil))
        #expect(report.verdict == .short)
        #expect(report.shortBy == 5)
        #expect(report.text.contains("short by 5 images"))
    }

    @Test func autoPlanAndBalanceFromTheAccount() async throws {
        let root = try Self.makeCatalog()
        defer { try? FileManager.default.removeItem(at: root) }
        let emulator = EmulatorConfiguration(port: 0, plan: .plus, credits: 2, apiKey: "estimate-key-0001")
        try await Emulator.withEmulator(emulator) { running in
            let client = PhotoroomClient(
                configuration: .init(baseURL: running.baseURL, apiKey: APIKey("estimate-key-0001")!))
            let report = try await Estimator().estimate(
                .init(roots: [root.path], configuration: PipelineConfiguration(), planSource: "config", client: client)
            )
            #expect(report.plan?.plan == "plus")
            #expect(report.plan?.source == "account")
            #expect(report.plan?.images == 3)
            #expect(report.balance?.available == 2)
            #expect(report.verdict == .short)
            #expect(report.shortBy == 1)
            #expect(await running.state().callsPerEndpoint["/v2/edit", default: 0] == 0)
        }
    }
}
