import FolioModel

/// A text without form feeds is read as one page (a book-length text, a log,
/// text exported from a word processor). The text-mode repairs work page by
/// page, and the quote searches compare a page's lines with each other, so on
/// a page of thousands of lines their work runs on one core and grows faster
/// than the text. They take such a page in parts, each about `partLines` lines long and
/// cut at a blank line, as if the parts were pages, and the parts are joined
/// into the page again afterwards. A page as printed (tens of lines) is never cut.
enum LongPages {
    /// A part holds at least this many lines, and is cut at the first blank line after them.
    static let partLines = 500
    /// Pages up to this many lines are taken whole.
    static let maxLines = 2 * partLines

    /// `repair` applied to `pages` with every long page in parts; the result has
    /// the pages `pages` had, each with its parts' lines in order.
    static func inParts(_ pages: [PageText], _ repair: ([PageText]) -> [PageText]) -> [PageText] {
        guard pages.contains(where: { $0.lines.count > maxLines }) else { return repair(pages) }
        var parts: [PageText] = []
        var owner: [Int] = []
        for (p, page) in pages.enumerated() {
            for part in split(page) {
                parts.append(part)
                owner.append(p)
            }
        }
        let repaired = repair(parts)
        var joined = pages.map { page -> PageText in
            var page = page
            page.lines = []
            return page
        }
        for (part, p) in zip(repaired, owner) { joined[p].lines += part.lines }
        return joined
    }

    /// The page in parts of `partLines` lines or more, each ending before a blank
    /// line (a paragraph break), or at `maxLines` lines where the text has none.
    static func split(_ page: PageText) -> [PageText] {
        guard page.lines.count > maxLines else { return [page] }
        var parts: [PageText] = []
        var start = 0
        for i in page.lines.indices where i > start {
            let blank = page.lines[i].box.y0 - page.lines[i - 1].box.y0 > 1.5 * PlainTextReader.lineHeight
            guard (i - start >= partLines && blank) || i - start >= maxLines else { continue }
            var part = page
            part.lines = Array(page.lines[start..<i])
            parts.append(part)
            start = i
        }
        var last = page
        last.lines = Array(page.lines[start...])
        parts.append(last)
        return parts
    }
}
