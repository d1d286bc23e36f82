import FolioCore
import FolioModel
import Foundation
import HTMLExporter

/// The review page: each page image beside the regions found on it.
public struct InspectHTML {
    public struct PageImage {
        public var file: String
        public var width: Int
        public var height: Int

        public init(file: String, width: Int, height: Int) {
            self.file = file
            self.width = width
            self.height = height
        }
    }

    public var inspection: Inspection
    public var pages: [Int]
    /// Image per page number; empty for text input.
    public var images: [Int: PageImage]
    public var dpi: Int

    public init(inspection: Inspection, pages: [Int], images: [Int: PageImage], dpi: Int) {
        self.inspection = inspection
        self.pages = pages
        self.images = images
        self.dpi = dpi
    }

    public func render() -> String {
        let doc = inspection.document
        let byNumber = Dictionary(inspection.pages.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let title = doc.title ?? doc.source.file
        var h = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Inspect: \(HTMLExporter.escape(title))</title>
            <style>
            \(Self.css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(HTMLExporter.escape(title))</h1>
            <p class="meta">\(HTMLExporter.escape(doc.source.file)) · \(doc.source.pageCount) page\(doc.source.pageCount == 1 ? "" : "s") · \
            \(doc.chapters.count) chapter\(doc.chapters.count == 1 ? "" : "s") · showing \(HTMLExporter.escape(describe(pages)))\
            \(images.isEmpty ? " · text input, no page images" : " · images at \(dpi) dpi")</p>
            \(legend())
            </header>
            <main>

            """
        var previous: Int?
        for number in pages {
            h += chapterBanners(before: number, previous: previous)
            previous = number
            guard let page = byNumber[number] else { continue }
            h += section(page, printed: doc.pages.first { $0.number == number }?.label)
        }
        h += """
            </main>
            <footer>Made by <code>folio inspect</code> \(HTMLExporter.escape(FolioVersion.current)).</footer>
            </body>
            </html>

            """
        return h
    }

    // MARK: - Parts

    private func legend() -> String {
        var items = InspectStyle.kinds.map { k in
            """
            <li><span class="swatch\(k.furniture ? " dashed" : "")" style="--c:\(InspectStyle.css(k.hex))"></span>\
            <span class="chip\(k.furniture ? " furniture" : "")" style="--c:\(InspectStyle.css(k.hex))">\(HTMLExporter.escape(k.name))</span> \
            \(HTMLExporter.escape(k.meaning))</li>
            """
        }
        items.append(
            """
            <li><span class="gutter-sample" style="--c:\(InspectStyle.css(InspectStyle.gutterHex))"></span>\
            column gutter (dashed vertical line)</li>
            """)
        items.append(
            """
            <li><span class="swatch dashed" style="--c:\(InspectStyle.css(InspectStyle.drawingHex))"></span>\
            drawing: ink that is not text (a chart, a diagram, a frame); the labels on it that read as labels are a figure's text</li>
            """)
        if !images.isEmpty {
            items.append(
                """
                <li><span class="ocr-scale" style="background:linear-gradient(to right, \
                \(InspectStyle.confidenceCSS(0)), \(InspectStyle.confidenceCSS(0.5)), \(InspectStyle.confidenceCSS(1)))"></span>\
                OCR word confidence: red low → green high (OCR pages only)</li>
                """)
        }
        return """
            <details class="legend" open><summary>Legend</summary>
            <p>Boxes are the regions the pipeline found; the label on each reads \
            <em>reading-order number</em> and <em>kind</em>. Removed page furniture has a dashed \
            outline, no number, and is struck through in the lists.</p>
            <ul>
            \(items.joined(separator: "\n"))
            </ul>
            </details>
            """
    }

    private func chapterBanners(before number: Int, previous: Int?) -> String {
        var out = ""
        for chapter in inspection.document.chapters {
            guard let start = chapter.startPage else { continue }
            let end = chapter.endPage ?? start
            let opensHere = start == number || (start > (previous ?? 0) && start < number)
            let continuesHere = previous == nil && start < number && number <= end
            guard opensHere || continuesHere else { continue }
            let name = chapter.title.map(HTMLExporter.escape) ?? "<em>untitled</em>"
            let authors =
                chapter.authors.isEmpty
                ? "" : "<p class=\"authors\">by \(HTMLExporter.escape(chapter.authors.joined(separator: ", ")))</p>"
            let note = opensHere ? "" : " <span class=\"cont\">(continued from page \(start))</span>"
            let pagesText = start == end ? "page \(start)" : "pages \(start)–\(end)"
            out += """
                <div class="chapter" id="chapter-\(chapter.index)">
                <p class="kicker">Chapter \(chapter.index) · \(pagesText)\(note)</p>
                <h2>\(name)</h2>
                \(authors)
                </div>

                """
        }
        return out
    }

    private func section(_ page: InspectedPage, printed: String?) -> String {
        var facts: [String] = []
        if let printed { facts.append("printed number “\(HTMLExporter.escape(printed))”") }
        switch page.method {
        case .text:
            facts.append(
                images.isEmpty ? "<span class=\"method\">text</span> input" : "<span class=\"method\">text</span> layer"
            )
        case .ocr:
            let conf = page.confidence.map { String(format: "%.0f%%", $0 * 100) } ?? "n/a"
            facts.append("<span class=\"method ocr\">ocr</span> confidence \(conf)")
        }
        if !page.gutters.isEmpty {
            let xs = page.gutters.map { String(format: "%.0f", $0) }.joined(separator: ", ")
            facts.append("\(page.gutters.count + 1) columns (gutter at x = \(xs) pt)")
        }
        if !page.ocrWords.isEmpty { facts.append("\(page.ocrWords.count) OCR words") }
        if !page.drawings.isEmpty {
            facts.append("\(page.drawings.count) drawing\(page.drawings.count == 1 ? "" : "s")")
        }
        let kept = page.regions.filter { !$0.isFurniture }.count
        let removed = page.regions.count - kept
        facts.append("\(kept) block\(kept == 1 ? "" : "s")" + (removed > 0 ? ", \(removed) removed" : ""))

        var h = """
            <section class="page" id="page-\(page.number)">
            <h3>Page \(page.number) <span class="facts">· \(facts.joined(separator: " · "))</span></h3>
            <div class="row\(images[page.number] == nil ? " noimage" : "")">

            """
        if let image = images[page.number] {
            h += """
                <figure><a href="\(HTMLExporter.escape(image.file))"><img src="\(HTMLExporter.escape(image.file))" width="\(image.width)" \
                height="\(image.height)" alt="page \(page.number) with the regions drawn on it"></a></figure>

                """
        }
        h += "<ol class=\"blocks\">\n"
        for region in page.regions {
            let color = InspectStyle.css(InspectStyle.hex(for: region.kind))
            let order = region.order.map(String.init) ?? "–"
            let cls = region.isFurniture ? "region furniture" : "region"
            let text =
                region.isFurniture ? "<s>\(HTMLExporter.escape(region.text))</s>" : HTMLExporter.escape(region.text)
            h += """
                <li class="\(cls)" data-kind="\(HTMLExporter.escape(region.kind))" style="--c:\(color)">\
                <span class="order">\(order)</span>\
                <span class="chip\(region.isFurniture ? " furniture" : "")">\(HTMLExporter.escape(region.kind))</span>\
                <span class="text">\(text)</span></li>

                """
        }
        if page.regions.isEmpty { h += "<li class=\"empty\">No text found on this page.</li>\n" }
        h += "</ol>\n</div>\n</section>\n\n"
        return h
    }

    private func describe(_ pages: [Int]) -> String {
        guard let first = pages.first else { return "no pages" }
        if pages.count == inspection.pages.count { return "all pages" }
        var parts: [String] = []
        var lo = first
        var hi = first
        for p in pages.dropFirst() {
            if p == hi + 1 {
                hi = p
            } else {
                parts.append(lo == hi ? "\(lo)" : "\(lo)–\(hi)")
                lo = p
                hi = p
            }
        }
        parts.append(lo == hi ? "\(lo)" : "\(lo)–\(hi)")
        return (pages.count == 1 ? "page " : "pages ") + parts.joined(separator: ", ")
    }

    package static let css = """
        :root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:var(--bg); }
        header, main, footer { max-width: 1500px; margin: 0 auto; padding: 0 20px; }
        header { padding-top: 16px; }
        h1 { font-size: 1.5em; margin: 0 0 4px; }
        .meta { color: var(--muted); margin: 0 0 10px; }
        .legend { background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px 14px; margin-bottom: 16px; }
        .legend summary { font-weight:600; cursor:pointer; }
        .legend p { margin: 6px 0; color: var(--muted); font-size: .92em; }
        .legend ul { list-style:none; padding:0; margin:6px 0 0; columns: 2 340px; }
        .legend li { margin: 3px 0; break-inside: avoid; }
        .swatch { display:inline-block; width:26px; height:14px; vertical-align:-2px; margin-right:6px;
          border:2px solid var(--c); background: color-mix(in srgb, var(--c) 15%, transparent); }
        .swatch.dashed { border-style: dashed; }
        .gutter-sample { display:inline-block; width:26px; height:16px; vertical-align:-3px; margin-right:6px;
          background: repeating-linear-gradient(to bottom, var(--c) 0 5px, transparent 5px 8px) center / 2px 100% no-repeat; }
        .ocr-scale { display:inline-block; width:60px; height:12px; vertical-align:-1px; margin-right:6px; border-radius:2px; }
        .chip { display:inline-block; min-width: 7.5em; text-align:center; font: 600 11px/1.6 ui-monospace, monospace;
          color:#fff; background:var(--c); border-radius: 9px; padding: 0 7px; margin-right: 8px; white-space: nowrap; }
        .chip.furniture { background: transparent; color: var(--c); border: 1.5px dashed var(--c); }
        .chapter { margin: 26px 0 10px; padding: 12px 18px; border-radius: 8px; background: #1f2328; color: #fff; }
        .chapter h2 { margin: 2px 0; font-size: 1.3em; }
        .chapter .kicker { margin:0; text-transform: uppercase; letter-spacing: .06em; font-size: .78em; color:#c9d1d9; }
        .chapter .authors { margin: 2px 0 0; color:#e6edf3; font-style: italic; }
        .chapter .cont { text-transform:none; letter-spacing: 0; }
        .page { background:#fff; border:1px solid var(--line); border-radius: 8px; margin: 14px 0; padding: 10px 14px 14px; }
        .page h3 { margin: 0 0 10px; font-size: 1.1em; }
        .facts { font-weight: normal; color: var(--muted); font-size: .9em; }
        .method { font: 600 12px ui-monospace, monospace; background:#e7ecf0; border-radius:4px; padding:1px 5px; }
        .method.ocr { background:#fff1c2; }
        .row { display:flex; gap: 18px; align-items:flex-start; }
        figure { margin:0; flex: 0 1 55%; position: sticky; top: 8px; }
        figure img { max-width:100%; height:auto; border:1px solid var(--line); display:block; }
        .blocks { flex: 1 1 45%; list-style:none; margin:0; padding:0; min-width: 0; }
        .noimage .blocks { flex-basis: 100%; }
        .region { display:flex; align-items:baseline; gap: 0; padding: 5px 6px; border-left: 4px solid var(--c);
          margin-bottom: 5px; background: color-mix(in srgb, var(--c) 6%, #fff); border-radius: 0 4px 4px 0; }
        .region .order { flex: 0 0 2em; font: 600 13px ui-monospace, monospace; color: var(--muted); }
        .region .text { flex: 1 1 auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        .region.furniture { border-left-style: dashed; background: #fafafa; color: var(--muted); }
        .region.furniture s { text-decoration-thickness: 1px; }
        .empty { color: var(--muted); font-style: italic; }
        footer { color: var(--muted); font-size: .85em; padding-bottom: 24px; }
        @media (max-width: 900px) { .row { flex-direction: column; } figure { position: static; } }
        """
}
