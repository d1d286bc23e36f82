import FolioCore
import FolioModel
import Foundation
import MarkdownExporter
import Testing

/// Markdown read back by a CommonMark + footnotes renderer (cmark-gfm, as GitHub
/// renders): what a reader sees must be the document's text, with every note
/// linked once, and nothing the document holds may become markup.
@Suite("Markdown rendered")
struct MarkdownRenderTests {
    static let cmark = which("cmark-gfm")

    /// HTML of `markdown`, raw HTML passed through (the unsafe setting shows injection).
    static func render(_ markdown: String) throws -> String {
        let exe = try #require(cmark, "cmark-gfm is not installed (scripts/install-deps.sh)")
        let r = try run(exe, ["-e", "footnotes", "--unsafe"], input: Data(markdown.utf8))
        try #require(r.status == 0, "cmark-gfm: \(r.err)")
        return r.out
    }

    /// The text a reader sees: tags removed, entities decoded, blanks folded.
    static func visibleText(_ html: String) -> String {
        let noTags = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        let decoded = noTags.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return folded(decoded)
    }

    static func folded(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        HTMLExporterTests.captures(pattern, in: text)
    }

    /// The footnote checks every rendered document must pass; returns the problems.
    static func noteProblems(_ document: Document, html: String) -> [String] {
        var problems: [String] = []
        if html.contains("[^") { problems.append("a literal [^ survives in the HTML") }
        let defined = captures(#"<li id="(fn-[^"]+)""#, in: html)
        if Set(defined).count != defined.count { problems.append("a note is defined twice: \(defined)") }
        let ids = captures(#" id="([^"]+)""#, in: html)
        if Set(ids).count != ids.count { problems.append("an id is used twice: \(ids)") }
        for target in captures(##"href="#([^"]+)""##, in: html) where !html.contains("id=\"\(target)\"") {
            problems.append("link to #\(target) resolves to nothing")
        }
        // Every note's text is still there (a renderer drops unreferenced definitions).
        let visible = visibleText(html)
        for (_, block) in document.allBlocks where block.kind == .footnote {
            let text = folded(block.text)
            if !text.isEmpty && !visible.contains(text) { problems.append("note text lost: \(text)") }
        }
        return problems
    }

    /// Everything a hostile or careless PDF can put in the fields Markdown writes.
    static let hostile = Document(
        source: Source(file: "hostile.pdf", sha256: String(repeating: "0", count: 64), pageCount: 1),
        title: "Report <script>alert(1)</script> *bold* _it_ [a](http://x) `code` &amp; #1",
        pages: [Page(number: 1, method: .text)],
        chapters: [
            Chapter(
                index: 1, title: "Chapter <b>one</b> # ~~struck~~",
                authors: ["Ann <img src=x onerror=alert(1)> Lee", "B_o_b *Star*"],
                startPage: 1, endPage: 1,
                blocks: [
                    Block(kind: .heading, text: "Heading ending in #", page: 1, level: 2),
                    Block(
                        kind: .paragraph, text: "Run `rm -rf` on [x](y) & R&D <b>bold</b> a|b ![i](j)", page: 1,
                        footnoteRefs: ["1", "zz", "a b]", "1"]),
                    Block(kind: .listItem, text: "1. nested number", page: 1, footnoteRefs: ["9"]),
                    Block(kind: .pullQuote, text: "> quoted twice", page: 1),
                    Block(kind: .caption, text: " * ", page: 1),
                    Block(kind: .caption, text: "", page: 1),
                    Block(kind: .paragraph, text: "line one\n    indented code?\n# heading?\n===\n- dash", page: 1),
                    Block(kind: .paragraph, text: "2020. A year. 3) not a list", page: 1),
                    Block(kind: .paragraph, text: "| a | b |\n|---|---|\n| 1 | 2 |", page: 1),
                    Block(kind: .footnote, text: "First note <script>x</script>", page: 1, label: "1"),
                    Block(kind: .footnote, text: "Same label again", page: 1, label: "1"),
                    Block(kind: .footnote, text: "Nobody refers to me", page: 1, label: "7"),
                    Block(kind: .footnote, text: "Odd label", page: 1, label: "a b]"),
                    Block(kind: .footnote, text: "Label with markup", page: 1, label: "*<i>"),
                    Block(kind: .paragraph, text: "Refers to the odd one", page: 1, footnoteRefs: ["*<i>"]),
                ]),
            // Same chapter index twice, same labels: ids must still be unique.
            Chapter(
                index: 1, title: nil, authors: [], startPage: 1, endPage: 1,
                blocks: [
                    Block(kind: .paragraph, text: "Second chapter", page: 1, footnoteRefs: ["1"]),
                    Block(kind: .footnote, text: "Second chapter's note", page: 1, label: "1"),
                ]),
        ])

    @Test(.enabled(if: cmark != nil, "cmark-gfm is not installed"))
    func hostileTextRendersAsText() throws {
        let html = try Self.render(MarkdownExporter().render(Self.hostile))
        #expect(Self.noteProblems(Self.hostile, html: html) == [])
        for tag in ["<script", "<img", "<b>", "<i>", "<code", "<strong", "<del", "<table", "<pre", "<hr", "<h4"] {
            #expect(!html.contains(tag), "\(tag) reached the HTML:\n\(html)")
        }
        // Only what the exporter writes: one heading per level, the list item, the notes, one quote.
        for (tag, n) in [("<h1", 1), ("<h2", 1), ("<h3", 1), ("<ol", 1), ("<ul", 1), ("<blockquote", 1)] {
            #expect(html.components(separatedBy: tag).count - 1 == n, "\(tag) ×\(n) expected:\n\(html)")
        }
        #expect(!html.contains("href=\"http") && !html.contains("href=\"y\""), "a link was made:\n\(html)")
        // Emphasis only where the exporter put it: the byline.
        #expect(Self.captures("(<em>)", in: html).count == 1, "\(html)")
        let visible = Self.visibleText(html)
        let doc = Self.hostile
        var texts = [doc.title!] + doc.chapters.flatMap { [$0.title ?? ""] + $0.authors }
        texts += doc.allBlocks.map(\.block.text).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        for text in texts where !text.isEmpty {
            #expect(visible.contains(Self.folded(text)), "not shown as text: \(text)\n\(visible)")
        }
        // Two notes, each linked from the text; the dangling marker stays visible.
        #expect(Self.captures(#"<li id="(fn-[^"]+)""#, in: html).count == 4, "\(html)")
        #expect(visible.contains("[zz]") && visible.contains("[9]"))
        #expect(visible.contains("[1] Same label again") && visible.contains("[7] Nobody refers to me"))
    }

    @Test(.enabled(if: cmark != nil, "cmark-gfm is not installed"))
    func reviewedFileRendersEveryNote() throws {
        let html = try Self.render(MarkdownExporter().render(ExporterTests.small))
        #expect(Self.noteProblems(ExporterTests.small, html: html) == [])
    }

    /// A PDF whose title, byline and body hold markup, through the whole pipeline.
    @Test(.enabled(if: cmark != nil, "cmark-gfm is not installed"))
    func hostilePDFRendersAsText() throws {
        let dir = try TempDir("folio-md")
        defer { dir.cleanUp() }
        let lines = [
            "Report <script>alert(1)</script> *one*", "By Ann <img src=x onerror=alert(1)> Lee",
            "Body with _under_ and [link](http://x) and `tick` marks in it.",
        ]
        let pdf = dir.file("hostile.pdf")
        try MiniPDF.text([
            .init(text: lines[0], size: 24), .init(text: lines[1], size: 12), .init(text: lines[2], size: 10),
        ])
        .write(to: pdf)
        let document = try Converter().convert(file: pdf.path)
        let html = try Self.render(MarkdownExporter().render(document))
        for tag in ["<script", "<img", "<code", "<a href=\"http"] {
            #expect(!html.contains(tag), "\(tag) reached the HTML:\n\(html)")
        }
        let visible = Self.visibleText(html)
        for needle in [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "_under_", "[link](http://x)", "`tick`",
        ] {
            #expect(visible.contains(needle), "not shown as text: \(needle)\n\(visible)")
        }
    }

    /// Real conversions: the sample report, the fixtures and the shared corpus's text PDFs.
    @Test(.enabled(if: cmark != nil, "cmark-gfm is not installed"))
    func convertedDocumentsRenderEveryNote() throws {
        var inputs = [Repo.sampleReport, try Fixtures.url("two-column.pdf"), try Fixtures.url("two-page.pdf")]
        let corpus = Repo.shared.appendingPathComponent("corpus")
        for name in ["brief", "anthology", "collection"] {
            let pdf = corpus.appendingPathComponent("\(name)/\(name).pdf")
            if FileManager.default.fileExists(atPath: pdf.path) { inputs.append(pdf) }
        }
        for input in inputs {
            let document = try Converter().convert(file: input.path)
            let html = try Self.render(MarkdownExporter().render(document))
            #expect(Self.noteProblems(document, html: html) == [], "\(input.lastPathComponent)")
        }
    }

    /// A tool's placeholder metadata title ("Untitled") is no title: no "# Untitled".
    @Test(arguments: ["Untitled", "untitled-1", "Untitled document"])
    func aPlaceholderMetadataTitleIsNotTheTitle(_ placeholder: String) throws {
        let dir = try TempDir("folio-untitled")
        defer { dir.cleanUp() }
        let pdf = dir.file("u.pdf")
        try MiniPDF.text([.init(text: "Only a short body line, all in one size.", size: 10)], title: placeholder)
            .write(to: pdf)
        let document = try Converter().convert(file: pdf.path)
        #expect(document.title == nil, "\(document.title ?? "")")
        let markdown = try MarkdownExporter().render(document)
        #expect(!markdown.lowercased().contains("untitled"), "\(markdown)")
        // A real metadata title is still used.
        try MiniPDF.text([.init(text: "Only a short body line, all in one size.", size: 10)], title: "Rivers of Lima")
            .write(to: pdf)
        #expect(try Converter().convert(file: pdf.path).title == "Rivers of Lima")
    }
}
