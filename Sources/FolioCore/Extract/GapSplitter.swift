import FolioModel
import FolioText

/// Splits a line where one gap is far wider than its other word gaps. In
/// justified text the gaps of one line stretch alike, so a gap several times the
/// line's usual one is a gutter: a pull-quote or sidebar set beside the body,
/// merged into one line by extraction or OCR.
enum GapSplitter {
    static func split(_ line: Line) -> [Line] {
        let words = line.words
        guard words.count >= 3 else { return [line] }
        let gaps = zip(words, words.dropFirst()).map { $1.box.x0 - $0.box.x1 }
        let sorted = gaps.sorted()
        let median = max(sorted[sorted.count / 2], 0.5)
        let size = max(line.style.size, 1)
        var parts: [[Word]] = [[words[0]]]
        for (i, gap) in gaps.enumerated() {
            let w = words[i + 1]
            let outlier = gap > 2.5 * median && gap > 0.6 * size
            // A list marker keeps its tab.
            let afterMarker = i == 0 && ListMarker.isTabbedMarker(words[0].text)
            if outlier && !afterMarker && !w.superscript { parts.append([]) }
            parts[parts.count - 1].append(w)
        }
        return parts.count == 1 ? [line] : parts.map { Line(words: $0) }
    }
}
