import Foundation
import Testing

@testable import PhotoroomImaging

/// The committed Samples/ folder gets exactly the verdicts Samples/README.md promises.
@Suite struct SamplesTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    static let expectations: [(String, ValidationVerdict.Status, [ValidationIssue.Code])] = [
        ("sneaker-red.jpg", .valid, []),
        ("bottle-blue.jpg", .valid, []),
        ("mug-green.png", .valid, []),
        ("lamp-cutout.png", .valid, []),
        ("shoes/boot-brown.jpg", .valid, []),
        ("shoes/sandal-yellow.jpg", .valid, []),
        ("warnings/mug-cmyk.jpg", .validWithWarnings, [.cmyk]),
        ("warnings/bottle-really-png.jpg", .validWithWarnings, [.extensionMismatch]),
        ("warnings/tiny-icon.png", .validWithWarnings, [.smallImage]),
        ("invalid/truncated.jpg", .invalid, [.truncated]),
        ("invalid/broken-crc.png", .invalid, [.corrupt]),
        ("invalid/animation.gif", .invalid, [.unsupportedFormat]),
        ("invalid/empty.png", .invalid, [.emptyFile]),
        ("invalid/notes.jpg", .invalid, [.unsupportedFormat]),
    ]

    @Test(arguments: expectations)
    func sampleGetsItsDocumentedVerdict(name: String, status: ValidationVerdict.Status, codes: [ValidationIssue.Code]) {
        let verdict = ImageValidator().validate(fileAt: Self.samples.appendingPathComponent(name))
        #expect(verdict.status == status, "\(name): \(verdict)")
        #expect(verdict.issues.map(\.code) == codes, "\(name): \(verdict)")
    }

    @Test func everySampleFileIsListed() throws {
        let listed = Set(Self.expectations.map(\.0))
        let root = Self.samples.resolvingSymlinksInPath()
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var found: Set<String> = []
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
            if isFile && relative != "README.md" { found.insert(relative) }
        }
        #expect(found == listed)
    }

    @Test func productSamplesDecodeAtProductSizes() throws {
        for name in ["sneaker-red.jpg", "mug-green.png", "shoes/boot-brown.jpg", "lamp-cutout.png"] {
            let bytes = [UInt8](try Data(contentsOf: Self.samples.appendingPathComponent(name)))
            let image = try ImageCodec.decode(bytes)
            #expect((800...1600).contains(max(image.width, image.height)), "\(name)")
            // The corner is background: white or near-white, or transparent for the cut-out.
            let corner = Array(image.pixels[0..<4])
            #expect(corner[3] == 0 || corner[0...2].allSatisfy { $0 >= 240 }, "\(name) corner \(corner)")
        }
    }

    @Test func headerModeAcceptsDamageBeyondTheHeader() {
        let validator = ImageValidator(mode: .header)
        for name in ["invalid/truncated.jpg", "invalid/broken-crc.png"] {
            #expect(validator.validate(fileAt: Self.samples.appendingPathComponent(name)).status == .valid, "\(name)")
        }
    }

    @Test func cmykSampleDecodesToItsMagentaMug() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.samples.appendingPathComponent("warnings/mug-cmyk.jpg")))
        let image = try ImageCodec.decode(bytes)
        // The mug body's centre was drawn in RGB (200, 60, 140) before Pillow converted it to CMYK.
        let offset = (image.height / 2 * image.width + image.width * 44 / 100) * 4
        let rgb = image.pixels[offset..<offset + 3].map(Int.init)
        #expect(zip(rgb, [200, 60, 140]).allSatisfy { abs($0 - $1) <= 12 }, "decoded \(rgb)")
        let corner = image.pixels[0..<3].map(Int.init)
        #expect(corner.allSatisfy { $0 >= 240 }, "corner \(corner)")
    }
}
