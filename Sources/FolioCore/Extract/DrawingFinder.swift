import FolioModel
import FolioText
import PopplerKit

/// Drawings on a text-layer page (charts, diagrams, frames, pictures), found by
/// their ink. Serves reports and papers whose figures are drawn: charts from
/// spreadsheets and plotting tools, architecture and UML diagrams. Their labels,
/// ticks and legends are words of the text layer, and without the drawing
/// around them they read as headings, list items and one-word paragraphs.
///
/// Poppler gives no access to a page's paths, so the page is rendered and the
/// words' boxes mask the text's own ink: what ink is left was drawn. Rendering
/// costs several times what reading the text layer does, so a page is rendered
/// only when its text hints at a figure (`mayHoldDrawing`). The ink left is
/// grouped into cells of three pixels, touching cells into regions, and regions
/// that overlap into one (a scatter plot's dots inside its axes). Which regions
/// hold a figure's text rather than prose in a box is the `figures` stage's
/// question (`FigureTextFinder`).
enum DrawingFinder {
    /// One pixel a point: a hairline rule still leaves a grey trace.
    static let dpi = 72
    /// Darker than this is ink: a chart's pale grid and tinted fills count,
    /// the paper does not (0 black, 255 white).
    static let inkLevel: UInt8 = 230
    /// Cell side in pixels: ink within a cell of another touches it, so a
    /// dashed line or an arrow's head with its shaft stays one region.
    static let cell = 3
    /// Smallest drawing kept, in points: an inch wide, half an inch tall. A
    /// rule under a heading or a bullet is no figure.
    static let minWidth = 72.0
    static let minHeight = 36.0
    /// More separate bits of ink than this is a picture's grain (a halftone,
    /// a map, a dense scatter plot): no labels to sort out, and merging that
    /// many boxes would cost more than the page.
    static let maxRegions = 5_000

    /// Whether the page's text hints at a figure: at least four short lines
    /// (three words or fewer, under a fifth of the page wide), away from the
    /// page's top and bottom edges, each starting where fewer than two other lines
    /// start. A figure's labels stand apart; a paragraph's last line, a heading
    /// or a list item starts at its column's edge, which many lines share.
    ///
    /// Or the page holds three rows or more of three pieces or more side by
    /// side (the reader splits a line at wide gaps), two of them three words
    /// or fewer: a table, which a frame may hold (`TableFinder.framedTable`).
    /// Prose in columns has a line of a column in each piece.
    static func mayHoldDrawing(_ page: PageText) -> Bool {
        let starts = page.lines.map(\.box.x0).sorted()
        var labels = 0
        for line in page.lines where line.words.count <= 3 && line.box.width < 0.2 * page.width {
            let mid = line.box.midY
            guard mid > 0.08 * page.height, mid < 0.92 * page.height else { continue }
            let x = line.box.x0
            let sharing = starts.partitionPoint(where: { $0 <= x + 2 }) - starts.partitionPoint(where: { $0 < x - 2 })
            if sharing < 3 {
                labels += 1
                if labels >= 4 { return true }
            }
        }
        let tableRows = pageRows(page.lines, box: \.box).count { row in
            row.items.count >= 3 && row.items.count { $0.words.count <= 3 } >= 2
        }
        return tableRows >= 3
    }

    /// Regions of the page, in points, that hold drawn ink at least `minWidth`
    /// by `minHeight`. `bitmap` is the page rendered at any dpi.
    static func regions(in bitmap: PDFGrayBitmap, page: PageText) -> [Box] {
        let (width, height) = (bitmap.width, bitmap.height)
        guard width > 0, height > 0, bitmap.pixels.count >= width * height else { return [] }
        let scale = Double(bitmap.dpi) / 72

        // The words' boxes, a pixel larger all round, mask the text's own ink.
        // Clamped while still a Double: a glyph box far off the page (a damaged
        // text matrix) must not overflow the conversion.
        func pixel(_ v: Double, _ limit: Int, _ rule: FloatingPointRoundingRule) -> Int {
            let p = v * scale
            return p.isFinite ? Int(min(max(p, -1), Double(limit + 1)).rounded(rule)) : -1
        }
        var text = [Bool](repeating: false, count: width * height)
        for line in page.lines {
            for w in line.words {
                let x0 = max(0, pixel(w.box.x0, width, .down) - 1)
                let x1 = min(width, pixel(w.box.x1, width, .up) + 1)
                let y0 = max(0, pixel(w.box.y0, height, .down) - 1)
                let y1 = min(height, pixel(w.box.y1, height, .up) + 1)
                guard x0 < x1, y0 < y1 else { continue }
                for y in y0..<y1 {
                    let row = y * width
                    for x in x0..<x1 { text[row + x] = true }
                }
            }
        }
        let columns = (width + cell - 1) / cell
        let rows = (height + cell - 1) / cell
        var inked = [Bool](repeating: false, count: columns * rows)
        bitmap.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                let row = y * width
                let cellRow = (y / cell) * columns
                for x in 0..<width where pixels[row + x] < inkLevel && !text[row + x] {
                    inked[cellRow + x / cell] = true
                }
            }
        }

        // Touching cells (eight neighbours) make one region.
        var boxes: [Box] = []
        var seen = [Bool](repeating: false, count: inked.count)
        var stack: [Int] = []
        for start in inked.indices where inked[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var (c0, r0, c1, r1) = (columns, rows, 0, 0)
            while let i = stack.popLast() {
                let (r, c) = (i / columns, i % columns)
                (c0, r0, c1, r1) = (min(c0, c), min(r0, r), max(c1, c), max(r1, r))
                for nr in max(0, r - 1)...min(rows - 1, r + 1) {
                    for nc in max(0, c - 1)...min(columns - 1, c + 1) {
                        let j = nr * columns + nc
                        if inked[j] && !seen[j] {
                            seen[j] = true
                            stack.append(j)
                        }
                    }
                }
            }
            let unit = Double(cell) / scale
            boxes.append(
                Box(x0: Double(c0) * unit, y0: Double(r0) * unit, x1: Double(c1 + 1) * unit, y1: Double(r1 + 1) * unit))
            if boxes.count > maxRegions { return [] }
        }
        return mergingOverlaps(boxes).filter { $0.width >= minWidth && $0.height >= minHeight }
    }

    /// `boxes` with every two that overlap replaced by the box enclosing both,
    /// until none overlap.
    static func mergingOverlaps(_ boxes: [Box]) -> [Box] {
        var boxes = boxes
        var merged = true
        while merged {
            merged = false
            boxes.sort { $0.x0 < $1.x0 }
            var alive = [Bool](repeating: true, count: boxes.count)
            for i in boxes.indices where alive[i] {
                var j = i + 1
                while j < boxes.count, boxes[j].x0 < boxes[i].x1 {
                    if alive[j], boxes[j].y0 < boxes[i].y1, boxes[i].y0 < boxes[j].y1 {
                        boxes[i] = boxes[i].union(boxes[j])
                        alive[j] = false
                        merged = true
                    }
                    j += 1
                }
            }
            boxes = boxes.indices.filter { alive[$0] }.map { boxes[$0] }
        }
        return boxes
    }
}
