import FolioModel
import FolioText
import PopplerKit

/// Builds words and lines from a page's text layer (poppler glyphs).
///
/// Words end at white space; lines at poppler's line breaks. A line is split
/// further where a gap is too wide for a word space (a column gutter or a
/// pull-quote beside the body), and a raised, smaller run at a word's edge is cut
/// off as a superscript (a footnote marker glued to the word).
struct TextLayerReader {
    func read(_ text: PDFPageText, number: Int) -> PageText {
        let styles = text.fonts.map(Self.style)
        var lines: [Line] = []
        var words: [Word] = []
        var glyphs: [PDFGlyph] = []

        func endWord() {
            if !glyphs.isEmpty { words += makeWords(glyphs, styles: styles) }
            glyphs.removeAll(keepingCapacity: true)
        }
        func endLine() {
            endWord()
            if !words.isEmpty { lines += splitAtGaps(words) }
            words.removeAll(keepingCapacity: true)
        }

        var right = 0.0
        for g in text.glyphs {
            if g.character == "\n" || g.character == "\r" {
                endLine()
            } else if g.isSpace {
                endWord()
            } else if g.x1 - g.x0 <= 0 && g.y1 - g.y0 <= 0 {
                continue
            } else {
                // A glyph far from the previous one on the same line starts a new word
                // even without a space (tables, tight gutters).
                // (Measured from the word's right edge so far: a ligature's second
                // character can have an empty box at the ligature's start.)
                if let last = glyphs.last {
                    let size = max(styles[last.font].size, 1)
                    if g.x0 - right > 0.6 * size || g.x0 < last.x0 - 0.5 * size { endWord() }
                }
                right = glyphs.isEmpty ? g.x1 : max(right, g.x1)
                glyphs.append(g)
            }
        }
        endLine()
        return PageText(number: number, width: text.width, height: text.height, label: text.label, lines: lines)
    }

    static func style(_ font: PDFFont) -> TextStyle {
        // Subset fonts carry a "ABCDEF+" prefix; the rest of the name tells weight and slant.
        var name = font.name
        if let plus = name.firstIndex(of: "+"), name.distance(from: name.startIndex, to: plus) == 6 {
            name = String(name[name.index(after: plus)...])
        }
        let lower = name.lowercased()
        let has = { (part: String) in lower.includes(part) }
        // "-Medi": URW's bold (NimbusRomNo9L-Medi, the Times bold of LaTeX papers).
        let bold = ["bold", "black", "heavy", "semibold", "demi", "-bd", "medium", "-medi"].contains(where: has)
        let italic =
            ["italic", "oblique", "ital", "-it", "slanted"].contains(where: has)
            || lower.hasSuffix("-i") || lower.hasPrefix("cmti")
        let colored = max(font.red, font.green, font.blue) - min(font.red, font.green, font.blue) > 0.15
        return TextStyle(fontName: name, size: font.size, bold: bold, italic: italic, colored: colored)
    }

    /// One word, or a word plus a superscript run cut from its end.
    private func makeWords(_ glyphs: [PDFGlyph], styles: [TextStyle]) -> [Word] {
        // One font throughout: nothing can be raised (the common case).
        if !glyphs.contains(where: { $0.font != glyphs[0].font }) { return [word(glyphs[...], styles: styles)] }
        let main = glyphs.map { styles[$0.font].size }.max() ?? 0
        let baseline = glyphs.filter { styles[$0.font].size >= main * 0.95 }.map(\.y1).max() ?? 0
        func isRaised(_ g: PDFGlyph) -> Bool {
            let s = styles[g.font].size
            return s < main * 0.85 && g.y1 < baseline - 0.12 * main
        }
        var cut = glyphs.count
        while cut > 0, isRaised(glyphs[cut - 1]) { cut -= 1 }
        if cut > 0, cut < glyphs.count {
            return [word(glyphs[..<cut], styles: styles), word(glyphs[cut...], styles: styles, superscript: true)]
        }
        // A note's label glued to its first word ("2Authors’").
        var lead = 0
        while lead < glyphs.count, isRaised(glyphs[lead]) { lead += 1 }
        if lead > 0, lead < glyphs.count {
            return [word(glyphs[..<lead], styles: styles, superscript: true), word(glyphs[lead...], styles: styles)]
        }
        return [word(glyphs[...], styles: styles, superscript: cut == 0 && glyphs.allSatisfy { isRaised($0) })]
    }

    private func word(_ glyphs: ArraySlice<PDFGlyph>, styles: [TextStyle], superscript: Bool = false) -> Word {
        // The font most of its glyphs are set in (almost always the only one).
        let first = glyphs.first!
        var font = first.font
        if glyphs.contains(where: { $0.font != first.font }) {
            var counts: [Int: Int] = [:]
            for g in glyphs { counts[g.font, default: 0] += 1 }
            // Ties go to the font seen first in the document: a dictionary's order
            // changes from run to run, and the output must not.
            font = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
        }
        var box = Box(x0: first.x0, y0: first.y0, x1: first.x1, y1: first.y1)
        var text = String.UnicodeScalarView()
        for g in glyphs {
            box = box.union(Box(x0: g.x0, y0: g.y0, x1: g.x1, y1: g.y1))
            text.append(g.character)
        }
        return Word(text: String(text), box: box, style: styles[font], superscript: superscript)
    }

    /// A line-end hyphen that came out as a word of its own joins the word before it.
    private func attachLoneHyphen(_ words: [Word]) -> [Word] {
        guard words.count >= 2, let last = words.last, last.text.count == 1, Hyphens.lineEnd.contains(last.text.first!)
        else {
            return words
        }
        var out = Array(words.dropLast())
        out[out.count - 1].text += last.text
        out[out.count - 1].box = out[out.count - 1].box.union(last.box)
        return out
    }

    /// Short words in smaller type raised above the line's baseline are
    /// footnote markers, even when they stand apart from the word they follow.
    private func markSuperscripts(_ words: [Word]) -> [Word] {
        guard words.count >= 2 else { return words }
        // Only a short word in smaller type can be a marker: most lines have none.
        guard
            let smallest = words.dropFirst().filter({ !$0.superscript && $0.text.utf8.count <= 9 }).map(\.style.size)
                .min(),
            words.contains(where: { $0.style.size > smallest / 0.85 })
        else { return words }
        var weight: [Double: Int] = [:]
        for w in words where !w.superscript { weight[w.style.size, default: 0] += w.text.count }
        // Ties go to the larger type (a formula's subscripts can weigh as much as its letters).
        guard let main = weight.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key, main > 0 else {
            return words
        }
        let baseline = words.filter { abs($0.style.size - main) < 0.05 * main }.map(\.box.y1).max() ?? 0
        var out = words
        for i in out.indices.dropFirst() where !out[i].superscript {
            let w = out[i]
            let marker = w.text.count <= 3 && w.text.allSatisfy { $0.isNumber || "*†‡§,".contains($0) }
            if marker, w.style.size < 0.85 * main, w.box.y1 < baseline - 0.12 * main { out[i].superscript = true }
        }
        return out
    }

    /// Splits a poppler line where a gap between words is much wider than a word
    /// space, or where the type changes size across a clear gap.
    private func splitAtGaps(_ words: [Word]) -> [Line] {
        let words = markSuperscripts(attachLoneHyphen(words))
        var lines: [Line] = []
        var current: [Word] = []
        for w in words {
            // A list number or bullet set off by a tab stays with its item.
            if current.count == 1, ListMarker.isTabbedMarker(current[0].text),
                w.box.sharesRow(with: current[0].box)
            {
                current.append(w)
                continue
            }
            if let prev = current.last {
                let size = max(min(prev.style.size, w.style.size), 1)
                let gap = w.box.x0 - prev.box.x1
                let sizeChange =
                    !prev.superscript && !w.superscript
                    && abs(prev.style.size - w.style.size) > 0.15 * size
                let verticalJump = w.box.yOverlap(prev.box) < 0.3 * min(w.box.height, prev.box.height)
                if gap > 1.5 * size || gap < -size || (sizeChange && gap > 0.5 * size)
                    || (verticalJump && !w.superscript && !prev.superscript)
                {
                    lines.append(Line(words: current))
                    current = []
                }
            }
            current.append(w)
        }
        if !current.isEmpty { lines.append(Line(words: current)) }
        return lines.flatMap(GapSplitter.split)
    }
}
