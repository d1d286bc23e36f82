import FolioModel
import FolioText

/// Tables: a run of at least three rows whose words stand in the same columns
/// (ruled or not; numbers right-aligned count, since a cell only has to overlap
/// its column). Serves statistics reports, papers and audits, where tables sit
/// between paragraphs.
///
/// Why on the layout, before units are cut: layout links a table's cells into
/// one block per column (cells of a column overlap vertically), and may link the
/// first column to the paragraph above it. The table's lines are taken out of
/// whatever blocks held them and come back as one block that carries its cells
/// (`TextBlock.rows`), where the first of those blocks stood (`takingLines`). The unit cutter
/// makes that block a `table` unit, which the classifier leaves alone and the
/// assembler holds like a caption, so the paragraph around it reads on.
///
/// Every threshold is a share of the row's own type size.
struct TableFinder: Sendable {
    /// A gap within a line wider than this (× type size) separates cells:
    /// a justified word space stays well under it.
    static let cellGap = 0.8
    /// A cell of more words than this reads as prose.
    static let cellWords = 4
    /// Between two numbers a narrower gap (× type size) already separates
    /// cells: wide figures in tight columns; a thin space inside a figure
    /// (`1 234`) stays under it.
    static let numberGap = 0.4
    /// Rows further apart than this (× type size) do not continue a table.
    static let rowGap = 2.5
    /// Fewest rows of aligned cells that make a table.
    static let minRows = 3
    /// Most of a table's cells are a word or two (a number, a name); text set
    /// in columns beside a pull-quote or sidebar has long pieces on every row.
    static let typicalCellWords = 2

    /// A piece of a row between wide gaps: one cell, or a spanning header.
    struct Segment {
        var words: [Word]
        var x0: Double { words.first!.box.x0 }
        var x1: Double { words.map(\.box.x1).max()! }
        var text: String { words.map(\.text).joined(separator: " ") }
    }

    /// Lines sharing a stretch of height, across blocks.
    struct Row {
        var lines: [(block: Int, line: Int)] = []
        var box: Box
        var size: Double
        var segments: [Segment] = []
        /// Inside a drawn frame (`framedTable(_:on:)`).
        var framed = false

        /// Two or more cells, most of them short: prose in columns has long
        /// pieces side by side, and a list item is a marker beside its text.
        var hasCells: Bool {
            guard segments.count >= 2 else { return false }
            if segments.count == 2, ListMarker.isTabbedMarker(segments[0].text) { return false }
            // In a frame, the lines have passed for labels already (no prose, no
            // display type) and must line up closely (`framedTable`): a cell may
            // hold a phrase, and a column its own type (amounts set smaller).
            if framed { return true }
            let others = segments.dropFirst()
            let long = others.filter { $0.words.count > TableFinder.cellWords }.count
            if long * 2 > others.count { return false }
            // A line of a cell rarely holds more than a few words (under 1% of
            // cells in real/tables hold more than eight, most of them wrapped):
            // a longer piece is a line of text, split only by justified spacing.
            if segments.contains(where: { $0.words.count > 2 * TableFinder.cellWords }) { return false }
            // Cells of a row are set alike: a quote in display type or a sidebar in
            // small type beside the body is not a cell.
            let sizes = segments.map { TextStyle.dominant(in: $0.words).size }
            return sizes.max()! <= 1.12 * sizes.min()!
        }
    }

    func find(in page: PageLayout) -> PageLayout {
        let rows = self.rows(of: page)
        let tables = runs(rows, gutters: page.gutters)
        return page.takingLines(
            tables.map { run in
                let lines = run.flatMap(\.lines)
                let tableLines = lines.map { page.blocks[$0.block].lines[$0.line] }.sorted {
                    $0.box.y0 != $1.box.y0 ? $0.box.y0 < $1.box.y0 : $0.box.x0 < $1.box.x0
                }
                return (lines, TextBlock(lines: tableLines, rows: cells(run)))
            })
    }

    /// The page's lines grouped into rows, top to bottom, each cut into segments.
    func rows(of page: PageLayout) -> [Row] {
        var refs: [(block: Int, line: Int)] = []
        // A formula's aligned lines are no table (`TextBlock.Content.formula`).
        for (b, block) in page.blocks.enumerated() where block.rows == nil && block.content == .text {
            for l in block.lines.indices where !block.lines[l].words.isEmpty { refs.append((b, l)) }
        }
        let line = { (r: (block: Int, line: Int)) in page.blocks[r.block].lines[r.line] }
        var rows = pageRows(refs) { line($0).box }.map { row in
            Row(lines: row.items, box: row.box, size: max(row.items.map { line($0).style.size }.max()!, 1))
        }
        for i in rows.indices {
            rows[i] = Self.withoutProseBeside(rows[i], gutters: page.gutters, line: line)
            let lines = rows[i].lines.map(line).sorted { $0.box.x0 < $1.box.x0 }
            var segments: [Segment] = []
            for l in lines {
                var current: [Word] = []
                for w in l.words {
                    let both = current.last.map { Self.isNumeral($0.text) && Self.isNumeral(w.text) } ?? false
                    let gap = (both ? Self.numberGap : Self.cellGap) * rows[i].size
                    if let prev = current.last, w.box.x0 - prev.box.x1 > gap {
                        segments.append(Segment(words: current))
                        current = []
                    }
                    current.append(w)
                }
                if !current.isEmpty { segments.append(Segment(words: current)) }
            }
            rows[i].segments = segments.sorted { $0.x0 < $1.x0 }
        }
        return rows
    }

    /// The cells of lines that lie on one drawing, when they are a table in a
    /// frame rather than a figure's labels (`FigureTextFinder` asks): a boxed
    /// table whose cells hold phrases (a workload's description, a source's
    /// definition), which the run search above leaves alone because such rows
    /// read like prose split by wide spaces. The frame is the evidence a
    /// running page lacks, so the rows must line up closely instead: three
    /// rows or more (and half of them) with two cells or more, cells starting
    /// at left edges that three rows share (all of them on a short table, four
    /// in five on one of five rows or more), and few stacked letters (the
    /// upright pieces of a chart's rotated labels).
    func framedTable(_ lines: [Line], on page: PageLayout) -> [[String]]? {
        var sub = page
        sub.blocks = [TextBlock(lines: lines)]
        sub.gutters = []
        var rows = self.rows(of: sub)
        for i in rows.indices { rows[i].framed = true }
        let cellRows = rows.filter(\.hasCells)
        // Rows without cells are a wrapped cell's lines (a description over three lines) or a
        // spanning head; a drawing whose text is mostly such rows is a figure.
        guard cellRows.count >= Self.minRows, cellRows.count * 3 >= rows.count, !Self.isContents(cellRows) else {
            return nil
        }
        // Cells start at shared left edges: a justified line split at its wide
        // spaces starts its pieces anywhere.
        let size = cellRows.map(\.size).sorted()[cellRows.count / 2]
        var edges: [(x: Double, rows: Set<Int>)] = []
        for (r, row) in cellRows.enumerated() {
            for s in row.segments {
                if let e = edges.firstIndex(where: { abs($0.x - s.x0) <= 0.5 * size }) {
                    edges[e].rows.insert(r)
                } else {
                    edges.append((s.x0, [r]))
                }
            }
        }
        let shared = edges.filter { $0.rows.count >= Self.minRows }
        let segments = cellRows.flatMap(\.segments)
        let aligned = segments.filter { s in shared.contains { abs($0.x - s.x0) <= 0.5 * size } }.count
        // A few rows must line up exactly; a long table may carry stray pieces
        // (a spanning head, a wrapped cell), a diagram's few aligned labels may not.
        let exact = aligned == segments.count || 20 * aligned >= 19 * segments.count
        guard shared.count >= 2, exact || cellRows.count >= 5 && 10 * aligned >= 8 * segments.count else {
            return nil
        }
        let cells = Self.joiningWrappedCells(self.cells(rows))
        let filled = cells.flatMap { $0 }.filter { !$0.isEmpty }
        let stacked = filled.filter { $0.count <= 2 && $0.allSatisfy(\.isLetter) }.count
        guard cells.first.map({ $0.count >= 2 }) == true, 4 * stacked <= filled.count else { return nil }
        return cells
    }

    /// A framed table's cell wrapped over lines: a row that fills one cell
    /// only, not the first and not with a figure, under a row that fills it
    /// too, goes on with that cell (the frame's rules, not blank lines, part the rows).
    static func joiningWrappedCells(_ rows: [[String]]) -> [[String]] {
        var out: [[String]] = []
        for row in rows {
            let filled = row.indices.filter { !row[$0].isEmpty }
            // A figure does not wrap: a lone number is a value of its own.
            if filled.count == 1, let c = filled.first, c > 0, !isNumeral(row[c]), var last = out.last,
                !last[c].isEmpty
            {
                last[c] += " " + row[c]
                out[out.count - 1] = last
                continue
            }
            out.append(row)
        }
        return out
    }

    /// On a page in columns, a table in one column shares its rows with the
    /// text of the other (papers, newsletters): the side of a gutter that holds
    /// a line of prose leaves the row when the other side holds none.
    static func withoutProseBeside(
        _ row: Row, gutters: [Double], line: ((block: Int, line: Int)) -> Line
    ) -> Row {
        let isProse = { (l: Line) in
            l.words.count > cellWords && l.words.filter { isNumeral($0.text) }.count * 2 < l.words.count
        }
        for g in gutters {
            let left = row.lines.filter { line($0).box.x1 <= g }
            let right = row.lines.filter { line($0).box.x0 >= g }
            guard !left.isEmpty, !right.isEmpty, left.count + right.count == row.lines.count else { continue }
            let leftProse = left.contains { isProse(line($0)) }
            let rightProse = right.contains { isProse(line($0)) }
            guard leftProse != rightProse else { continue }
            let kept = leftProse ? right : left
            let lines = kept.map(line)
            return Row(
                lines: kept, box: Box.enclosing(lines.map(\.box))!, size: max(lines.map(\.style.size).max()!, 1))
        }
        return row
    }

    /// Runs of rows with cells in shared columns; a short one-piece row (a
    /// group label in the first column, a wrapped cell) may sit inside a run.
    func runs(_ rows: [Row], gutters: [Double] = []) -> [[Row]] {
        var tables: [[Row]] = []
        var run: [Row] = []
        var columns: [(x0: Double, x1: Double)] = []
        func close() {
            while let last = run.last, !last.hasCells { run.removeLast() }
            let cellRows = run.filter(\.hasCells)
            let words = cellRows.flatMap(\.segments).map(\.words.count).sorted()
            if cellRows.count >= Self.minRows, words[words.count / 2] <= Self.typicalCellWords,
                !Self.isContents(cellRows)
            {
                tables.append(run)
            }
            run = []
            columns = []
        }
        for row in rows {
            // Text across a gutter from the table (another column) neither joins nor ends it.
            if let lo = columns.map(\.x0).min(), let hi = columns.map(\.x1).max(),
                gutters.contains(where: { g in row.box.x0 >= g && hi <= g || row.box.x1 <= g && lo >= g })
            {
                continue
            }
            let near = run.last.map { row.box.y0 - $0.box.y1 < Self.rowGap * row.size } ?? false
            // A group label in the stub column may stand left of the header above it.
            let inside = !columns.isEmpty && row.box.x1 <= columns.map(\.x1).max()! + row.size
            if row.hasCells {
                let aligned = row.segments.filter { s in columns.contains { s.x0 < $0.x1 && s.x1 > $0.x0 } }.count
                if !(near && aligned >= 2) {
                    close()
                }
                run.append(row)
                for s in row.segments { columns.append((s.x0, s.x1)) }
            } else if near && !run.isEmpty && inside && row.segments.count == 1
                && row.segments[0].words.count <= 2 * Self.cellWords
            {
                run.append(row)
            } else {
                close()
            }
        }
        close()
        return tables
    }

    /// A numeral: digits with the signs that go with them (`1,040`, `-3.5`, `12%`, `(4)`).
    static func isNumeral(_ text: String) -> Bool {
        text.contains(where: \.isNumber) && text.allSatisfy { $0.isNumber || ",.%-−+()$€£".contains($0) }
    }

    /// Titles each beside a page number, the numbers rising: a contents list
    /// (reports, books), which stays text.
    static func isContents(_ rows: [Row]) -> Bool {
        let numbers = rows.map { $0.segments.count == 2 ? Int($0.segments[1].text) : nil }
        guard numbers.allSatisfy({ $0 != nil }) else { return false }
        let pages = numbers.compactMap { $0 }
        return zip(pages, pages.dropFirst()).allSatisfy { $0 <= $1 }
    }

    /// The run's cells: columns are the stretches of the page that the rows'
    /// segments cover, split where (almost) no row has a segment; a segment goes
    /// to the first column it reaches, so a spanning header sits in its top-left slot.
    func cells(_ run: [Row]) -> [[String]] {
        let withCells = run.filter(\.hasCells)
        let segments = withCells.flatMap(\.segments)
        let lo = segments.map(\.x0).min()!
        let hi = segments.map(\.x1).max()!
        let bins = max(1, Int((hi - lo).rounded(.up)) + 1)
        var coverage = [Int](repeating: 0, count: bins)
        for row in withCells {
            var seen = [Bool](repeating: false, count: bins)
            for s in row.segments {
                for x in Int((s.x0 - lo).rounded(.down))...min(bins - 1, Int((s.x1 - lo).rounded(.up))) {
                    seen[x] = true
                }
            }
            for x in seen.indices where seen[x] { coverage[x] += 1 }
        }
        // A header spanning two columns must not join them: a gap may be crossed by a few rows.
        let crossing = withCells.count / 4
        let size = withCells.map(\.size).sorted()[withCells.count / 2]
        var columns: [(x0: Double, x1: Double)] = []
        var x = 0
        while x < bins {
            guard coverage[x] > crossing else {
                x += 1
                continue
            }
            var end = x
            while end + 1 < bins, coverage[end + 1] > crossing { end += 1 }
            let start = lo + Double(x)
            if let last = columns.last, start - last.x1 < 0.25 * size {
                columns[columns.count - 1].x1 = lo + Double(end)
            } else {
                columns.append((start, lo + Double(end)))
            }
            x = end + 1
        }
        // Cells that no two rows cover at one point (a frame's rows only share
        // left edges, `framedTable`) make one column, which no table is.
        if columns.isEmpty { columns = [(lo, hi)] }
        let rows = run.map { row in
            var cells = [String](repeating: "", count: columns.count)
            for s in row.segments {
                let c = columns.firstIndex { $0.x1 >= s.x0 } ?? columns.count - 1
                cells[c] = cells[c].isEmpty ? s.text : cells[c] + " " + s.text
            }
            return cells
        }
        return Self.joiningWrappedStubs(Self.joiningWrappedHeader(rows))
    }

    /// A row label wrapped over lines: a line that goes on in lower case
    /// continues the label above it, whether the figures stand on the label's
    /// first line or on its last.
    static func joiningWrappedStubs(_ rows: [[String]]) -> [[String]] {
        var out: [[String]] = []
        for row in rows {
            let stub = row.first ?? ""
            let goesOn = stub.first?.isLowercase == true
            if goesOn, var last = out.last, !last[0].isEmpty {
                let stubOnly = { (r: [String]) in r.dropFirst().allSatisfy(\.isEmpty) }
                if stubOnly(row) || stubOnly(last) {
                    last[0] += " " + stub
                    for c in row.indices.dropFirst() where !row[c].isEmpty {
                        last[c] = last[c].isEmpty ? row[c] : last[c] + " " + row[c]
                    }
                    out[out.count - 1] = last
                    continue
                }
            }
            out.append(row)
        }
        return out
    }

    /// Column heads wrapped over lines: text-only rows over an empty stub, down
    /// to the first row that fills the stub, are one header row. A row with a
    /// number (a year, a quarter) stops it: heads over spanning groups stay rows.
    static func joiningWrappedHeader(_ rows: [[String]]) -> [[String]] {
        let numeric = { (cell: String) in
            cell.contains(where: \.isNumber) && cell.filter(\.isLetter).count <= 1
        }
        guard let last = rows.firstIndex(where: { !($0.first ?? "").isEmpty }), last > 0,
            last < rows.count - 1, rows[...last].allSatisfy({ !$0.contains(where: numeric) })
        else { return rows }
        var header = rows[0]
        for row in rows[1...last] {
            for c in row.indices where !row[c].isEmpty {
                header[c] = header[c].isEmpty ? row[c] : header[c] + " " + row[c]
            }
        }
        return [header] + rows[(last + 1)...]
    }
}

/// Tables found on each page's layout, before units are cut (`TableFinder`).
struct TableFinding: DocumentStage {
    let name = "tables"
    func run(_ draft: inout Draft, workers: Int) {
        let pages = draft.layouts.take()
        let finder = TableFinder()
        draft.layouts = parallelMap(count: pages.count, workers: workers) { finder.find(in: pages[$0]) }
    }
}
