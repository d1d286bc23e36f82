import FolioModel
import FolioText

/// Text mode: a sidebar quote set one or two words per line comes out of
/// extraction interleaved line by line with the box beside it. Its short lines,
/// read in order, repeat a sentence of the body; the longest such run of short
/// lines (skipping a stray short line of the box) is lifted out of the page and
/// set as a block of its own, so the lines around it close up again.
///
/// Runs after `InterleavedQuoteExtractor`: lines it lifted carry the role
/// `liftedQuote` and are left alone here.
enum SidebarExtractor {
    static let maxWords = 3

    /// Lines whose text is in `furniture` (``PageFurniture/recurringEdgeTexts(_:workers:)``) are never taken.
    static func extract(_ pages: [PageText], furniture: Set<String> = [], workers: Int = 1) -> [PageText] {
        // The body copy is searched for everywhere near the sidebar (like a
        // pull-quote, it repeats a passage on its spread or a few pages away) but in
        // the interleaved short lines themselves: nearby pages, and this page's full lines.
        // Each line's key is encoded once: a page's text is its lines' keys in a
        // row (as if joined by single spaces), and enters up to 2 × window + 1 indexes.
        let keys = parallelMap(count: pages.count, workers: workers) { p in
            pages[p].lines.map { line in Words.matchingKey(ofWords: line.words.map(\.text)) }
        }
        var vocabulary = PassageIndex.Vocabulary()
        let lines = keys.map { $0.map { vocabulary.encode($0) } }
        // A page without lines is a break, as the empty text it joins to.
        let texts = lines.map { $0.isEmpty ? [-1] : Array($0.joined()) }
        let window = QuoteDistance.pages
        let words = vocabulary
        return parallelMap(count: pages.count, workers: workers) { p in
            extract(from: pages[p], furniture: furniture) {
                let own = pages[p].lines.indices.filter { pages[p].lines[$0].words.count > maxWords }.map {
                    lines[p][$0]
                }
                let before = texts[max(0, p - window)..<p]
                let after = texts[(p + 1)..<min(texts.count, p + 1 + window)]
                return PassageIndex(encoded: before + own + after, vocabulary: words)
            }
        }
    }

    /// Lifts the sidebar runs of `page` whose text occurs in the body copy that
    /// `bodyCopy` indexes (built only when the page has enough short lines).
    /// Lines whose text is in `furniture` are never taken.
    static func extract(from page: PageText, furniture: Set<String> = [], bodyCopy: () -> PassageIndex) -> PageText {
        let lines = page.lines
        // Short lines with their words as the body copy is matched.
        let short: [(line: Int, words: [String])] = lines.indices.compactMap { i in
            let w = lines[i].words
            guard w.count <= maxWords, !ListMarker.isTabbedMarker(w[0].text), !furniture.contains(lines[i].text),
                !w.allSatisfy({ $0.role == .liftedQuote }),
                !PageNumber.isBare(lines[i].text)
            else { return nil }
            let words = Words.matching(lines[i].text)
            return words.isEmpty ? nil : (i, words)
        }
        guard short.count >= 3 else { return page }
        let corpus = bodyCopy()
        let full = lines.filter { $0.words.count > maxWords }.map { $0.text.count }.sorted()
        let fullLine = full.isEmpty ? 0 : Double(full[full.count / 2])
        var taken: [[Int]] = []
        var s = 0
        while s < short.count {
            var chain = [short[s].line]
            var text = short[s].words
            // Whether the passage ends inside a word of the body copy.
            var cut = false
            var k = s
            // A chain grows by the next short line (skipping at most two) whose words
            // continue the passage in the body copy.
            extending: while true {
                for next in (k + 1)..<min(k + 4, short.count) {
                    let candidate = text + short[next].words
                    let whole = corpus.contains(candidate)
                    // The page's last short line may end the passage inside a word.
                    if whole || next == short.count - 1 && corpus.contains(candidate, lastWordCut: true) {
                        chain.append(short[next].line)
                        text = candidate
                        cut = !whole
                        k = next
                        continue extending
                    }
                }
                break
            }
            if chain.count >= 3, text.count >= 6, !cut {
                // The quote's first line can hold a few more words than the rest
                // (`Yet the record of` above `municipal water`): the line just above, too
                // long to be taken as a short line itself,
                // short beside the page's full lines, whose words open the passage.
                // Set with it, no blank line between: a byline above a sidebar is not its first line.
                if chain[0] > 0, case let above = lines[chain[0] - 1],
                    lines[chain[0]].box.y0 - above.box.y0 <= 1.5 * PlainTextReader.lineHeight,
                    (maxWords + 1)...(2 * maxWords) ~= above.words.count,
                    !above.words.contains(where: { $0.role == .liftedQuote }), !furniture.contains(above.text),
                    Double(above.text.count) <= 0.5 * fullLine, case let words = Words.matching(above.text),
                    !words.isEmpty, corpus.contains(words + text)
                {
                    chain.insert(chain[0] - 1, at: 0)
                }
                taken.append(chain)
                s = k + 1
            } else {
                s += 1
            }
        }
        guard !taken.isEmpty else { return page }
        var page = page
        let removed = Set(taken.flatMap { $0 })
        let height = PlainTextReader.lineHeight
        var kept: [Line] = []
        var shift = 0.0
        for (i, line) in lines.enumerated() {
            if removed.contains(i) {
                shift += height
                continue
            }
            kept.append(moved(line, dx: 0, dy: -shift))
        }
        // The sidebar goes beside the text, as it was printed.
        let right = (kept.map(\.box.x1).max() ?? 0) + 40
        for chain in taken {
            let top = lines[chain[0]].box.y0
            for (n, i) in chain.enumerated() {
                let l = lines[i]
                kept.append(moved(l, dx: right - l.box.x0, dy: top + Double(n) * height - l.box.y0))
            }
        }
        page.lines = kept
        return page
    }

    static func moved(_ line: Line, dx: Double, dy: Double) -> Line {
        Line(
            words: line.words.map { w in
                var w = w
                w.box = Box(x0: w.box.x0 + dx, y0: w.box.y0 + dy, x1: w.box.x1 + dx, y1: w.box.y1 + dy)
                return w
            })
    }
}
