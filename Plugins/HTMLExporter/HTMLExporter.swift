import FolioModel

/// A readable, self-contained HTML page per document: the title, a contents
/// list, each chapter as a `<section>` with its byline, headings, paragraphs,
/// lists, pull-quotes, captions and footnotes linked both ways. The style sheet
/// is inline; the page loads nothing else.
///
/// This is also the worked example of an in-process exporter (see `docs/plugins.md`).
public struct HTMLExporter: Exporter {
    public let name = "html"
    public let fileExtension = "html"
    public let summary = "a self-contained, readable HTML page (footnotes linked both ways)"

    public init() {}

    public func render(_ document: Document) throws -> String {
        let title = document.title ?? document.source.file
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="\(escape(document.metadata.producer))">
            <title>\(escape(title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <header class="document">
            <h1>\(escape(title))</h1>
            <p class="source">\(escape(document.source.file)) · \(document.source.pageCount) \
            page\(document.source.pageCount == 1 ? "" : "s")</p>

            """
        let parts = document.chaptersWithMatter
        let ids = parts.map { "chapter-\($0.index)" }
        let titled = zip(parts, ids).filter { $0.0.title != nil }
        if titled.count > 1 {
            out += "<nav class=\"contents\" aria-label=\"Contents\">\n<ol>\n"
            for (chapter, id) in titled {
                out += "<li><a href=\"#\(id)\">\(escape(chapter.title ?? ""))</a></li>\n"
            }
            out += "</ol>\n</nav>\n"
        }
        out += "</header>\n"
        var used = Set(["contents"])
        for (chapter, id) in zip(parts, ids) {
            out += renderChapter(chapter, id: unique(id, &used), used: &used)
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    private func renderChapter(_ chapter: Chapter, id: String, used: inout Set<String>) -> String {
        var out = "<section class=\"chapter\" id=\"\(id)\">\n"
        if let title = chapter.title { out += "<h2>\(escape(title))</h2>\n" }
        if !chapter.authors.isEmpty {
            out += "<p class=\"byline\">By \(escape(joinNames(chapter.authors)))</p>\n"
        }

        // Footnote ids: labels restart per chapter in many reports, so the chapter
        // index is part of the id (fn-c1-3 / ref-c1-3).
        let prefix = "c\(chapter.index)-"
        var noteID: [String: String] = [:]  // label → id of its first note
        var noteIDs: [Int: String] = [:]  // block index → id of that note
        for (i, block) in chapter.blocks.enumerated() where block.kind == .footnote {
            let label = block.label ?? "?"
            let id = unique("fn-" + prefix + slug(label), &used)
            noteIDs[i] = id
            if noteID[label] == nil { noteID[label] = id }
        }
        var firstRefID: [String: String] = [:]  // label → id of its first reference

        var notes: [Int] = []
        var openList = false
        for (i, block) in chapter.blocks.enumerated() {
            if block.kind != .listItem && openList {
                out += "</ul>\n"
                openList = false
            }
            switch block.kind {
            case .heading:
                let level = min(6, max(3, (block.level ?? 2) + 1))
                out += "<h\(level)>\(escape(block.text))</h\(level)>\n"
            case .paragraph:
                out += "<p>\(escape(block.text))\(refs(block, noteID, &firstRefID, &used))</p>\n"
            case .listItem:
                if !openList {
                    out += "<ul>\n"
                    openList = true
                }
                let number = block.label.map { "<span class=\"marker\">\(escape($0))</span> " } ?? ""
                out += "<li>\(number)\(escape(block.text))\(refs(block, noteID, &firstRefID, &used))</li>\n"
            case .pullQuote:
                out += "<blockquote class=\"pull-quote\"><p>\(escape(block.text))</p></blockquote>\n"
            case .caption:
                out += "<p class=\"caption\">\(escape(block.text))</p>\n"
            case .footnote:
                notes.append(i)
            case .table:
                out += table(block.cells)
            case .code:
                out += "<pre><code>\(escape(block.text))</code></pre>\n"
            case .figure:
                out += "<figure class=\"figure-text\"><pre>\(escape(block.text))</pre></figure>\n"
            case .reference:
                out += "<p class=\"reference\">\(escape(block.text))</p>\n"
            case .equation:
                out += "<div class=\"equation\"><pre>\(escape(block.text))</pre></div>\n"
            default:
                // A kind this exporter does not know yet reads as a paragraph.
                out += "<p>\(escape(block.text))</p>\n"
            }
        }
        if openList { out += "</ul>\n" }
        if !notes.isEmpty {
            out += "<aside class=\"footnotes\" aria-label=\"Notes\">\n<h3 class=\"notes\">Notes</h3>\n<ol>\n"
            for i in notes {
                let block = chapter.blocks[i]
                let label = block.label ?? "?"
                let id = noteIDs[i]!
                // Only the first note of a label is the target of its references.
                let back =
                    (noteID[label] == id ? firstRefID[label] : nil).map {
                        " <a class=\"footnote-back\" href=\"#\($0)\" aria-label=\"Back to the text\">↩</a>"
                    } ?? ""
                out +=
                    "<li id=\"\(id)\"><span class=\"footnote-label\">\(escape(label))</span> "
                    + "\(escape(block.text))\(back)</li>\n"
            }
            out += "</ol>\n</aside>\n"
        }
        return out + "</section>\n"
    }

    /// `<sup><a href="#fn-c1-3" id="ref-c1-3">3</a></sup>` per marker; a marker
    /// without a note in its chapter stays a plain superscript.
    private func refs(
        _ block: Block, _ noteID: [String: String], _ firstRefID: inout [String: String], _ used: inout Set<String>
    ) -> String {
        var out = ""
        for label in block.footnoteRefs ?? [] {
            guard let target = noteID[label] else {
                out += "<sup class=\"footnote-ref\">\(escape(label))</sup>"
                continue
            }
            let id = unique("ref-" + target.dropFirst("fn-".count), &used)
            if firstRefID[label] == nil { firstRefID[label] = id }
            out += "<sup class=\"footnote-ref\"><a href=\"#\(target)\" id=\"\(id)\">\(escape(label))</a></sup>"
        }
        return out
    }

    /// `<table>` with one `<tr>` per row and the cells escaped.
    private func table(_ rows: [[String]]) -> String {
        let body = rows.map { row in "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return "<table>\n" + body.joined() + "</table>\n"
    }

    /// Names joined as a reader writes them: "A", "A and B", "A, B and C".
    private func joinNames(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// A label made safe for an id: letters, digits, `-`, `_`; anything else becomes `-`.
    private func slug(_ label: String) -> String {
        let s = String(label.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" ? $0 : "-" })
        return s.isEmpty ? "note" : s
    }

    /// `id`, or `id-2`, `id-3`, … when taken; records the one returned.
    private func unique(_ id: String, _ used: inout Set<String>) -> String {
        var candidate = id
        var n = 2
        while used.contains(candidate) {
            candidate = "\(id)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Text as HTML: `& < > " '` escaped (safe in elements and quoted attributes).
    public func escape(_ text: String) -> String { Self.escape(text) }

    /// Text as HTML: `& < > " '` escaped (safe in elements and quoted attributes).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """

        :root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d8d4cc; --accent: #8a3b12; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fbfaf7; color: var(--ink);
          font: 18px/1.6 Georgia, "Iowan Old Style", "Times New Roman", serif; }
        main { max-width: 42rem; margin: 0 auto; padding: 3rem 1.25rem 5rem; }
        h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
        h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.6rem; margin: 0 0 .3rem; }
        h3 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
        h4, h5, h6 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
        .source, .byline { color: var(--muted); }
        .source { font-size: .9rem; margin: 0; }
        .byline { font-style: italic; margin: 0 0 1.5rem; }
        .contents { margin: 1.5rem 0 0; font-size: .95rem; }
        .contents ol { padding-left: 1.4rem; }
        header.document { border-bottom: 2px solid var(--ink); padding-bottom: 1.5rem; margin-bottom: 2.5rem; }
        section.chapter { border-top: 1px solid var(--rule); padding-top: 2rem; margin-top: 3rem; }
        section.chapter:first-of-type { border-top: 0; margin-top: 0; }
        p { margin: 0 0 1rem; hyphens: auto; }
        ul { padding-left: 1.4rem; margin: 0 0 1rem; }
        li { margin-bottom: .35rem; }
        blockquote.pull-quote { margin: 2rem 0; padding: .25rem 0 .25rem 1.25rem; border-left: 4px solid var(--accent);
          color: var(--accent); font-size: 1.3rem; line-height: 1.45; font-style: italic; }
        blockquote.pull-quote p { margin: 0; }
        p.caption { font-family: "Helvetica Neue", Arial, sans-serif; font-size: .85rem; color: var(--muted);
          border-top: 1px solid var(--rule); padding-top: .4rem; }
        table { border-collapse: collapse; margin: 0 0 1rem; font-size: .9rem; }
        td { border: 1px solid var(--rule); padding: .2rem .5rem; vertical-align: top; }
        li:has(> .marker) { list-style: none; }
        pre { overflow-x: auto; font-size: .85rem; line-height: 1.4; border-left: 3px solid var(--rule);
          padding: .3rem .8rem; margin: 0 0 1rem; }
        figure.figure-text { margin: 0; color: var(--muted); }
        div.equation pre { border-left: none; text-align: center; }
        p.reference { padding-left: 1.5rem; text-indent: -1.5rem; font-size: .9rem; }
        sup.footnote-ref { font-size: .7em; line-height: 0; }
        sup.footnote-ref a { text-decoration: none; padding: 0 .1em; }
        a { color: var(--accent); }
        aside.footnotes { margin-top: 2.5rem; border-top: 1px solid var(--rule); font-size: .88rem; }
        aside.footnotes h3.notes { font-size: .95rem; text-transform: uppercase; letter-spacing: .05em; margin: 1rem 0 .5rem; }
        aside.footnotes ol { list-style: none; padding: 0; }
        .footnote-label { font-weight: bold; margin-right: .3em; }
        .footnote-label::after { content: "."; }
        .footnote-back { text-decoration: none; }
        :target { background: #fff3c4; }
        @media print { body { background: none; font-size: 11pt; } main { max-width: none; padding: 0; }
          a { color: inherit; } }

        """
}
