import PhotoroomImaging
import PhotoroomRendering

/// The visible mark on sandbox output: the word SANDBOX in a blocky 5 × 7 font, dark on a pale band, drawn
/// across the image at one, two and three quarters of its height.
enum Watermark {
    /// 5 × 7 glyphs, one string of `#` and `.` per row.
    private static let glyphs: [Character: [String]] = [
        "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
        "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
        "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
        "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
        "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
        "X": ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
    ]

    /// The text drawn.
    static let text = "SANDBOX"

    /// Draws the mark on `image` in place.
    static func apply(to image: inout RGBAImage) {
        guard image.width >= 8, image.height >= 8 else {
            return
        }
        // Each glyph is 5 cells wide plus 1 cell of spacing; the word spans about 70% of the width.
        let cells = text.count * 6 - 1
        let cell = max(1, image.width * 7 / 10 / cells)
        let textWidth = cells * cell
        let textHeight = 7 * cell
        let left = (image.width - textWidth) / 2
        let band = Colour(r: 255, g: 255, b: 255, a: 150)
        let ink = Colour(r: 40, g: 40, b: 40, a: 200)
        for quarter in 1...3 {
            let top = image.height * quarter / 4 - textHeight / 2
            fill(
                &image, x: left - cell, y: top - cell, width: textWidth + 2 * cell, height: textHeight + 2 * cell, band)
            var x = left
            for character in text {
                for (row, line) in (glyphs[character] ?? []).enumerated() {
                    for (column, mark) in line.enumerated() where mark == "#" {
                        fill(&image, x: x + column * cell, y: top + row * cell, width: cell, height: cell, ink)
                    }
                }
                x += 6 * cell
            }
        }
    }

    /// Blends a rectangle of `colour` over the image (clipped).
    private static func fill(_ image: inout RGBAImage, x: Int, y: Int, width: Int, height: Int, _ colour: Colour) {
        let patch = Compositing.canvas(width: width, height: height, colour: colour)
        Compositing.draw(patch, over: &image, x: x, y: y)
    }
}
