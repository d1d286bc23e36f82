import FolioModel

/// Readable Markdown: chapters as headings with a byline, pull-quotes as block
/// quotes, footnotes as Markdown footnotes, captions in italics.
///
/// Whatever the document holds, the output renders as that text: every text is
/// escaped, each note reference has exactly one definition and each definition
/// is referenced (CommonMark + footnotes drops unreferenced definitions and
/// shows a dangling `[^x]` literally).
public struct MarkdownExporter: Exporter {
    public let name = "md"
    public let fileExtension = "md"
    public let summary = "Markdown: chapters with bylines, pull-quotes as block quotes, footnotes"

    public init() {}

    public func render(_ document: Document) throws -> String {
        var parts: [String] = []
        if let title = document.title, !title.isEmpty { parts.append("# \(escape(title))") }
        var usedIDs: Set<String> = []
        for chapter in document.chaptersWithMatter {
            if let title = chapter.title { parts.append("## \(escape(title))") }
            if !chapter.authors.isEmpty { parts.append(emphasis("By " + chapter.authors.joined(separator: ", "))) }
            let notes = NoteIDs(chapter, used: &usedIDs)
            for (i, block) in chapter.blocks.enumerated() {
                switch block.kind {
                case .heading:
                    let level = min(6, max(3, (block.level ?? 2) + 1))
                    parts.append(String(repeating: "#", count: level) + " " + escape(block.text))
                case .paragraph:
                    parts.append(escape(block.text) + notes.refs(block))
                case .listItem:
                    parts.append(listMarker(block.label) + escape(block.text) + notes.refs(block))
                case .pullQuote:
                    parts.append("> " + escape(block.text))
                case .caption:
                    parts.append(emphasis(block.text))
                case .footnote:
                    let label = block.label ?? "?"
                    if let id = notes.definitionID(ofBlock: i) {
                        parts.append("[^\(id)]: " + escape(block.text))
                    } else {
                        // A second note with the same label, or one nothing refers to:
                        // kept as text (a renderer would drop or merge the definition).
                        parts.append(escape("[\(label)] ") + escape(block.text))
                    }
                case .table:
                    parts.append(pipeTable(block.cells))
                case .code:
                    parts.append(fencedCode(block.text))
                case .figure:
                    // A chart's or diagram's labels, one a line, set apart from the prose.
                    parts.append(fencedCode(block.text, info: "figure"))
                case .reference:
                    // An entry of a bibliography: a paragraph of its own, as printed.
                    parts.append(escape(block.text))
                case .equation:
                    // A formula as the text layer holds it (no TeX to render), its lines kept.
                    parts.append(fencedCode(block.text, info: "equation"))
                default:
                    // A kind this exporter does not know yet reads as a paragraph.
                    parts.append(escape(block.text))
                }
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// Italics that stay italics: `*` next to a space, or around nothing, is read literally.
    private func emphasis(_ text: String) -> String {
        let inner = escape(text)
        return inner.isEmpty ? "" : "*\(inner)*"
    }

    /// "3. " for an item numbered 3. or 3) (a Markdown ordered list, which
    /// keeps the first number), "- (b) " for other labels, "- " for bullets.
    func listMarker(_ label: String?) -> String {
        guard let label, !label.isEmpty else { return "- " }
        let digits = label.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9, [".", ")"].contains(label.dropFirst(digits.count)) {
            return label + " "
        }
        return "- " + escape(label) + " "
    }

    /// A fenced code block, its text as it is: the fence is longer than any run
    /// of backticks inside, so nothing in the listing can close it.
    func fencedCode(_ text: String, info: String = "") -> String {
        var longest = 0
        var run = 0
        for ch in text {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + text + "\n" + fence
    }

    /// A pipe table; the first row is its header row (Markdown needs one). Rows
    /// are padded to the widest; `escape` already escapes `|` and folds line breaks.
    func pipeTable(_ rows: [[String]]) -> String {
        let width = max(1, rows.map(\.count).max() ?? 1)
        func row(_ cells: [String]) -> String {
            let padded = cells + Array(repeating: "", count: width - cells.count)
            return "| " + padded.map(escape).joined(separator: " | ") + " |"
        }
        let header = row(rows.first ?? [])
        let rule = "|" + Array(repeating: " --- |", count: width).joined()
        return ([header, rule] + rows.dropFirst().map(row)).joined(separator: "\n")
    }

    /// Escapes what Markdown would read as markup, inline or at the start of a
    /// line, and folds line breaks and leading blanks (a block is one line).
    func escape(_ text: String) -> String {
        // Most texts are one line of printable ASCII without a character to escape: their bytes say so.
        let plain = text.utf8.allSatisfy(Self.isPlain)
        var out: String
        if plain {
            out = String(text.drop(while: { $0 == " " }))
        } else {
            let line =
                Self.mayBreakLines(text)
                ? text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ") : text
            let rest = line.trimmingLeadingSpaces()
            out = Self.escapedBytes(rest) ?? Self.escapedCharacters(rest)
        }
        if let first = out.first {
            if "+-=".contains(first) {
                out.insert("\\", at: out.startIndex)
            } else if first.isNumber, let mark = out.firstIndex(where: { !$0.isNumber }),
                out[mark] == "." || out[mark] == ")"
            {
                // "2020. A year" and "3) item" would start an ordered list.
                out.insert("\\", at: mark)
            }
        }
        return out
    }

    /// Markup characters escaped one character at a time.
    static func escapedCharacters(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let ch = rest.first {
            rest = rest.dropFirst()
            if ch == "&" {
                // `&` only where it would start an entity (&amp; &#60;): "R&D" stays as typed.
                let name = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") })
                if !name.isEmpty && rest.dropFirst(name.count).first == ";" { out.append("\\") }
            } else if "\\`*_[]<>#|~".contains(ch) {
                out.append("\\")
            }
            out.append(ch)
        }
        return out
    }

    /// `escapedCharacters` on bytes, for texts where each character it looks
    /// at stands between ASCII bytes: there it is a character of its own, so its
    /// byte answers for it. Beside a non-ASCII byte a combining mark or a
    /// prepended sign could join it to another character: nil, and the
    /// character loop decides. (Walking characters and testing each against a
    /// string of eleven took a tenth of a long text's whole conversion.)
    static func escapedBytes(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for (i, byte) in bytes.enumerated() {
            let escapes = isMarkup(byte)
            if escapes || byte == UInt8(ascii: ";") {
                guard i == 0 || bytes[i - 1] < 0x80, i + 1 == bytes.count || bytes[i + 1] < 0x80 else { return nil }
            }
            if byte == UInt8(ascii: "&") {
                var end = i + 1
                while end < bytes.count, isEntityName(bytes[end]) {
                    end += 1
                }
                if end > i + 1, end < bytes.count, bytes[end] == UInt8(ascii: ";") { out.append(UInt8(ascii: "\\")) }
            } else if escapes {
                out.append(UInt8(ascii: "\\"))
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a text may hold a line break or a tab: a control byte, NEL, or the line and paragraph separators.
    static func mayBreakLines(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if byte < 0x20 || (previous.1 == 0xC2 && byte == 0x85)
                || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9))
            {
                return true
            }
            previous = (previous.1, byte)
        }
        return false
    }

    /// A byte of an entity's name (`amp`, `#60`).
    private static func isEntityName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "#"):
            return true
        default:
            return false
        }
    }

    /// The characters `escapedCharacters` looks at, `&` included, as bytes.
    private static func isMarkup(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "|"),
            UInt8(ascii: "~"), UInt8(ascii: "&"):
            return true
        default:
            return false
        }
    }

    /// A printable ASCII byte that `escape` leaves as it is wherever it stands.
    private static func isPlain(_ byte: UInt8) -> Bool {
        !isMarkup(byte) && byte >= 0x20 && byte < 0x7F
    }
}

/// Markdown footnote ids of one chapter's notes: unique across the document
/// (case-insensitively, as renderers match them), one definition per label,
/// and only for labels some block refers to.
private struct NoteIDs {
    private var idOfLabel: [String: String] = [:]
    private var definingBlock: [Int: String] = [:]

    init(_ chapter: Chapter, used: inout Set<String>) {
        let referenced = Set(chapter.blocks.flatMap { $0.footnoteRefs ?? [] })
        for (i, block) in chapter.blocks.enumerated() where block.kind == .footnote {
            let label = block.label ?? "?"
            guard referenced.contains(label), idOfLabel[label] == nil else { continue }
            // Labels restart per chapter in many reports: the chapter index is part of the id.
            // The only `-` is the one after the chapter: renderers name a label's later
            // references `<id>-2`, `<id>-3`, which must not be another note's id.
            let base = "c\(chapter.index < 0 ? "m" : "")\(chapter.index.magnitude)-" + Self.slug(label)
            var id = base
            var n = 2
            while used.contains(id.lowercased()) {
                id = "\(base)_\(n)"
                n += 1
            }
            used.insert(id.lowercased())
            idOfLabel[label] = id
            definingBlock[i] = id
        }
    }

    func definitionID(ofBlock index: Int) -> String? { definingBlock[index] }

    /// `[^c1-3]` per marker with a note; a marker without one stays visible as `[3]`.
    func refs(_ block: Block) -> String {
        (block.footnoteRefs ?? []).map { label in
            idOfLabel[label].map { "[^\($0)]" } ?? MarkdownExporter().escape("[\(label)]")
        }.joined()
    }

    /// ASCII letters and digits, anything else `_`: nothing that could end the label or be folded.
    static func slug(_ label: String) -> String {
        let s = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return s.allSatisfy { $0 == "_" } ? "note" + s : s
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String {
        String(drop(while: { $0 == " " || $0.isWhitespace }))
    }
}
