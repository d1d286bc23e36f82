import FolioModel
import Foundation
import Testing

/// The HTML exporter, driven through the CLI (the test target does not link HTMLExporter).
@Suite("HTML exporter")
struct HTMLExporterTests {
    /// The sample report as JSON and HTML from one run.
    static func renderSample() throws -> (Document, String) {
        let out = try TempDir("folio-html")
        defer { out.cleanUp() }
        let r = try PluginHarness.folio([
            "convert", Repo.sampleReport.path, "--format", "json,html", "--output", out.url.path, "-q",
        ])
        try #require(r.status == 0, "stderr: \(r.err)")
        let document = try PluginHarness.document(at: out.file("sample-report.json"))
        let html = try String(contentsOf: out.file("sample-report.html"), encoding: .utf8)
        return (document, html)
    }

    static func count(_ pattern: String, in text: String) -> Int {
        (try? NSRegularExpression(pattern: pattern))?
            .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) ?? 0
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// As the exporter writes text.
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func samplePageHasTheDocumentsStructure() throws {
        let (doc, html) = try Self.renderSample()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        // Self-contained: inline style, nothing loaded.
        #expect(html.contains("<style>"))
        for external in ["<script", "<link", " src=", "url(", "@import"] {
            #expect(!html.contains(external), "\(external)")
        }

        // Front and back matter are rendered as untitled sections around the chapters.
        let parts = doc.chaptersWithMatter
        let blocks = parts.flatMap(\.blocks)
        func n(_ kind: BlockKind) -> Int { blocks.filter { $0.kind == kind }.count }
        #expect(Self.count("<h1>", in: html) == 1)
        #expect(html.contains("<h1>\(Self.escaped(doc.title ?? doc.source.file))</h1>"))
        #expect(Self.count("<section class=\"chapter\" id=\"chapter-\\d+\">", in: html) == parts.count)
        #expect(Self.count("<h2>", in: html) == parts.filter { $0.title != nil }.count)
        #expect(Self.count("<p class=\"byline\">By ", in: html) == doc.chapters.filter { !$0.authors.isEmpty }.count)
        #expect(Self.count("<h[3-6]>", in: html) == n(.heading))
        #expect(Self.count("<blockquote class=\"pull-quote\">", in: html) == n(.pullQuote))
        #expect(Self.count("<p class=\"caption\">", in: html) == n(.caption))
        #expect(Self.count("<li id=\"fn-c\\d+-[^\"]+\">", in: html) == n(.footnote))
        // Paragraphs: one <p> each, besides the source line, bylines, captions and quotes' inner <p>.
        let plainP = Self.count("<p>", in: html)
        #expect(plainP == n(.paragraph) + n(.pullQuote))
        // List items sit in <ul>s (the contents list is an <ol>).
        let body = String(html[html.range(of: "</header>")!.upperBound...])
        #expect(Self.count("<li>", in: body) == n(.listItem))
        #expect(Self.count("<ul>", in: body) == Self.count("</ul>", in: body))
        #expect(n(.listItem) == 0 || Self.count("<ul>", in: body) > 0)

        // Every block's text is on the page, escaped, in order within its chapter.
        for chapter in doc.chapters {
            var cursor = html.startIndex
            for block in chapter.blocks {
                let text = Self.escaped(block.text)
                let found = try #require(
                    html.range(of: text, range: cursor..<html.endIndex), "missing or out of order: \(text.prefix(60))")
                if block.kind != .footnote { cursor = found.upperBound }
            }
            for author in chapter.authors { #expect(html.contains(Self.escaped(author))) }
        }
    }

    @Test func footnotesAreLinkedBothWays() throws {
        let (doc, html) = try Self.renderSample()
        let ids = Set(Self.captures("id=\"([^\"]+)\"", in: html))
        #expect(ids.count == Self.count("id=\"", in: html), "ids are unique")
        let targets = Self.captures("href=\"#([^\"]+)\"", in: html)
        for t in targets { #expect(ids.contains(t), "link to missing #\(t)") }

        // Reference → note, in the documented shape, and note → reference.
        let refs = Self.captures(
            ##"<sup class="footnote-ref"><a href="#(fn-c\d+-[^"]+)" id="ref-c\d+-[^"]+">"##, in: html)
        #expect(!refs.isEmpty)
        for chapter in doc.chapters {
            let notes = Set(chapter.blocks.filter { $0.kind == .footnote }.compactMap(\.label))
            for label in Set(chapter.blocks.flatMap { $0.footnoteRefs ?? [] }) where notes.contains(label) {
                let c = chapter.index
                #expect(
                    html.contains(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-c\(c)-\(label)\" id=\"ref-c\(c)-\(label)\">\(label)</a></sup>"
                    ))
                #expect(html.contains("<a class=\"footnote-back\" href=\"#ref-c\(c)-\(label)\""))
                #expect(ids.contains("fn-c\(c)-\(label)"))
            }
        }
        let backs = Self.captures(##"class="footnote-back" href="#([^"]+)""##, in: html)
        #expect(!backs.isEmpty)
        #expect(backs.allSatisfy { $0.hasPrefix("ref-") && ids.contains($0) })
    }

    /// Text from the document cannot inject markup; awkward footnotes still link correctly.
    /// The document is replaced by a filter, so this runs through the CLI too.
    @Test func textIsEscapedAndOddFootnotesStayConsistent() throws {
        let dir = try TempDir("folio-html-escape")
        defer { dir.cleanUp() }
        let crafted = """
            {"schema": "folio/document@1", "source": {"file": "x<y>.pdf", "sha256": "\(String(repeating: "0", count: 64))", "page_count": 1},
             "title": "<script>alert('t')</script> & \\"Co\\"",
             "pages": [{"number": 1, "method": "text", "confidence": null}],
             "chapters": [{"index": 0, "authors": [], "blocks": [
                {"kind": "paragraph", "text": "No title, <b>not bold</b>", "page": 1, "footnote_refs": ["9"]}]},
               {"index": 1, "title": "A & B", "authors": ["O'Brien", "<i>X</i>", "Z"], "blocks": [
                {"kind": "list_item", "text": "one", "page": 1},
                {"kind": "list_item", "text": "two", "page": 1, "footnote_refs": ["*"]},
                {"kind": "paragraph", "text": "between", "page": 1, "footnote_refs": ["1", "1"]},
                {"kind": "list_item", "text": "three", "page": 1},
                {"kind": "footnote", "label": "1", "text": "first <note>", "page": 1},
                {"kind": "footnote", "label": "1", "text": "same label again", "page": 1},
                {"kind": "footnote", "label": "*", "text": "starred", "page": 1}]}]}
            """
        try Data(crafted.utf8).write(to: dir.file("doc.json"))
        let filter = try PluginHarness.script(
            "replace", in: dir, "#!/bin/sh\ncat > /dev/null\ncat '\(dir.file("doc.json").path)'\n")
        let r = try PluginHarness.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--filter", filter.path, "--format", "html", "--output", "-",
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        let html = r.out
        #expect(
            !html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>X") && !html.contains("<note>"))
        #expect(html.contains("<h1>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;Co&quot;</h1>"))
        #expect(html.contains("No title, &lt;b&gt;not bold&lt;/b&gt;"))
        #expect(html.contains("<p class=\"byline\">By O&#39;Brien, &lt;i&gt;X&lt;/i&gt; and Z</p>"))
        #expect(html.contains("<h2>A &amp; B</h2>"))
        // A marker without a note is not a link.
        #expect(html.contains("<sup class=\"footnote-ref\">9</sup>"))
        // The same note referenced twice: two distinct reference ids, one note id.
        #expect(html.contains("<a href=\"#fn-c1-1\" id=\"ref-c1-1\">1</a>"))
        #expect(html.contains("<a href=\"#fn-c1-1\" id=\"ref-c1-1-2\">1</a>"))
        #expect(html.contains("<li id=\"fn-c1-1-2\">"))
        // A label that cannot be an id is made into one.
        #expect(html.contains("<a href=\"#fn-c1--\" id=\"ref-c1--\">*</a>"))
        // Lists: items around a paragraph form two lists.
        #expect(Self.count("<ul>", in: html) == 2)
        let ids = Self.captures("id=\"([^\"]+)\"", in: html)
        #expect(Set(ids).count == ids.count)
        for t in Self.captures("href=\"#([^\"]+)\"", in: html) { #expect(ids.contains(t), "#\(t)") }
    }

    // MARK: - Headless Chromium

    static let chromium: URL? = which("chromium") ?? which("chromium-browser") ?? which("google-chrome")

    static func chrome(_ args: [String], profile: TempDir) throws -> ProcessResult {
        let exe = try #require(chromium)
        let base = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.file("profile").path)",
        ]
        if let timeout = which("timeout") { return try run(timeout, ["120", exe.path] + base + args) }
        return try run(exe, base + args)
    }

    @Test(
        .enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium)"))
    func chromiumRendersTheSamePage() throws {
        let (doc, html) = try Self.renderSample()
        let dir = try TempDir("folio-html-chromium")
        defer { dir.cleanUp() }
        let page = dir.file("sample-report.html")
        try Data(html.utf8).write(to: page)

        let dumped = try Self.chrome(["--dump-dom", page.absoluteString], profile: dir)
        #expect(dumped.status == 0, "chromium: \(dumped.err.suffix(500))")
        let dom = dumped.out
        try #require(dom.contains("<body>"), "no DOM dumped: \(dumped.err.suffix(500))")

        // The parser kept our structure: nothing was re-nested or dropped.
        let blocks = doc.chaptersWithMatter.flatMap(\.blocks)
        #expect(Self.count("<section class=\"chapter\"", in: dom) == doc.chaptersWithMatter.count)
        #expect(
            Self.count("<blockquote class=\"pull-quote\"", in: dom) == blocks.filter { $0.kind == .pullQuote }.count)
        for tag in ["p", "li", "ul", "ol", "sup", "a", "h2", "h3", "h4", "section", "aside", "blockquote"] {
            #expect(
                Self.count("<\(tag)[ >]", in: dom) == Self.count("<\(tag)[ >]", in: html),
                "<\(tag)> count changed in the DOM")
        }
        // Footnote links resolve in the rendered DOM, both ways.
        let ids = Set(Self.captures("id=\"([^\"]+)\"", in: dom))
        let links = Self.captures("href=\"#([^\"]+)\"", in: dom)
        #expect(links.contains { $0.hasPrefix("fn-") } && links.contains { $0.hasPrefix("ref-") })
        for t in links { #expect(ids.contains(t), "link to missing #\(t) in the DOM") }
        // Text arrives intact (Chromium re-serializes text escaping only &, < and >).
        let title = (doc.title ?? doc.source.file).replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        #expect(dom.contains("<title>\(title)</title>"))
        #expect(dom.contains("<h1>\(title)</h1>"))

        let shot = dir.file("page.png")
        let s = try Self.chrome(
            ["--screenshot=\(shot.path)", "--window-size=1000,1400", page.absoluteString], profile: dir)
        #expect(s.status == 0, "chromium: \(s.err.suffix(500))")
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 20_000, "a page with text renders to more than a blank image (\(png.count) bytes)")
    }
}
