import FolioModel
import FolioText

/// Text mode: a page number the extraction wrote inside the running text, set
/// apart by blank lines before text that goes on in lower case, inside a
/// sentence or a hyphenated word (`share ge-` / `3` / `nomic surveillance`):
/// two-column pages whose folio pdftotext reads between the columns. It is no content: it goes to the
/// page's furniture as a page number, and the sentence closes up around it.
/// Serves reports and papers extracted to text; a folio at the page's edge is
/// the furniture stage's.
enum StrayFolios {
    static func remove(_ page: PageText) -> PageText {
        let lines = page.lines
        guard lines.count >= 3 else { return page }
        let height = PlainTextReader.lineHeight
        var stray = Set<Int>()
        for i in 1..<(lines.count - 1) where isFolio(lines[i].text) {
            let (prev, next) = (lines[i - 1], lines[i + 1])
            // Text that resumes in lower case after a blank line goes on from before the number
            // (which may follow the page's notes, as the column it interrupts ended there).
            guard lines[i].box.y0 - prev.box.y0 >= 1.5 * height, next.box.y0 - lines[i].box.y0 >= 1.5 * height,
                next.text.first?.isLowercase == true
            else { continue }
            stray.insert(i)
        }
        guard !stray.isEmpty else { return page }
        var result = page
        var kept: [Line] = []
        var shift = 0.0
        for (i, line) in lines.enumerated() {
            if stray.contains(i) {
                // The line after it follows the line before it, as if no number stood between.
                shift += lines[i + 1].box.y0 - lines[i - 1].box.y0 - height
                result.removed.append(RemovedLine(role: .pageNumber, line: line))
                continue
            }
            kept.append(SidebarExtractor.moved(line, dx: 0, dy: -shift))
        }
        result.lines = kept
        return result
    }

    /// Figures only, as page numbers are printed in running text's place.
    static func isFolio(_ text: String) -> Bool {
        (1...4).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
