import CPhotoroomImaging
import Testing

@testable import PhotoroomImaging

/// The C shim's own entry points, below the Swift layer.
@Suite struct CShimTests {
    let png: [UInt8]
    let jpeg: [UInt8]

    init() throws {
        let image = TestImages.gradient(width: 30, height: 20)
        png = try ImageCodec.encodePNG(image)
        jpeg = try ImageCodec.encodeJPEG(image)
    }

    @Test func mallocDecodeReturnsAFreeableBuffer() {
        for bytes in [png, jpeg] {
            var info = primg_info()
            var output: UnsafeMutablePointer<UInt8>? = nil
            let status = bytes.withUnsafeBytes {
                primg_decode_rgba($0.baseAddress, $0.count, 1_000_000, &output, &info)
            }
            #expect(status == PRIMG_OK)
            #expect(output != nil)
            #expect(info.width == 30 && info.height == 20 && info.rows_decoded == 20)
            primg_free(output)
        }
    }

    @Test func decodeIntoRefusesASmallBufferBeforeDecoding() {
        for bytes in [png, jpeg] {
            var info = primg_info()
            var buffer = [UInt8](repeating: 0, count: 30 * 20 * 4 - 1)
            let status = bytes.withUnsafeBytes { raw in
                buffer.withUnsafeMutableBufferPointer { out in
                    primg_decode_rgba_into(raw.baseAddress, raw.count, 1_000_000, out.baseAddress!, out.count, &info)
                }
            }
            #expect(status == PRIMG_INVALID_ARGUMENT)
            #expect(info.width == 30 && info.rows_decoded == 0)
            #expect(CMessage.string(from: info).contains("smaller"))
        }
    }

    @Test func nullAndEmptyInputsAreHandled() {
        var info = primg_info()
        #expect(primg_probe(nil, 0, 1, 100, &info) == PRIMG_UNSUPPORTED)
        #expect(primg_sniff(nil, 0) == PRIMG_FORMAT_UNKNOWN)
        var output: UnsafeMutablePointer<UInt8>? = nil
        #expect(primg_decode_rgba(nil, 0, 100, &output, &info) == PRIMG_UNSUPPORTED)
        #expect(output == nil)
        // Only the JPEG signature: libjpeg sees an empty stream after SOI.
        let soi: [UInt8] = [0xFF, 0xD8, 0xFF]
        let status = soi.withUnsafeBytes { primg_probe($0.baseAddress, $0.count, 1, 100, &info) }
        #expect(status == PRIMG_ERROR)
        #expect(info.truncated == 1)
    }

    @Test func fullProbeCountsEveryRow() {
        var info = primg_info()
        let status = jpeg.withUnsafeBytes { primg_probe($0.baseAddress, $0.count, 1, 1_000_000, &info) }
        #expect(status == PRIMG_OK)
        #expect(info.rows_decoded == 20)
        #expect(info.warnings == 0)
        let header = png.withUnsafeBytes { primg_probe($0.baseAddress, $0.count, 0, 1_000_000, &info) }
        #expect(header == PRIMG_OK)
        #expect(info.rows_decoded == 0)
    }
}
