import FolioModel
import FolioText

/// Bibliographies: the entries under a "References", "Bibliography" or "Works
/// Cited" heading become `reference` blocks, one an entry. Serves papers,
/// reports and journal articles: the entries are no body text, and a dataset
/// of a report series can list what each edition cites.
///
/// The list runs from its heading to the next heading of the same level or
/// above (an appendix, an author's address), or to the end of its chapter. A
/// subheading inside it ("Primary sources") stays a heading. Where the entries
/// are labelled (`[12]`, `[ANDR89]`, `12.`), a piece that opens with no label
/// is the entry before it running on: a link the layout set apart, a line
/// after a column break. Unlabelled entries (author–year lists) are taken as
/// the layout cut them, but for a paragraph that runs several together
/// (`authorEntries`).
enum ReferenceList {
    /// A reference list's heading, numbered or not, in the languages reports here come in.
    static let heading = Pattern(
        #"^(([0-9]+|[A-Z])(\.[0-9]+)*\.?\s+)?(references|bibliography|works cited|literature cited|cited literature|reference list|selected bibliography|literatur|références|bibliographie|referencias|bibliografía)$"#,
        caseInsensitive: true)
    /// An entry's label, as printed at its start.
    static let label = Pattern(#"^(\[[^\]\s]{1,12}\]|[0-9]{1,3}\.)(\s|$)"#)

    /// A reference list's heading glued to its first entry, as plain text runs
    /// them together: `8. References [ANDR89] Andrade, J., …`.
    static let gluedHeading = Pattern(
        #"^((?:[0-9]+|[A-Z])(?:\.[0-9]+)*\.?\s+)?(References|Bibliography|Works Cited|Literature Cited)\s+(\[[^\]\s]{1,12}\].*)$"#
    )

    static func mark(_ blocks: [Block]) -> [Block] {
        let blocks = blocks.flatMap(Self.ungluingHeading)
        var out: [Block] = []
        out.reserveCapacity(blocks.count)
        var listLevel: Int?
        var labelled = false
        for (i, block) in blocks.enumerated() {
            // Plain text takes a title-case piece of an entry (`ACM Symposium on
            // Operating Systems Principles`), or a running header read between
            // entries, for a heading: in a labelled list, a "heading" that an
            // entry's label follows within a few pieces is the entry running on.
            if block.kind == .heading, listLevel != nil, labelled, out.last?.kind == .reference,
                !heading.matches(block.text),
                blocks.dropFirst(i + 1).prefix(4).contains(where: {
                    ($0.kind == .paragraph || $0.kind == .listItem) && label.matches(Self.printed($0))
                })
            {
                out[out.count - 1].text += " " + block.text
                continue
            }
            if block.kind == .heading {
                let level = block.level ?? 2
                if heading.matches(block.text.trimmingCharacters(in: .whitespaces)) {
                    listLevel = level
                    labelled = false
                } else if let open = listLevel, level <= open {
                    listLevel = nil
                }
                out.append(block)
                continue
            }
            guard listLevel != nil, [.paragraph, .listItem, .code].contains(block.kind) else {
                out.append(block)
                continue
            }
            let text = Self.printed(block)
            let opens = label.matches(text)
            let first = out.last?.kind != .reference
            if first { labelled = opens }
            if labelled, !opens, !first {
                // A link set in a fixed-width face and broken over lines is one link again.
                out[out.count - 1].text +=
                    block.kind == .code ? text.replacingOccurrences(of: "\n", with: "") : " " + text
                continue
            }
            // A listing among unlabelled entries is a listing; a bare number or a
            // word or two (a stray folio, a column's label) is no entry.
            if block.kind == .code || (!opens && Words.spaced(text).count < 3) {
                out.append(block)
                continue
            }
            for entry in labelled ? Self.entries(in: text) : Self.authorEntries(in: text) {
                out.append(Block(kind: .reference, text: entry, page: block.page))
            }
        }
        return out
    }

    /// A block's text as printed: a numbered list item's number is its label, not its text.
    static func printed(_ block: Block) -> String {
        block.kind == .listItem ? [block.label, block.text].compactMap { $0 }.joined(separator: " ") : block.text
    }

    /// A paragraph or list item that opens with a reference list's heading and
    /// goes on with a labelled entry, as the heading and the entry.
    static func ungluingHeading(_ block: Block) -> [Block] {
        guard block.kind == .paragraph || block.kind == .listItem else { return [block] }
        let text = Self.printed(block)
        guard text.utf8.contains(UInt8(ascii: "[")), let groups = gluedHeading.firstMatch(in: text), groups.count == 4,
            let name = groups[2], let entry = groups[3]
        else { return [block] }
        let title = (groups[1].map(String.init) ?? "") + name
        return [
            Block(kind: .heading, text: title, page: block.page, level: 2),
            Block(kind: .paragraph, text: String(entry), page: block.page),
        ]
    }

    /// `text` cut before each label that opens a new entry: plain text runs a
    /// list's entries together into one paragraph (`… 1986. [2] The Apache …`).
    /// A label opens an entry: a number in brackets that is the one after the
    /// entry's own (`[2]` after `[1]`, even after a link with no stop), or another
    /// bracketed label (`[BAY77]`) after the end of a sentence. A bracketed page
    /// or note number inside an entry (`[p114]`, `[3]` in `[12]`) follows no
    /// sentence end or no sequence.
    static func entries(in text: String) -> [String] {
        let words = Words.spaced(text)
        guard words.count > 1, let first = words.first, first.first == "[" else { return [text] }
        var current = Self.number(first)
        var entries: [String] = []
        var start = 0
        for (i, word) in words.enumerated() where i > 0 && word.first == "[" && word.last == "]" && word.count >= 3 {
            let n = Self.number(word)
            if let c = current {
                guard n == c + 1 else { continue }
            } else if n != nil || !SentenceEnd.paragraph(String(words[i - 1])) {
                continue
            }
            entries.append(words[start..<i].joined(separator: " "))
            start = i
            current = n
        }
        entries.append(words[start...].joined(separator: " "))
        return entries
    }

    /// An author's initials (`A.`, `C.T.`, `J.-P.`, `R.S.,`) and a surname before initials (`Brokaw,`).
    static let initials = Pattern(#"^[A-Z]\.(?:-?[A-Z]\.)*,?$"#)
    static let surname = Pattern(#"^[A-Z][\p{L}'’-]+,$"#)
    static let year = Pattern(#"\b(1[89][0-9]{2}|20[0-9]{2})\b"#)
    /// Abbreviations with a stop after which a name goes on inside an entry
    /// (`et al. J. Smith`, `eds. A. Jones`); words without a stop (`In J. Smith`)
    /// never end an entry anyway.
    static let insideEntry: Set<String> = ["ed.", "eds.", "al.", "vol.", "no.", "pp.", "p."]

    /// An unlabelled (author–year) list that plain text ran together into one
    /// paragraph, cut where an entry ends and the next author begins: after a
    /// full stop or a closing bracket (`[p115]`), at initials and a capitalised
    /// surname (`L. Boytsov.`) or a surname and initials (`Brokaw, R.S.,`), and
    /// only where the text on both sides holds a year, as every entry does. A
    /// paragraph of under thirty words is one entry as the layout cut it.
    static func authorEntries(in text: String) -> [String] {
        let words = Words.spaced(text)
        guard words.count >= 30 else { return [text] }
        func opensEntry(_ i: Int) -> Bool {
            guard i > 0, i + 1 < words.count else { return false }
            let (word, next, before) = (String(words[i]), String(words[i + 1]), words[i - 1])
            guard before.last == "." || before.last == "]", !initials.matches(String(before)),
                !insideEntry.contains(before.lowercased())
            else { return false }
            return (initials.matches(word) && next.first?.isUppercase == true)
                || (surname.matches(word) && initials.matches(next))
        }
        let starts = words.indices.filter(opensEntry)
        // Years counted once, word by word: `years[j]` is how many of the first j words hold one.
        var years = [0]
        for word in words { years.append(years.last! + (year.matches(String(word)) ? 1 : 0)) }
        let holdsYear = { (range: Range<Int>) in years[range.upperBound] > years[range.lowerBound] }
        var cuts = [0]
        for (k, i) in starts.enumerated() {
            let next = k + 1 < starts.count ? starts[k + 1] : words.count
            if holdsYear(cuts.last!..<i), holdsYear(i..<next) { cuts.append(i) }
        }
        guard cuts.count > 1 else { return [text] }
        cuts.append(words.count)
        return zip(cuts, cuts.dropFirst()).map { words[$0..<$1].joined(separator: " ") }
    }

    /// The number of a label such as `[12]`; nil for `[BAY77]`.
    static func number(_ label: Substring) -> Int? {
        guard label.first == "[", label.last == "]" else { return nil }
        return Int(label.dropFirst().dropLast())
    }
}

/// The `references` stage: every chapter's, and the front and back matter's, reference lists.
struct ReferenceListing: DocumentStage {
    let name = "references"
    func run(_ draft: inout Draft, workers: Int) {
        for i in draft.blocks.indices { draft.blocks[i].blocks = ReferenceList.mark(draft.blocks[i].blocks) }
        draft.frontMatter = ReferenceList.mark(draft.frontMatter)
        draft.backMatter = ReferenceList.mark(draft.backMatter)
    }
}
