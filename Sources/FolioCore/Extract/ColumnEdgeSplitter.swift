import FolioText
import TesseractKit

/// Splits OCR lines where they run across a local column edge. Tesseract's
/// automatic layout can read a body line on into the pull-quote or sidebar set
/// beside it when the space between them is hardly wider than a word space, so
/// `GapSplitter`'s "far wider than the other gaps" misses it. What gives such a
/// gap away is that it recurs: on several lines in a row there is a wider gap
/// at the same place, and the words on one side of it share an edge (the
/// body column's justified right edge, or the float's left edge). A river of
/// spaces in justified text has no such edge.
enum ColumnEdgeSplitter {
    /// Lines (each a list of words in reading order, boxes in pixels) with the
    /// lines that cross a recurring column edge cut there.
    static func split(_ lines: [[OCRWord]]) -> [[OCRWord]] {
        let cuts = edges(in: lines).cuts
        guard !cuts.isEmpty else { return lines }
        return lines.enumerated().flatMap { i, words -> [[OCRWord]] in
            guard let after = cuts[i] else { return [words] }
            var parts: [[OCRWord]] = [[]]
            for (k, w) in words.enumerated() {
                parts[parts.count - 1].append(w)
                if after.contains(k) { parts.append([]) }
            }
            return parts.filter { !$0.isEmpty }
        }
    }

    /// One recurring column edge: the stretch of lines it cuts (pixels) and where.
    struct Edge: Equatable {
        var x: Double
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
    }

    /// The recurring column edges among the lines, and for each line the indices
    /// of the words after which it is cut.
    static func edges(in lines: [[OCRWord]]) -> (edges: [Edge], cuts: [Int: Set<Int>]) {
        let none: ([Edge], [Int: Set<Int>]) = ([], [:])
        let allGaps = lines.flatMap { words in zip(words, words.dropFirst()).map { $1.box.x0 - $0.box.x1 } }
        guard !allGaps.isEmpty else { return none }
        let pageGap = max(allGaps.sorted()[allGaps.count / 2], 1)
        let heights = lines.compactMap { words in words.map(\.box.height).max() }.sorted()
        let em = max(heights[heights.count / 2], 1)
        // Words on one side of a column edge line up to within a fraction of an em.
        let edgeTolerance = 0.3 * em
        let boxes = lines.map(OCRBox.enclosing)

        struct Candidate {
            var line: Int
            var after: Int  // index of the word before the gap
            var lo: Double
            var hi: Double
            var top: Double
            var bottom: Double
        }
        var candidates: [Candidate] = []
        for (i, words) in lines.enumerated() where words.count >= 2 {
            let gaps = zip(words, words.dropFirst()).map { $1.box.x0 - $0.box.x1 }
            let usual = gaps.count >= 3 ? gaps.sorted()[gaps.count / 2] : pageGap
            let (top, bottom) = (boxes[i]!.y0, boxes[i]!.y1)
            for (k, gap) in gaps.enumerated() where gap > 1.2 * max(usual, 1) && gap > 0.5 * pageGap {
                candidates.append(
                    Candidate(
                        line: i, after: k, lo: words[k].box.x1, hi: words[k + 1].box.x0, top: top, bottom: bottom))
            }
        }
        guard candidates.count >= 3 else { return none }

        // Candidates on lines next to each other, overlapping and sharing an edge, join one column edge.
        var groups = DisjointSets(count: candidates.count)
        for a in candidates.indices {
            for b in candidates.indices where b > a {
                let ca = candidates[a]
                let cb = candidates[b]
                guard ca.line != cb.line, min(ca.hi, cb.hi) > max(ca.lo, cb.lo) else { continue }
                let verticalGap = max(ca.top, cb.top) - min(ca.bottom, cb.bottom)
                guard verticalGap < 0.8 * em else { continue }
                guard abs(ca.lo - cb.lo) <= edgeTolerance || abs(ca.hi - cb.hi) <= edgeTolerance else { continue }
                groups.join(a, b)
            }
        }
        var members: [Int: [Candidate]] = [:]
        for i in candidates.indices { members[groups.find(i), default: []].append(candidates[i]) }
        // Three lines cut at one place make an edge; so do two, when a line next
        // to them stops (the column's margin) or starts (the float's) right at it.
        func isColumnEdge(_ gaps: [(line: Int, lo: Double, hi: Double)]) -> Bool {
            let cutLines = Set(gaps.map(\.line))
            if cutLines.count >= 3 { return true }
            guard cutLines.count == 2 else { return false }
            let lo = gaps.map(\.lo).reduce(0, +) / Double(gaps.count)
            let hi = gaps.map(\.hi).reduce(0, +) / Double(gaps.count)
            let cut = cutLines.compactMap { boxes[$0] }
            return boxes.indices.contains { j in
                guard !cutLines.contains(j), let box = boxes[j] else { return false }
                let near = cut.contains { max(box.y0, $0.y0) - min(box.y1, $0.y1) < 0.8 * em }
                return near && (abs(box.x1 - lo) <= edgeTolerance || abs(box.x0 - hi) <= edgeTolerance)
            }
        }
        var cuts: [Int: Set<Int>] = [:]
        // A line that crosses between lines standing apart: near it, lines of
        // the column end where its gap opens and lines of the float begin where
        // it closes (the float's first or last line, set closer to the body).
        for (i, words) in lines.enumerated() where words.count >= 2 {
            guard let box = boxes[i] else { continue }
            let near = boxes.indices.compactMap { j -> OCRBox? in
                guard j != i, let other = boxes[j],
                    max(box.y0, other.y0) - min(box.y1, other.y1) < 2 * em
                else { return nil }
                return other
            }
            for k in 0..<(words.count - 1) {
                let a = words[k].box.x1
                let b = words[k + 1].box.x0
                guard b - a > 0.5 * pageGap else { continue }
                let ending = near.filter { abs($0.x1 - a) <= edgeTolerance && $0.x0 < a }.count
                let starting = near.filter { abs($0.x0 - b) <= edgeTolerance && $0.x1 > b }.count
                if ending >= 2 && starting >= 2 { cuts[i, default: []].insert(k) }
            }
        }
        var edges: [Edge] = []
        for group in members.values where isColumnEdge(group.map { ($0.line, $0.lo, $0.hi) }) {
            for c in group { cuts[c.line, default: []].insert(c.after) }
            let cut = Set(group.map(\.line)).map { lines[$0] }
            edges.append(
                Edge(
                    x: (group.map(\.lo).max()! + group.map(\.hi).min()!) / 2,
                    left: cut.compactMap { $0.first?.box.x0 }.min()!,
                    right: cut.compactMap { $0.last?.box.x1 }.max()!,
                    top: group.map(\.top).min()!, bottom: group.map(\.bottom).max()!))
        }
        return (edges.sorted { ($0.top, $0.x) < ($1.top, $1.x) }, cuts)
    }
}
