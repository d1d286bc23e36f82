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
            if text.isEmpty || u.kind == .table || u.kind == .code { continue }
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
