import PhotoroomImaging

/// What the emulator segments when `/v1/segment` receives a HEIC file: it has no HEVC decoder, so it reads the
/// image's size from the HEIF container (``ImageProbe``: `ispe`, rotated by `irot`) and stands in a plain subject
/// for the photo: a mid-grey rounded shape, centred, 60 % of each side, on white. The cutout is made from that
/// like from any photo, so its size is the HEIC's and its subject box is predictable in tests.
enum HEICStandIn {
    /// The stand-in photo for `bytes`, a HEIC file.
    ///
    /// - Throws: ``EmulatorError`` 400 (flat shape) when the container cannot be read or is too large.
    static func image(_ bytes: [UInt8], maxPixels: Int, parameter: String) throws(EmulatorError) -> RGBAImage {
        let info: ImageInfo
        do {
            info = try ImageProbe(mode: .header, maxPixels: maxPixels).probe(bytes)
        } catch {
            throw .badRequest(
                .sdk, "\(parameter) could not be read as a HEIC image: \(error.message)", type: "invalid_image")
        }
        return subject(width: info.width, height: info.height)
    }

    /// A `width` × `height` photo: white, with a grey ellipse over the middle 60 % of each side.
    static func subject(width: Int, height: Int) -> RGBAImage {
        var image = RGBAImage(width: width, height: height, fill: (255, 255, 255, 255))
        let centreX = Double(width) / 2
        let centreY = Double(height) / 2
        let radiusX = max(0.5, Double(width) * 0.3)
        let radiusY = max(0.5, Double(height) * 0.3)
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            for y in 0..<height {
                let dy = (Double(y) + 0.5 - centreY) / radiusY
                guard dy * dy <= 1 else { continue }
                let half = radiusX * (1 - dy * dy).squareRoot()
                let left = max(0, Int((centreX - half).rounded()))
                let right = min(width, Int((centreX + half).rounded()))
                var o = (y * width + left) * 4
                for _ in left..<max(left, right) {
                    pixels[o] = 128
                    pixels[o + 1] = 128
                    pixels[o + 2] = 128
                    o += 4
                }
            }
        }
        return image
    }
}
