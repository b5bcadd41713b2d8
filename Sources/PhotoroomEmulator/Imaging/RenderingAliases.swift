import PhotoroomRendering

/// The emulator's colour is the rendering target's (`background.color`, `bg_color`, the watermark).
typealias Colour = RGBAColour
