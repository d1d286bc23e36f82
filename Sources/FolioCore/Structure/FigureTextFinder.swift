import FolioModel
import FolioText

/// The text of charts and diagrams: the lines that lie on a drawing
/// (`PageLayout.drawings`) and read as labels, taken out of the page's blocks
/// as one figure block. Serves reports and papers with drawn figures: axis
/// ticks, legends, bar labels, the boxes of an architecture or UML diagram.
/// None of it is spliced into a sentence or becomes a heading or a list item,
/// and the paragraph around the figure reads on (the assembler holds the block
/// like a table).
///
/// A drawing is not always a figure: a frame or a tint around a sidebar holds
/// prose, a ruled table holds cells (the tables stage, which runs first, has
/// taken those of short cells; a boxed table of phrases becomes a table here),
/// a frame around a listing holds code. So a drawing's text is a
/// figure's only when it reads as labels: at least two lines, under a third of
/// them prose (five words or more across half the drawing or more), starting at
/// three or more different places (a boxed list starts every line at one edge).
struct FigureTextFinder: Sendable {
    let scale: TypeScale

    /// Labels sit just outside the ink too (tick labels beside an axis, a
    /// legend under the plot): words that reach within a body line's height of the drawing.
    var reach: Double { scale.body }

    func find(in page: PageLayout) -> PageLayout {
        guard !page.drawings.isEmpty else { return page }
        let area = page.width * page.height
        var claimed: [Int: Set<Int>] = [:]
        var groups: [(lines: [(block: Int, line: Int)], block: TextBlock)] = []
        for drawing in page.drawings {
            // Ink over most of the page is its ground (a cover's picture, a tint), not a figure.
            guard drawing.width * drawing.height < 0.8 * area else { continue }
            let around = Box(
                x0: drawing.x0 - reach, y0: drawing.y0 - reach, x1: drawing.x1 + reach, y1: drawing.y1 + reach)
            var refs: [(block: Int, line: Int)] = []
            for (b, block) in page.blocks.enumerated() where block.rows == nil && block.content == .text {
                // A caption stays the document's, with the lines it runs on to.
                if let first = block.lines.first, Pattern.caption.matches(first.text) { continue }
                // Beside the ink, only a block of its own is a label: the last line of
                // a paragraph that ends just above a chart stays with its paragraph.
                let besideOnly = !block.lines.allSatisfy { Self.mostly($0, touching: around) }
                for (l, line) in block.lines.enumerated() where claimed[b]?.contains(l) != true {
                    guard Self.mostly(line, touching: around), !Pattern.caption.matches(line.text) else { continue }
                    // Type twice the body's size over a picture is a title (a cover, a chapter
                    // opener), not a label: a diagram's boxes and a chart's title stay under 1.7×.
                    if line.style.size >= 2 * scale.body { continue }
                    if !Self.mostly(line, in: drawing) {
                        // A heading set beside the drawing is the page's, not the figure's.
                        if besideOnly || line.style.size > 1.15 * scale.body { continue }
                    }
                    // A frame around fixed-width lines is a listing's (`CodeListing`).
                    if !scale.monospaceBody, line.isMostlyMonospace { continue }
                    refs.append((b, l))
                }
            }
            let lines = refs.map { page.blocks[$0.block].lines[$0.line] }
            let prose = lines.filter { $0.words.count >= 5 && $0.box.width >= 0.5 * drawing.width }.count
            guard lines.count >= 2, prose * 3 < lines.count, Self.startCount(lines) >= 3, !Self.readsAsSentences(lines)
            else { continue }
            let running = Self.runningText(lines)
            // A frame around cells in rows is a table's (`TableFinder.framedTable`);
            // a heading or a note beside the frame stays the page's.
            let inside = refs.filter { Self.mostly(page.blocks[$0.block].lines[$0.line], in: drawing) }
            let insideLines = inside.map { page.blocks[$0.block].lines[$0.line] }
            // Text that runs on in one column is a table's wrapped cells; in two, a page's prose.
            if running.columns <= 1, let rows = TableFinder().framedTable(insideLines, on: page) {
                groups.append((inside, TextBlock(lines: Self.readingOrder(insideLines), rows: rows)))
            } else if running.lines < 3 {
                groups.append((refs, TextBlock(lines: Self.readingOrder(lines), content: .figure)))
            } else {
                continue
            }
            for ref in groups[groups.count - 1].lines { claimed[ref.block, default: []].insert(ref.line) }
        }
        return page.takingLines(groups)
    }

    /// Words that carry a sentence: articles, prepositions, conjunctions,
    /// pronouns, the commonest verbs. A quote or a sidebar set in short lines
    /// in a frame is four or more in ten of them (collection, anthology, odt and latex's
    /// pull-quotes: 0.43 to 0.59); a chart's or diagram's labels are nouns and
    /// figures (real/wild's figures: 0.31 at most). English; in another
    /// language the other tests decide alone.
    static let functionWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "to", "for", "with", "by", "at", "from",
        "as", "into", "than", "that", "this", "these", "those", "which", "who", "it", "its", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "will", "would", "can", "could", "not", "their", "they", "we",
        "our", "he", "she", "his", "her", "there", "such", "more", "also",
    ]

    /// Eight words or more, four in ten of them function words: the lines are a
    /// quote or a note in a frame, however short they are set.
    static func readsAsSentences(_ lines: [Line]) -> Bool {
        var words = 0
        var function = 0
        for line in lines {
            for w in line.words {
                // Figures count as words: a chart's ticks weigh against its legend's prose.
                guard w.text.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
                words += 1
                if functionWords.contains(Words.letterCore(w.text).lowercased()) { function += 1 }
            }
        }
        return words >= 8 && 10 * function >= 4 * words
    }

    /// Lines that run on as sentences do, and at how many left edges: a line
    /// of four words or more ending in a word or a comma that goes on in the
    /// line under it, at the same left edge, with a word in lower-case
    /// letters and two more words. Three such lines are text, not labels: a page in columns (a
    /// cover's blurb between a list of points and a tinted box) whose rules
    /// and tints join into one drawing, with columns too narrow for the prose
    /// test above. A label does not wrap in mid-sentence; a table's wrapped
    /// cells run on in one column only.
    static func runningText(_ lines: [Line]) -> (lines: Int, columns: Int) {
        let sorted = lines.sorted { $0.box.y0 < $1.box.y0 }
        var count = 0
        var edges: [Double] = []
        for (i, line) in sorted.enumerated() where line.words.count >= 4 {
            // A sentence breaks after a word or a comma; code after a sign (`;`, `{`, `>`).
            guard let end = line.words.last?.text.last, end.isLetter || end == "," || end == "-" else { continue }
            let size = max(line.style.size, 1)
            let below = sorted[(i + 1)...].first {
                abs($0.box.x0 - line.box.x0) <= 2 && $0.box.y0 > line.box.y0 + 0.5 * size
                    && $0.box.y0 - line.box.y1 < size
            }
            // The word it goes on with: lower-case letters, a comma or a stop at most after them.
            guard let below, below.words.count >= 3, case let word = below.words[0].text,
                case let core = Words.letterCore(word), core.count >= 2, core.allSatisfy(\.isLowercase),
                word.count - core.count <= 1
            else { continue }
            count += 1
            if !edges.contains(where: { abs($0 - line.box.x0) <= size }) { edges.append(line.box.x0) }
        }
        return (count, edges.count)
    }

    /// More than half the line's words reach into `box`.
    static func mostly(_ line: Line, touching box: Box) -> Bool {
        let inside = line.words.filter { $0.box.xOverlap(box) > 0 && $0.box.yOverlap(box) > 0 }.count
        return inside * 2 > line.words.count
    }

    /// More than half the line's words have their centre in `box`.
    static func mostly(_ line: Line, in box: Box) -> Bool {
        let inside = line.words.filter {
            let (x, y) = ($0.box.midX, $0.box.midY)
            return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1
        }.count
        return inside * 2 > line.words.count
    }

    /// How many different left edges the lines start at (within two points).
    static func startCount(_ lines: [Line]) -> Int {
        var count = 0
        var last = -Double.infinity
        for x in lines.map(\.box.x0).sorted() where x > last + 2 {
            count += 1
            last = x
        }
        return count
    }

    /// Top to bottom; lines that share a height, left to right.
    static func readingOrder(_ lines: [Line]) -> [Line] {
        pageRows(lines, box: \.box).flatMap { $0.items.sorted { $0.box.x0 < $1.box.x0 } }
    }
}

/// The `figures` stage: each page's drawings read for a figure's text, pages in parallel.
struct FigureTextFinding: DocumentStage {
    let name = "figures"
    func run(_ draft: inout Draft, workers: Int) {
        let pages = draft.layouts.take()
        let finder = FigureTextFinder(scale: draft.scale)
        draft.layouts = parallelMap(count: pages.count, workers: workers) { finder.find(in: pages[$0]) }
    }
}
