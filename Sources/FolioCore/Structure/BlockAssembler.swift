import FolioModel
import FolioText

/// Final blocks: paragraphs re-joined across columns, pages and whatever
/// interrupted them (pull-quotes, figures, footnotes), which follow the paragraph.
struct BlockAssembler: Sendable {
    let dehyphenator: Dehyphenator

    func blocks(from units: [Unit]) -> [Block] {
        var out: [Block] = []
        var openParagraph: Int?  // index in `out` of a paragraph that may continue
        var openBlockID = -1
        var held: [Block] = []  // interruptions waiting for the open paragraph to close
        func release() {
            out += held
            held = []
        }
        // The piece of listing just written: its page, left edge and character width.
        var lastCode: (page: Int, left: Double, charWidth: Double)?
        // The page of the formula just written, while formulas follow one another.
        var lastEquation: Int?
        for u in units where !u.text.isEmpty && u.kind != .chapterMatter {
            if u.kind != .code { lastCode = nil }
            if u.kind != .equation { lastEquation = nil }
            let refs = u.refs.isEmpty ? nil : u.refs
            switch u.kind {
            case .paragraph:
                if let open = openParagraph, u.blockID != openBlockID, continues(out[open].text, u) {
                    joinAcross(&out[open].text, u.text)
                    if let r = refs { out[open].footnoteRefs = (out[open].footnoteRefs ?? []) + r }
                    openBlockID = u.blockID
                    continue
                }
                release()
                out.append(Block(kind: .paragraph, text: u.text, page: u.page, footnoteRefs: refs))
                openParagraph = out.count - 1
                openBlockID = u.blockID
            case .pullQuote, .caption, .footnote:
                let block = Block(
                    kind: u.kind == .pullQuote ? .pullQuote : u.kind == .caption ? .caption : .footnote,
                    text: u.text, page: u.page, label: u.kind == .footnote ? u.label : nil)
                if openParagraph != nil { held.append(block) } else { out.append(block) }
            case .table:
                // Like a caption: held until the paragraph it interrupts has ended.
                let block = Block.table(rows: u.rows ?? [], page: u.page)
                if openParagraph != nil { held.append(block) } else { out.append(block) }
            case .figure, .equation:
                // Held like a table: the sentence a formula stands in reads on after it.
                // A formula's pieces read one after another (a brace's cases, an
                // aligned line) are one block.
                if u.kind == .equation, lastEquation == u.page {
                    if openParagraph != nil {
                        held[held.count - 1].text += "\n" + u.text
                    } else {
                        out[out.count - 1].text += "\n" + u.text
                    }
                    continue
                }
                let block = Block(kind: u.kind == .figure ? .figure : .equation, text: u.text, page: u.page)
                if openParagraph != nil { held.append(block) } else { out.append(block) }
                if u.kind == .equation { lastEquation = u.page }
            case .code:
                // Held like a table. A listing that runs on (to the next page, or
                // past a change of weight that made it two layout blocks) is one block.
                // Pieces on one page keep their indentation against each other.
                var text = u.text
                if let piece = lastCode, piece.page == u.page, abs(piece.charWidth - u.charWidth) < 0.1 * u.charWidth {
                    text = CodeListing.indented(text, by: Int(((u.box.x0 - piece.left) / u.charWidth).rounded()))
                }
                if lastCode != nil {
                    // The unit before was this listing's piece, written where this one would go.
                    if openParagraph != nil {
                        held[held.count - 1].text += "\n" + text
                    } else {
                        out[out.count - 1].text += "\n" + text
                    }
                } else {
                    let block = Block(kind: .code, text: u.text, page: u.page)
                    if openParagraph != nil { held.append(block) } else { out.append(block) }
                }
                if lastCode?.page != u.page || u.box.x0 < lastCode!.left {
                    lastCode = (u.page, u.box.x0, u.charWidth)
                }
            case .heading, .listItem:
                release()
                openParagraph = nil
                // A numbered item keeps its number as printed ("3.", "(b)"); a bullet is no label.
                let number = u.kind == .listItem && u.hadMarker && ListMarker.isNumbered(u.firstWord)
                out.append(
                    Block(
                        kind: u.kind == .heading ? .heading : .listItem, text: u.text, page: u.page,
                        level: u.kind == .heading ? (u.level ?? 2) : nil, label: number ? u.firstWord : nil,
                        footnoteRefs: refs))
            case .chapterMatter:
                break
            }
        }
        release()
        return out
    }

    /// A paragraph goes on in `next` when it stopped mid-sentence or `next` starts in lower case.
    func continues(_ text: String, _ next: Unit) -> Bool {
        guard let firstChar = next.text.first else { return false }
        if firstChar.isLowercase { return true }
        if let last = text.last, Dehyphenator.hyphens.contains(last) { return true }
        return !SentenceEnd.paragraph(text) && !next.indented
    }

    /// Appends `next` in place (a paragraph can run on for a whole text-mode
    /// page), mending a word broken by a hyphen at the join.
    func joinAcross(_ text: inout String, _ next: String) {
        guard let last = text.last, Dehyphenator.hyphens.contains(last) else {
            text += " "
            text += next
            return
        }
        let head = text.lastIndex(of: " ").map { String(text[text.index(after: $0)...]) } ?? text
        let tailWord = next.firstIndex(of: " ").map { String(next[..<$0]) } ?? next
        let joined = dehyphenator.join(head, tailWord)
        text.removeLast(head.count)
        text += joined
        text += next.dropFirst(tailWord.count)
    }
}
