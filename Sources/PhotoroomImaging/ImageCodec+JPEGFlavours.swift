internal import CPhotoroomImaging

extension ImageCodec {
    /// JPEG flavours the encoder can write; tests and fixtures use them to cover every decoder path.
    struct JPEGFlavour: Sendable {
        /// The colour space stored in the file: `.ycbcr` (usual), `.gray`, `.rgb`, `.cmyk` or `.ycck`.
        var colorModel: ColorModel = .ycbcr
        /// A progressive (multi-scan) file.
        var progressive = false
        /// 1...100.
        var quality = 85
    }

    /// Encodes packed samples: `channels` 1 (gray), 3 (RGB), 4 (RGBA, alpha ignored; or CMYK when the flavour is
    /// `.cmyk`/`.ycck`: written with an Adobe marker, so 255 means no ink).
    static func encodeJPEG(
        samples: [UInt8], width: Int, height: Int, channels: Int, flavour: JPEGFlavour
    ) throws(ImageCodecError) -> [UInt8] {
        guard width > 0, height > 0, samples.count == width * height * channels else {
            throw ImageCodecError(
                code: .encodeFailed, message: "sample count does not match \(width)x\(height)x\(channels)")
        }
        let model: Int32 =
            switch flavour.colorModel {
            case .gray: PRIMG_MODEL_GRAY
            case .rgb: PRIMG_MODEL_RGB
            case .cmyk: PRIMG_MODEL_CMYK
            case .ycck: PRIMG_MODEL_YCCK
            default: PRIMG_MODEL_YCBCR
            }
        var options = primg_jpeg_options(
            quality: Int32(flavour.quality), progressive: flavour.progressive ? 1 : 0, color_model: model)
        return try encode(pixels: samples) { pixels, output, size, message, messageSize in
            primg_encode_jpeg_ex(
                pixels, UInt32(width), UInt32(height), Int32(channels), &options, output, size, message, messageSize)
        }
    }
}
