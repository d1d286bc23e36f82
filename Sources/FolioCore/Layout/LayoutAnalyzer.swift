import FolioModel
import FolioText

/// Groups a page's lines into blocks and puts the blocks in reading order.
///
/// Blocks: lines that are vertically adjacent, overlap horizontally and share
/// their type size and weight belong together (so a pull-quote in larger type
/// never joins the body beside it), and so do lines of a code listing or of
/// a displayed formula, apart from the prose around them.
///
/// Reading order: a recursive X-Y cut adapted to spanning elements. At each
/// level we look for a vertical gutter with blocks on both sides that sit side by
/// side. Blocks that cross the gutter (a full-width title, figure or pull-quote)
/// cut the region into bands read top to bottom; within a band the left side is
/// read before the right. Without a gutter, blocks are read top to bottom.
struct LayoutAnalyzer: Sendable {
    let name = "layout"

    func analyze(_ page: PageText) -> PageLayout {
        let (lines, gutters) = splitAtGutters(page.lines)
        return PageLayout(page: page, blocks: order(blocks(lines)), gutters: gutters)
    }

    // MARK: Gutters

    /// Splits lines that run across a column gutter. Extraction can merge the two
    /// halves of a line when the gutter is hardly wider than a justified word
    /// space; the gutter still shows as an x-range where many lines have a gap and
    /// few lines have a word.
    func splitAtGutters(_ lines: [Line]) -> (lines: [Line], gutters: [Double]) {
        let multi = lines.filter { $0.words.count >= 2 }
        guard multi.count >= 4, let minX = lines.map(\.box.x0).min(), let maxX = lines.map(\.box.x1).max(),
            maxX - minX > 100
        else { return (lines, []) }
        let origin = Int(minX.rounded(.down))
        let count = Int(maxX.rounded(.up)) - origin + 1
        // Counts per column, kept as differences (+1 where a span starts, -1 after
        // it ends) and summed once: a text-mode page can have a million lines.
        var coveringDiff = [Int](repeating: 0, count: count + 1)
        var straddlingDiff = [Int](repeating: 0, count: count + 1)
        func mark(_ a: Int, _ b: Int, in diff: inout [Int]) {
            diff[a] += 1
            diff[b + 1] -= 1
        }
        var spans: [(a: Int, b: Int)] = []
        for line in lines {
            // A line covers a column once, however many of its words do: its words' spans merged.
            spans.removeAll(keepingCapacity: true)
            for w in line.words {
                let a = max(0, Int(w.box.x0.rounded(.down)) - origin)
                let b = min(count - 1, Int(w.box.x1.rounded(.up)) - origin)
                if a <= b { spans.append((a, b)) }
            }
            spans.sort { $0.a < $1.a }
            var merged: (a: Int, b: Int)? = nil
            for span in spans {
                if let m = merged, span.a <= m.b + 1 {
                    merged = (m.a, max(m.b, span.b))
                } else {
                    if let m = merged { mark(m.a, m.b, in: &coveringDiff) }
                    merged = span
                }
            }
            if let m = merged { mark(m.a, m.b, in: &coveringDiff) }
            for (w1, w2) in zip(line.words, line.words.dropFirst()) {
                let a = max(0, Int(w1.box.x1.rounded(.up)) - origin + 1)
                let b = min(count - 1, Int(w2.box.x0.rounded(.down)) - origin - 1)
                if a <= b { mark(a, b, in: &straddlingDiff) }
            }
        }
        // Lines already cut at the gutter still mark it: the gap to the nearest
        // line on the same baseline to the right counts like a gap inside a line.
        let rows = VerticalIndex(lines.map(\.box))
        for line in lines {
            let right = rows.overlapping(line.box).lazy.map { lines[$0] }.filter {
                $0.box.x0 > line.box.x1 && $0.box.sharesRow(with: line.box)
            }.min { $0.box.x0 < $1.box.x0 }
            guard let right else { continue }
            let a = max(0, Int(line.box.x1.rounded(.up)) - origin + 1)
            let b = min(count - 1, Int(right.box.x0.rounded(.down)) - origin - 1)
            if a <= b { mark(a, b, in: &straddlingDiff) }
        }
        var covering = [Int](repeating: 0, count: count)
        var straddling = [Int](repeating: 0, count: count)
        var (cover, straddle) = (0, 0)
        for x in 0..<count {
            cover += coveringDiff[x]
            straddle += straddlingDiff[x]
            (covering[x], straddling[x]) = (cover, straddle)
        }
        let needed = max(3, multi.count / 5)
        // A gutter is wider than a word space: at least half the usual type size.
        let sizes = lines.map(\.style.size).sorted()
        let minWidth = max(3, Int((0.5 * sizes[sizes.count / 2]).rounded(.up)))
        var gutters: [(lo: Double, hi: Double)] = []
        var x = Int(Double(count) * 0.2)
        while x < Int(Double(count) * 0.8) {
            guard straddling[x] >= needed, covering[x] * 2 <= straddling[x] else {
                x += 1
                continue
            }
            var end = x
            while end + 1 < count, straddling[end + 1] >= needed, covering[end + 1] * 2 <= straddling[end + 1] {
                end += 1
            }
            if end - x + 1 >= minWidth { gutters.append((Double(origin + x), Double(origin + end))) }
            x = end + 1
        }
        guard !gutters.isEmpty else { return (lines, []) }
        let split = lines.flatMap { line -> [Line] in
            var parts: [[Word]] = [[]]
            for w in line.words {
                // Only a gap that spans the whole gutter: a full-width line's word
                // space that happens to fall there is not one.
                if let prev = parts[parts.count - 1].last,
                    gutters.contains(where: { prev.box.x1 <= $0.lo + 1 && w.box.x0 >= $0.hi - 1 })
                {
                    parts.append([])
                }
                parts[parts.count - 1].append(w)
            }
            return parts.map { Line(words: $0) }
        }
        return (split, gutters.map { ($0.lo + $0.hi) / 2 })
    }

    // MARK: Blocks

    /// Whether math line `a` (of `lines`, in order of their tops) is a piece of
    /// a sentence rather than a displayed formula. A display stands alone on its
    /// row and is set in from the column's edge. A piece that a wide space cut
    /// off a line of prose (`… in the example s1:2 = ‘fo’`), or a paragraph's last
    /// line whose row holds only math and short words (`n < m.`, `giving a
    /// distance of 1 − 25·3 ≈ 0.17.`: flush with the line of prose above),
    /// reads on with its sentence. A line of prose has four words of prose or
    /// more (`Line.proseWordCount`); a formula's `if` and `otherwise` do not.
    static func inlineMath(at a: Int, _ lines: [Line]) -> Bool {
        let box = lines[a].box
        let reach = 3 * max(lines[a].style.size, 1)
        var row = box
        for b in nearby(a, lines, below: 0) {
            let other = lines[b].box
            if b != a, other.sharesRow(with: box), other.x0 < box.x1 + reach,
                box.x0 < other.x1 + reach
            {
                if lines[b].proseWordCount > 3 { return true }
                row = row.union(other)
            }
        }
        // The nearest line of prose above that shares some width, a line away:
        // is the row flush with it? (A fraction's numerator is looked past.)
        var c = a - 1
        while c >= 0, lines[c].box.y0 > box.y0 - 3 * box.height {
            let above = lines[c]
            if above.box.y0 <= box.y0 - 0.5 * box.height, above.box.xOverlap(row) > 0, above.proseWordCount > 3 {
                return abs(above.box.x0 - row.x0) < 2 && above.box.y1 > box.y0 - 1.5 * box.height
            }
            c -= 1
        }
        return false
    }

    func blocks(_ lines: [Line]) -> [TextBlock] {
        let lines = attachMarkers(joinRunInHeadings(lines)).sorted {
            $0.box.y0 != $1.box.y0 ? $0.box.y0 < $1.box.y0 : $0.box.x0 < $1.box.x0
        }
        // A listing's lines, a displayed formula's and prose never share a block,
        // even at body size and spacing.
        var fixed = lines.map { $0.isMostlyMonospace ? 1 : $0.isMostlyMath ? 2 : 0 }
        for a in lines.indices where fixed[a] == 2 && Self.inlineMath(at: a, lines) { fixed[a] = 0 }
        var linked = DisjointSets(count: lines.count)
        Self.joinFormulas(lines, &fixed, &linked)
        for a in lines.indices {
            // Link each line to the nearest compatible line below it. Lines are in
            // order of their tops, so the search ends where a line starts too far
            // below to be `a`'s next (see `belongTogether`): linear on long text pages.
            let reach = lines[a].box.y1 + 0.75 * max(lines[a].box.height, lines[a].style.size, 1)
            var best: Int?
            for b in (a + 1)..<lines.count {
                if lines[b].box.y0 >= reach { break }
                guard fixed[a] == fixed[b], belongTogether(lines[a], lines[b]) else { continue }
                if best == nil || lines[b].box.y0 < lines[best!].box.y0 { best = b }
            }
            if let b = best { linked.join(a, b) }
        }
        var groups: [Int: [Line]] = [:]
        var firstSeen: [Int] = []
        for i in lines.indices {
            let root = linked.find(i)
            if groups[root] == nil { firstSeen.append(root) }
            groups[root, default: []].append(lines[i])
        }
        return firstSeen.map { TextBlock(lines: groups[$0]!, content: fixed[$0] == 2 ? .formula : .text) }
    }

    /// A displayed formula's pieces are one block: the limits above and below a
    /// sum, a fraction's parts, the cases of a brace and their `if` and
    /// `otherwise`, the name defined (lines with three words of prose or fewer,
    /// beside a piece on its row or within its width just above or below), and its number at
    /// the right (`(3)`, `(1a)`). Pieces link when they share some width or
    /// stand close on one row, a line's height apart at most.
    static func joinFormulas(_ lines: [Line], _ classes: inout [Int], _ linked: inout DisjointSets) {
        let math = lines.indices.filter { classes[$0] == 2 }
        guard !math.isEmpty else { return }
        func gap(_ a: Box, _ b: Box) -> Double { max(b.x0 - a.x1, a.x0 - b.x1) }
        for a in math {
            let box = lines[a].box
            let size = max(lines[a].style.size, 1)
            for b in nearby(a, lines, below: 0.5 * box.height) {
                let other = lines[b]
                guard classes[b] == 0, other.proseWordCount <= 3 else { continue }
                // A number stands at the column's edge, nothing between it and its formula.
                let number = other.words.count == 1 && Self.isFormulaNumber(other.words[0].text)
                let reach = number ? 25 * max(size, other.style.size) : 3 * size
                let beside =
                    box.sharesRow(with: other.box) && gap(box, other.box) < reach
                    && (!number
                        || !lines.indices.contains { c in
                            c != a && c != b && lines[c].box.sharesRow(with: other.box)
                                && lines[c].box.x0 >= min(box.x1, other.box.x1)
                                && lines[c].box.x1 <= max(box.x0, other.box.x0)
                        })
                // A sum's limits, a fraction's other part, a case of a brace: mostly
                // within the piece's width, just above or below.
                let within =
                    other.box.xOverlap(box) > 0.5 * other.box.width
                    && max(other.box.y0 - box.y1, box.y0 - other.box.y1) < 0.5 * box.height
                if beside || within {
                    classes[b] = 2
                    linked.join(a, b)
                }
            }
        }
        for a in lines.indices where classes[a] == 2 {
            let box = lines[a].box
            let size = max(lines[a].style.size, 1)
            for b in (a + 1)..<lines.count {
                if lines[b].box.y0 > box.y1 + box.height { break }
                guard classes[b] == 2 else { continue }
                let other = lines[b].box
                if other.xOverlap(box) > 0 || (box.sharesRow(with: other) && gap(box, other) < 3 * size) {
                    linked.join(a, b)
                }
            }
        }
    }

    /// The lines (of `lines`, in order of their tops) around line `a`'s row:
    /// from the first whose top is less than a line's height above `a`'s, to
    /// the last whose top is above `a`'s bottom, `below` lower.
    static func nearby(_ a: Int, _ lines: [Line], below: Double) -> Range<Int> {
        let box = lines[a].box
        var lo = a
        while lo > 0, lines[lo - 1].box.y0 > box.y0 - box.height { lo -= 1 }
        var hi = lo
        while hi < lines.count, lines[hi].box.y0 < box.y1 + below { hi += 1 }
        return lo..<hi
    }

    /// `(3)`, `(12b)`, `(A.4)`: a displayed formula's number.
    static func isFormulaNumber(_ text: String) -> Bool {
        guard text.count >= 3, text.first == "(", text.last == ")" else { return false }
        let inner = text.dropFirst().dropLast()
        // A number first (`3`, `12b`), or an appendix letter and a stop (`A.4`).
        let numbered = inner.first?.isNumber == true
        let appendix = inner.count >= 3 && inner.first?.isUppercase == true && inner.dropFirst().first == "."
        guard numbered || appendix else { return false }
        return inner.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." }
    }

    /// A run-in heading that came out as a line of its own ("Tracing." in bold,
    /// its paragraph's text going on after it on the baseline) is put back at
    /// the start of that line: the lead-in is its paragraph's opening words.
    func joinRunInHeadings(_ lines: [Line]) -> [Line] {
        var lines = lines
        var removed = Set<Int>()
        var sameHeight = SameHeightLines(lines)
        for i in lines.indices where lines[i].words.allSatisfy(\.style.bold) {
            let lead = lines[i]
            guard let last = lead.words.last?.text.last, ".:".contains(last) else { continue }
            let size = max(lead.style.size, 1)
            let target = sameHeight.candidates(lead.box).first { j in
                j != i && !removed.contains(j) && lines[j].words.first?.style.bold == false
                    && lines[j].box.x0 > lead.box.x1 - 1 && lines[j].box.x0 - lead.box.x1 < 1.5 * size
                    && abs(lines[j].style.size - lead.style.size) < 0.05 * size
                    && lines[j].box.sharesRow(with: lead.box)
            }
            if let j = target {
                lines[j] = Line(words: lead.words + lines[j].words)
                removed.insert(i)
                sameHeight.merge(i, into: j)
            }
        }
        return lines.removing(indices: removed)
    }

    /// A list marker that came out as a line of its own (a number set off by a
    /// tab stop) is put back at the start of the item on its baseline; so is a
    /// section number ("2.1", "5.2.1") set apart from its heading's title.
    func attachMarkers(_ lines: [Line]) -> [Line] {
        var lines = lines
        var removed = Set<Int>()
        var sameHeight = SameHeightLines(lines)
        for i in lines.indices where lines[i].words.count == 1 {
            var marker = lines[i]
            let text = marker.words[0].text
            // A raised note number ("1" before a footnote's text) counts too.
            let noteLabel = text.count <= 3 && text.allSatisfy { $0.isNumber || "*†‡§".contains($0) }
            let section = ListMarker.isSectionNumber(text)
            guard ListMarker.isTabbedMarker(text) || noteLabel || section else { continue }
            let size = max(marker.style.size, 1)
            let target = sameHeight.candidates(marker.box).filter { j in
                j != i && !removed.contains(j) && lines[j].box.x0 > marker.box.x1 - 1
                    && lines[j].box.x0 - marker.box.x1 < (noteLabel ? 1.5 : section ? 3 : 4) * size
                    && lines[j].box.yOverlap(marker.box)
                        > (noteLabel ? 0.3 : 0.5) * min(lines[j].box.height, marker.box.height)
                    // A section number goes only with a title in its own type.
                    && (!section || noteLabel || ListMarker.isTabbedMarker(text)
                        || (lines[j].style.bold == marker.style.bold
                            && abs(lines[j].style.size - marker.style.size) < 0.05 * size
                            && lines[j].words.first?.text.first?.isUppercase == true))
            }.min { lines[$0].box.x0 < lines[$1].box.x0 }
            if let j = target {
                if noteLabel, marker.style.size < 0.9 * lines[j].style.size { marker.words[0].superscript = true }
                lines[j] = Line(words: marker.words + lines[j].words)
                removed.insert(i)
                sameHeight.merge(i, into: j)
            }
        }
        return lines.removing(indices: removed)
    }

    /// Bold as far as blocks go: a line that opens in bold and ends in regular
    /// type is a paragraph's first line with a run-in heading ("Tracing. We
    /// …"), which stays with its paragraph: the lead-in is the paragraph's opening words.
    static func setsBold(_ line: Line) -> Bool {
        line.style.bold && line.words.last?.style.bold != false
    }

    private func belongTogether(_ a: Line, _ b: Line) -> Bool {
        let sa = a.style
        let sb = b.style
        let size = max(min(sa.size, sb.size), 1)
        guard abs(sa.size - sb.size) <= 0.12 * size, Self.setsBold(a) == Self.setsBold(b) else { return false }
        let lineHeight = max(a.box.height, size)
        let gap = b.box.y0 - a.box.y1
        guard gap > -0.4 * lineHeight, gap < 0.75 * lineHeight else { return false }
        let overlap = a.box.xOverlap(b.box)
        return overlap >= 0.5 * min(a.box.width, b.box.width) && overlap > 0
    }

    // MARK: Reading order

    func order(_ blocks: [TextBlock]) -> [TextBlock] {
        guard blocks.count > 1 else { return blocks }
        guard let cut = bestGutter(blocks) else {
            return blocks.sorted { $0.box.y0 != $1.box.y0 ? $0.box.y0 < $1.box.y0 : $0.box.x0 < $1.box.x0 }
        }
        if cut.spanning.isEmpty { return order(cut.left) + order(cut.right) }
        // Bands between spanning blocks, each read left then right.
        let spanners = cut.spanning.sorted { $0.box.y0 < $1.box.y0 }
        var bands = [[TextBlock]](repeating: [], count: spanners.count + 1)
        for b in cut.left + cut.right {
            // The spanners above its middle, counted by bisection (a text-mode page can have thousands).
            bands[spanners.partitionPoint { $0.box.y0 < b.box.midY }].append(b)
        }
        var out = order(bands[0])
        for (i, s) in spanners.enumerated() {
            out.append(s)
            out += order(bands[i + 1])
        }
        return out
    }

    private struct Cut {
        var left: [TextBlock]
        var right: [TextBlock]
        var spanning: [TextBlock]
        var gap: Double
    }

    /// The vertical gutter crossed by the fewest lines, if blocks sit side by side across it.
    /// Each candidate is weighed on the blocks' boxes and line counts, counted
    /// by bisection in the boxes sorted by either edge (`GutterCounts`); the
    /// side-by-side test runs only for one that would be the best so far, and
    /// the blocks are sorted into the cut once, for the best (a text-mode page
    /// can hold a book's blocks and hundreds of distinct line ends).
    private func bestGutter(_ blocks: [TextBlock]) -> Cut? {
        // A box with a coordinate that is not a number (a damaged text matrix)
        // takes no part in the search; the cut puts it with the spanning blocks.
        let measured = blocks.filter { [$0.box.x0, $0.box.y0, $0.box.x1, $0.box.y1].allSatisfy(\.isFinite) }
        let boxes = measured.map(\.box)
        let counts = GutterCounts(boxes, lines: measured.map(\.lines.count))
        var best: (x: Double, mid: Double, crossing: Int, gap: Double)?
        var sharingHeight: [(Int, Int)]? = nil
        for x in Set(boxes.map(\.x1)).sorted() {
            let leftCount = counts.ending(atOrBefore: x + 0.5)
            guard leftCount > 0, leftCount < boxes.count,
                let rightEdge = counts.nearestStart(after: x, endingAfter: x + 0.5)
            else { continue }
            let gap = rightEdge - x
            guard gap >= 3 else { continue }
            let mid = (x + rightEdge) / 2
            let (rightCount, crossing) = counts.beyond(x + 0.5, startingFrom: mid)
            guard rightCount > 0, crossing * 2 <= counts.totalLines else { continue }
            if let best, !(crossing < best.crossing || (crossing == best.crossing && gap > best.gap)) { continue }
            // Some block left of the gutter shares a stretch of height with one right of it.
            let sharing = sharingHeight ?? Self.pairsSharingHeight(boxes)
            sharingHeight = sharing
            let isLeft = { (i: Int) in boxes[i].x1 <= x + 0.5 }
            let isRight = { (i: Int) in boxes[i].x1 > x + 0.5 && boxes[i].x0 >= mid }
            guard sharing.contains(where: { isLeft($0) && isRight($1) || isLeft($1) && isRight($0) }) else { continue }
            best = (x, mid, crossing, gap)
        }
        guard let best else { return nil }
        let rest = blocks.filter { $0.box.x1 > best.x + 0.5 }
        return Cut(
            left: blocks.filter { $0.box.x1 <= best.x + 0.5 }, right: rest.filter { $0.box.x0 >= best.mid },
            spanning: rest.filter { $0.box.x0 < best.mid }, gap: best.gap)
    }

    /// The pairs of boxes that share a stretch of height (half the shorter
    /// one's, or 6 points), found once: a candidate gutter then only asks
    /// whether a pair lies across it.
    private static func pairsSharingHeight(_ boxes: [Box]) -> [(Int, Int)] {
        let rows = VerticalIndex(boxes)
        var pairs: [(Int, Int)] = []
        for (i, a) in boxes.enumerated() {
            for j in rows.overlapping(a) where j > i && a.yOverlap(boxes[j]) > 0.5 * min(a.height, boxes[j].height, 12)
            {
                pairs.append((i, j))
            }
        }
        return pairs
    }
}

/// A gutter candidate's counts over a page's blocks without a pass over all
/// of them: the boxes sorted by right edge and by left edge, with the line
/// counts summed from each end. A box drawn right to left (`x1 < x0`) is
/// counted apart, so that every count is the one a pass would give.
private struct GutterCounts {
    let totalLines: Int
    private let boxes: [Box]
    private let lines: [Int]
    /// Right edges ascending, and the lines of the boxes from each position on.
    private let rights: [Double]
    private let linesFromRight: [Int]
    /// Box indices by left edge, the left edges, and the lines from each position on.
    private let byLeft: [Int]
    private let lefts: [Double]
    private let linesFromLeft: [Int]
    private let inverted: [Int]

    init(_ boxes: [Box], lines: [Int]) {
        self.boxes = boxes
        self.lines = lines
        totalLines = lines.reduce(0, +)
        let byRight = boxes.indices.sorted { boxes[$0].x1 < boxes[$1].x1 }
        rights = byRight.map { boxes[$0].x1 }
        linesFromRight = Self.suffixSums(byRight.map { lines[$0] })
        byLeft = boxes.indices.sorted { boxes[$0].x0 < boxes[$1].x0 }
        lefts = byLeft.map { boxes[$0].x0 }
        linesFromLeft = Self.suffixSums(byLeft.map { lines[$0] })
        inverted = boxes.indices.filter { boxes[$0].x1 < boxes[$0].x0 }
    }

    private static func suffixSums(_ values: [Int]) -> [Int] {
        var sums = [Int](repeating: 0, count: values.count + 1)
        for i in values.indices.reversed() { sums[i] = sums[i + 1] + values[i] }
        return sums
    }

    /// How many boxes end at or before `limit`.
    func ending(atOrBefore limit: Double) -> Int { rights.partitionPoint { $0 <= limit } }

    /// The leftmost start right of `x` among the boxes that end after `limit`.
    func nearestStart(after x: Double, endingAfter limit: Double) -> Double? {
        var k = lefts.partitionPoint { $0 <= x }
        while k < lefts.count, boxes[byLeft[k]].x1 <= limit { k += 1 }
        return k < lefts.count ? lefts[k] : nil
    }

    /// Among the boxes that end after `limit`: how many start at `mid` or
    /// right of it, and the lines of the others (which cross the gutter).
    /// `mid` lies a point or more right of `limit`, so a box that starts
    /// there ends after `limit` unless it is drawn right to left.
    func beyond(_ limit: Double, startingFrom mid: Double) -> (count: Int, crossingLines: Int) {
        let rest = rights.partitionPoint { $0 <= limit }
        let start = lefts.partitionPoint { $0 < mid }
        var count = lefts.count - start
        var rightLines = linesFromLeft[start]
        for i in inverted where boxes[i].x0 >= mid && boxes[i].x1 <= limit {
            count -= 1
            rightLines -= lines[i]
        }
        return (count, linesFromRight[rest] - rightLines)
    }
}

/// The lines that may share height with a box, in page order, while lines are
/// merged: a text-mode page can hold a whole book's lines, and a search of all
/// of them for each lone marker was quadratic there. A merged line's box is the
/// union of the boxes it took in, so a removed line's hits answer for the line
/// that took it.
private struct SameHeightLines {
    private let rows: VerticalIndex
    private var mergedInto: [Int: Int] = [:]

    init(_ lines: [Line]) { rows = VerticalIndex(lines.map(\.box)) }

    /// A superset of the lines whose box overlaps `box` vertically, in index order.
    func candidates(_ box: Box) -> [Int] {
        Set(rows.overlapping(box).map { mergedInto[$0] ?? $0 }).sorted()
    }

    /// `line` was taken into `target`. A line that took another in is never
    /// taken itself (it is no longer a lone marker or an all-bold lead-in), so
    /// one step of `mergedInto` is enough.
    mutating func merge(_ line: Int, into target: Int) { mergedInto[line] = target }
}

/// Boxes by their vertical extent, for "which boxes share height with this one"
/// without trying every box: a text-mode page can hold a whole book's lines.
struct VerticalIndex {
    private let boxes: [Box]
    /// Box indices in order of their tops.
    private let byTop: [Int]
    private let tallest: Double

    init(_ boxes: [Box]) {
        self.boxes = boxes
        byTop = boxes.indices.sorted { boxes[$0].y0 < boxes[$1].y0 }
        tallest = boxes.map(\.height).max() ?? 0
    }

    /// Indices of the boxes whose vertical extent meets `box`'s (in order of their tops).
    func overlapping(_ box: Box) -> [Int] {
        // A box that meets `box` starts above its bottom, and below its top less the tallest box.
        var out: [Int] = []
        var i = byTop.partitionPoint { boxes[$0].y0 < box.y0 - tallest }
        while i < byTop.count, boxes[byTop[i]].y0 < box.y1 {
            if boxes[byTop[i]].y1 > box.y0 { out.append(byTop[i]) }
            i += 1
        }
        return out
    }
}
