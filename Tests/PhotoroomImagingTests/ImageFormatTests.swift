import Foundation
import Testing

@testable import PhotoroomImaging

@Suite struct ImageFormatTests {
    static let signatures: [([UInt8], ImageFormat)] = makeSignatures()

    static func makeSignatures() -> [([UInt8], ImageFormat)] {
        let table: [([UInt8], ImageFormat)] = [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
            (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp),
            (Array("GIF89a".utf8) + [1, 0, 1, 0], .gif),
            (Array("GIF87a".utf8) + [1, 0, 1, 0], .gif),
            (Array("BM".utf8) + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0, 1, 0], .bmp),
            ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
            ([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], .tiff),
            ([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8), .heic),
            ([0, 0, 0, 0x1C] + Array("ftypmif1".utf8) + [0, 0, 0, 0] + Array("mif1miafheix".utf8), .heic),
            ([0, 0, 0, 0x20] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miafMA1B".utf8), .avif),
            ([0, 0, 0, 0x1C] + Array("ftypmif1".utf8) + [0, 0, 0, 0] + Array("mif1avifmiaf".utf8), .avif),
            ([0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 0, 0] + Array("isommp41".utf8), .unknown),
            (Array("hello, this is text".utf8), .unknown),
            (Array("BMW is a car brand, not a bitmap".utf8), .unknown),
            ([], .unknown),
            ([0xFF, 0xD8], .unknown),
        ]
        return table
    }

    @Test(arguments: signatures)
    func sniffsMagicBytes(bytes: [UInt8], expected: ImageFormat) {
        #expect(ImageFormat.sniff(bytes) == expected)
    }

    @Test func onlyPNGJPEGAndWebPAreAcceptedByEdit() {
        #expect(ImageFormat.allCases.filter(\.isAcceptedByEdit) == [.png, .jpeg, .webp])
    }

    @Test func extensionsMapToFormats() {
        #expect(ImageFormat(fileExtension: "JPG") == .jpeg)
        #expect(ImageFormat(fileExtension: ".jpeg") == .jpeg)
        #expect(ImageFormat(fileExtension: "png") == .png)
        #expect(ImageFormat(fileExtension: "HEIF") == .heic)
        #expect(ImageFormat(fileExtension: "tif") == .tiff)
        #expect(ImageFormat(fileExtension: "txt") == nil)
        #expect(ImageFormat(fileExtension: "") == nil)
    }

    @Test func formatIsCodableAsItsRawValue() throws {
        let data = try JSONEncoder().encode([ImageFormat.heic, .jpeg])
        #expect(String(decoding: data, as: UTF8.self) == #"["heic","jpeg"]"#)
    }
}
