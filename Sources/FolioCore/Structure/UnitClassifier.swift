import FolioModel
import FolioText

/// Gives prepared units (see `UnitCutter`) their kinds by type and wording:
/// captions, footnotes and their continuation lines, list items, headings.
struct UnitClassifier: Sendable {
    let scale: TypeScale

    /// Kinds in reading order across the document; a footnote's continuation joins its note.
    func classify(_ units: inout [Unit]) {
        for i in units.indices {
            let u = units[i]
            let style = u.style
            let text = u.text
            // Tables and code keep their kind: never captions, notes, list items or headings.
            if text.isEmpty || u.kind.keptWhole { continue }
            if Pattern.caption.matches(text), u.wordCount > 1 {
                units[i].kind = .caption
            } else if u.label != nil {
                units[i].kind = .footnote
            } else if style.size < scale.noteSize, i > 0, units[i - 1].kind == .footnote,
                units[i - 1].page == u.page
            {
                // A footnote's continuation lines.
                units[i].kind = .footnote
                units[i].label = "+"
            } else if u.hadMarker, isNumberedHeading(units, i, style: style) {
                // "1. Background" in heading type: a heading that keeps its number.
                units[i].kind = .heading
                units[i].text = u.firstWord + " " + text
                units[i].hadMarker = false
            } else if u.hadMarker {
                units[i].kind = .listItem
            } else if isHeading(u, style: style) {
                units[i].kind = .heading
            }
        }
        var merged: [Unit] = []
        for u in units {
            if u.kind == .footnote, u.label == "+", var last = merged.last, last.kind == .footnote {
                last.absorb(u)
                merged[merged.count - 1] = last
            } else {
                merged.append(u)
            }
        }
        units = merged
    }

    /// A numbered one-line unit in bold or heading size, standing alone (no
    /// item in its type before or after it: a numbered list in bold stays a list),
    /// is a numbered section heading. Needs type: not in plain text.
    func isNumberedHeading(_ units: [Unit], _ i: Int, style: TextStyle) -> Bool {
        let u = units[i]
        guard !scale.typeless, u.lines.count == 1, ListMarker.isNumbered(u.firstWord), !u.firstWord.hasPrefix("("),
            style.bold || style.size >= scale.headingSize
        else { return false }
        func sameList(_ j: Int) -> Bool {
            units.indices.contains(j) && units[j].hadMarker && units[j].style.bold == style.bold
                && abs(units[j].style.size - style.size) < 0.05 * max(style.size, 1)
        }
        let alone = !sameList(i - 1) && !sameList(i + 1)
        return alone && isHeading(u, style: style) && !SentenceEnd.paragraph(u.text)
    }

    func isHeading(_ u: Unit, style: TextStyle) -> Bool {
        guard u.lines.count <= 3, u.wordCount <= 18, u.wordCount > 0 else { return false }
        let larger = style.size >= scale.headingSize
        let text = u.text
        let sentence = text.hasSuffix(".") && u.wordCount > 4
        if larger { return !sentence || u.wordCount <= 8 }
        if style.bold { return !sentence && !text.hasSuffix(",") }
        // Without weight information (OCR, plain text) a short title-case line set
        // a little larger than the body still reads as a heading.
        return u.lines.count == 1 && (style.size >= scale.raisedSize || scale.typeless) && u.wordCount <= 12
            && !SentenceEnd.paragraph(text) && TitleCase.matches(text)
    }
}
