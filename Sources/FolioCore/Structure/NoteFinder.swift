import FolioModel
import FolioText

/// Notes that type alone does not mark: endnotes listed after a "Notes"
/// heading, and (in plain text, which has no small type) numbered entries
/// that close a page and cite a source.
struct NoteFinder: Sendable {
    let scale: TypeScale

    func mark(_ units: inout [Unit]) {
        markEndnotes(&units)
        if scale.typeless { markPageNotes(&units) }
    }

    static let numberPunctuation = Set(scalarsOf: ".)")

    /// Plain text: numbered entries that close a page and cite a source (a
    /// year, "Ibid.", a link, an interview) are its page notes.
    func markPageNotes(_ units: inout [Unit]) {
        var i = units.count - 1
        while i >= 0 {
            let page = units[i].page
            var j = i
            while j >= 0, units[j].page == page, units[j].kind == .listItem,
                Int(units[j].firstWord.trimming(Self.numberPunctuation)) != nil,
                Pattern.citation.matches(units[j].text)
            {
                j -= 1
            }
            for k in stride(from: i, to: j, by: -1) {
                units[k].kind = .footnote
                units[k].label = units[k].firstWord.trimming(Self.numberPunctuation)
            }
            // Move to the last unit of the previous page.
            var k = j
            while k >= 0, units[k].page == page { k -= 1 }
            i = k
        }
    }

    /// The unit's text without its first word, when the text starts with it.
    static func droppingFirst(_ unit: Unit) -> String {
        guard unit.text.hasPrefix(unit.firstWord) else { return unit.text }
        let rest = unit.text.dropFirst(unit.firstWord.count)
        return rest.isEmpty || rest.first == " " ? String(rest.drop { $0 == " " }) : unit.text
    }

    /// After a "Notes" / "Endnotes" heading, numbered entries are notes, not list items.
    func markEndnotes(_ units: inout [Unit]) {
        var inNotes = false
        for i in units.indices {
            if units[i].kind == .heading {
                let t = units[i].text.lowercased()
                inNotes = t == "notes" || t == "endnotes" || t == "references and notes"
                continue
            }
            guard inNotes else { continue }
            // Notes end where larger type starts (the next chapter's opener).
            if units[i].style.size > scale.raisedSize {
                inNotes = false
                continue
            }
            if units[i].kind == .listItem || units[i].kind == .paragraph || units[i].kind == .footnote {
                let label = units[i].firstWord.trimming(Self.numberPunctuation)
                if Int(label) != nil {
                    // The number is the note's label, not its text.
                    if !units[i].hadMarker && units[i].label == nil { units[i].text = Self.droppingFirst(units[i]) }
                    units[i].kind = .footnote
                    units[i].label = label
                    units[i].hadMarker = true
                } else if units[i].kind == .paragraph, i > 0, units[i - 1].kind == .footnote,
                    units[i - 1].page == units[i].page
                {
                    units[i].kind = .footnote
                    units[i].label = "+"
                } else {
                    // Unnumbered text on a new page: the notes are over.
                    inNotes = false
                }
            }
        }
    }
}
