import PhotoroomImaging
import PhotoroomRendering

/// Cropping and resizing for the emulator's segment renderer; resizing is the rendering target's
/// ``Resampler`` (area averaging in premultiplied linear light), the same filter local finishing uses.
enum Resample {
    /// `image` cropped to `box` (clamped to the image).
    static func crop(_ image: RGBAImage, to box: PixelBox) -> RGBAImage {
        let x0 = max(0, box.x)
        let y0 = max(0, box.y)
        let x1 = min(image.width, box.x + box.width)
        let y1 = min(image.height, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return RGBAImage(width: 0, height: 0) }
        if x0 == 0, y0 == 0, x1 == image.width, y1 == image.height { return image }
        var canvas = RGBAImage(width: x1 - x0, height: y1 - y0)
        canvas.pixels.withUnsafeMutableBufferPointer { target in
            image.pixels.withUnsafeBufferPointer { source in
                for y in y0..<y1 {
                    let from = source.baseAddress! + (y * image.width + x0) * 4
                    let to = target.baseAddress! + (y - y0) * (x1 - x0) * 4
                    to.update(from: from, count: (x1 - x0) * 4)
                }
            }
        }
        return canvas
    }

    /// `image` scaled to `width` × `height` (each at least 1).
    static func resize(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        Resampler.resize(image, width: width, height: height)
    }
}
