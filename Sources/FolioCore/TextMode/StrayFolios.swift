import FolioModel
import FolioText

/// Text mode: furniture the extraction wrote inside the running text, set apart
/// by blank lines before text that goes on in lower case, inside a sentence or
/// a hyphenated word (`share ge-` / `3` / `nomic surveillance`): two-column
/// pages whose folio or running line pdftotext reads between the columns. A
/// page number (figures that follow the page order), or a line that recurs so
/// on several pages (`Policy Brief No. 14 | May 2024`, digits aside), is no content: it goes to the page's
/// furniture and the sentence closes up around it. Serves reports and papers
/// extracted to text; furniture at the page's edge is the furniture stage's.
enum StrayFolios {
    /// Pages a line must interrupt the text on, digits masked, to be a running line.
    static let minPages = 3

    static func remove(_ pages: [PageText], workers: Int = 1) -> [PageText] {
        let found = parallelMap(count: pages.count, workers: workers) { interruptions(in: pages[$0]) }
        // A number is the page's own when it follows the document's page order:
        // two or more such numbers stand at one offset from their pages. An
        // exponent or an index set on a line of its own (an equation as text) does not.
        var pagesWithKey: [String: Set<Int>] = [:]
        var offsets: [Int: Set<Int>] = [:]
        for (p, lines) in found.enumerated() {
            for i in lines {
                let text = pages[p].lines[i].text
                pagesWithKey[PageFurniture.maskedKey(text), default: []].insert(p)
                if isFolio(text) { offsets[Int(text)! - p, default: []].insert(p) }
            }
        }
        let recurring = pagesWithKey
        let offset = offsets.filter { $0.value.count >= 2 }.max {
            ($0.value.count, -$0.key) < ($1.value.count, -$1.key)
        }?.key
        return parallelMap(count: pages.count, workers: workers) { p in
            let roles: [Int: RemovedLine.Role] = Dictionary(
                uniqueKeysWithValues: found[p].compactMap { i in
                    let text = pages[p].lines[i].text
                    if isFolio(text) { return offset.map { Int(text)! - p == $0 } == true ? (i, .pageNumber) : nil }
                    let key = PageFurniture.maskedKey(text)
                    return isWordy(text) && recurring[key, default: []].count >= minPages ? (i, .runningHeader) : nil
                })
            return removing(roles, from: pages[p])
        }
    }

    /// Lines set apart by blank lines before text that resumes in lower case.
    static func interruptions(in page: PageText) -> [Int] {
        let lines = page.lines
        guard lines.count >= 3 else { return [] }
        let height = PlainTextReader.lineHeight
        // Text that resumes in lower case after a blank line goes on from before the
        // line (which may follow the page's notes, as the column it interrupts ended there).
        return (1..<(lines.count - 1)).filter { i in
            lines[i].words.count <= 12 && lines[i].box.y0 - lines[i - 1].box.y0 >= 1.5 * height
                && lines[i + 1].box.y0 - lines[i].box.y0 >= 1.5 * height
                && lines[i + 1].text.first?.isLowercase == true
        }
    }

    static func removing(_ roles: [Int: RemovedLine.Role], from page: PageText) -> PageText {
        guard !roles.isEmpty else { return page }
        let lines = page.lines
        let height = PlainTextReader.lineHeight
        var result = page
        var kept: [Line] = []
        var shift = 0.0
        for (i, line) in lines.enumerated() {
            if let role = roles[i] {
                // The line after it follows the line before it, as if nothing stood between.
                shift += lines[i + 1].box.y0 - lines[i - 1].box.y0 - height
                result.removed.append(RemovedLine(role: role, line: line))
                continue
            }
            kept.append(SidebarExtractor.moved(line, dx: 0, dy: -shift))
        }
        result.lines = kept
        return result
    }

    /// A running line has words (`GeoBase®`, `Policy Brief No. 14`); the parts of
    /// an equation written out as text (`min{`, `0 if s = t = ε`) recur as well.
    static func isWordy(_ text: String) -> Bool {
        text.filter(\.isLetter).count >= 6
            && Words.spaced(text).contains { $0.filter(\.isLetter).count >= 4 }
    }

    /// Figures only, as page numbers are printed in running text's place.
    static func isFolio(_ text: String) -> Bool {
        (1...4).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
