import FolioText
import TesseractKit

/// Charts and pictures on a scanned page, found by their ink.
///
/// On a text layer a figure is an image, with no words; on a scan OCR reads its
/// axis ticks, legend and labels as words, which would land in the body. What
/// gives a figure away is ink that is not text: plot lines, bars, axes, photo
/// tones. The page is cut into cells about a line high; a cell is inked when
/// enough dark pixels in it lie outside every word. A block of inked cells,
/// several lines tall and wide, and filled rather than a frame (a box's border
/// or a rule has ink only along its edges), is a figure; the words on it, and
/// those within a short reach of it (tick labels under an axis), are its text,
/// but for a caption line (`Figure 3.`, `Source:`), which the document keeps.
enum FigureFinder {
    /// Darker than this is ink (0 black, 255 white); lighter is paper, shading or scan noise.
    static let inkLevel: UInt8 = 128

    /// Regions, in image pixels, that hold figures.
    static func regions(in image: GrayImage, words ocrWords: [OCRWord]) -> [OCRBox] {
        guard image.isValid, !ocrWords.isEmpty else { return [] }
        let words = ocrWords.map(\.box)
        let heights = words.map(\.height).sorted()
        let em = max(8, heights[heights.count / 2])
        let cell = Int(em.rounded())
        let columns = (image.width + cell - 1) / cell
        let rows = (image.height + cell - 1) / cell

        // Word boxes, a little grown, mask the text's own ink, row by row.
        var spansByRow = [[(Int, Int)]](repeating: [], count: image.height)
        for w in words {
            let x0 = max(0, Int(w.x0) - 2)
            let x1 = min(image.width, Int(w.x1.rounded(.up)) + 2)
            for y in max(0, Int(w.y0) - 2)..<min(image.height, Int(w.y1.rounded(.up)) + 2) {
                spansByRow[y].append((x0, x1))
            }
        }
        var ink = [Int](repeating: 0, count: columns * rows)
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                let row = y * image.bytesPerRow
                let spans = spansByRow[y]
                let cellRow = (y / cell) * columns
                var x = 0
                while x < image.width {
                    if pixels[row + x] < inkLevel {
                        if let span = spans.first(where: { x >= $0.0 && x < $0.1 }) {
                            x = span.1
                            continue
                        }
                        ink[cellRow + x / cell] += 1
                    }
                    x += 1
                }
            }
        }
        // A stroke across a cell leaves a line of pixels; specks of scan noise a few.
        let inked = ink.map { $0 >= cell / 2 }

        var figures: [OCRBox] = []
        var seen = [Bool](repeating: false, count: inked.count)
        for start in inked.indices where inked[start] && !seen[start] {
            var stack = [start]
            seen[start] = true
            var count = 0
            var dark = 0
            var (c0, r0, c1, r1) = (columns, rows, 0, 0)
            var cells: [Int] = []
            while let i = stack.popLast() {
                cells.append(i)
                count += 1
                dark += ink[i]
                let (r, c) = (i / columns, i % columns)
                (c0, r0, c1, r1) = (min(c0, c), min(r0, r), max(c1, c), max(r1, r))
                // Neighbours two cells away too: a dashed or faint plot line stays one figure.
                for dr in -2...2 {
                    for dc in -2...2 {
                        let (nr, nc) = (r + dr, c + dc)
                        guard nr >= 0, nr < rows, nc >= 0, nc < columns else { continue }
                        let j = nr * columns + nc
                        if inked[j] && !seen[j] {
                            seen[j] = true
                            stack.append(j)
                        }
                    }
                }
            }
            let width = c1 - c0 + 1
            let height = r1 - r0 + 1
            // Several lines tall and wide: a rule with a word's stray ink beside it is not a figure.
            guard width >= 8, height >= 6 else { continue }
            // A frame or a rule inks its edges only; a figure fills its area.
            let inside = cells.filter { i in
                let (r, c) = (i / columns, i % columns)
                return r > r0 + 1 && r < r1 - 1 && c > c0 + 1 && c < c1 - 1
            }.count
            guard Double(count) >= 0.12 * Double(width * height),
                Double(inside) >= 0.08 * Double((width - 4) * (height - 4))
            else { continue }
            // Nearly solid ink is a dark ground with text set on it (a cover, a banner).
            guard Double(dark) <= 0.8 * Double(count * cell * cell) else { continue }
            // Tick labels sit beside the axes, a legend above or below the plot.
            let (across, down) = (1.25 * em, 2 * em)
            let region = OCRBox(
                x0: Double(c0 * cell) - across, y0: Double(r0 * cell) - down,
                x1: Double((c1 + 1) * cell) + across, y1: Double((r1 + 1) * cell) + down)
            // Ink around lines of running text is text OCR could not read (a
            // quote in large italics), not a chart: charts label, they don't narrate.
            guard proseLines(in: region, ocrWords) == 0 else { continue }
            figures.append(region)
        }
        return figures
    }

    /// Lines of running text that lie mostly in `region`: five or more words
    /// of three or more letters, most of the line's words inside.
    static func proseLines(in region: OCRBox, _ words: [OCRWord]) -> Int {
        var lines: [Int: (words: Int, inside: Int, long: Int)] = [:]
        for w in words {
            let inside = region.holdsCentre(of: w.box)
            let long = w.text.filter(\.isLetter).count >= 3
            let line = lines[w.lineID] ?? (0, 0, 0)
            lines[w.lineID] = (line.words + 1, line.inside + (inside ? 1 : 0), line.long + (long ? 1 : 0))
        }
        return lines.values.filter { $0.long >= 5 && $0.inside * 2 > $0.words }.count
    }

    /// `lines` without those that lie mostly on figures; caption lines stay.
    static func removingFigureText(_ lines: [[OCRWord]], in image: GrayImage) -> [[OCRWord]] {
        let figures = regions(in: image, words: lines.flatMap { $0 })
        guard !figures.isEmpty else { return lines }
        // Whole lines go: text set around a picture reaches into its box with
        // its first or last words only, and stays.
        return lines.filter { line in
            if Pattern.caption.matches(line.map(\.text).joined(separator: " ")) { return true }
            let inside = line.filter { w in figures.contains { $0.holdsCentre(of: w.box) } }.count
            return inside * 2 <= line.count
        }
    }
}
