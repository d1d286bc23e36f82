import FolioModel
import FolioText
import Foundation

/// Finds running headers, footers and page numbers across the pages of one
/// document, removes them and keeps each page's printed number as its label.
///
/// A line is furniture when it sits at the top or bottom edge of its page and
/// either is a bare page number, or recurs at the same edge on several pages
/// once digits are masked (so "Policy Brief No. 14 | 7" matches "… | 8") and
/// spaces removed (so a letter-spaced "S E C U R I T Y" matches itself).
enum PageFurniture {
    /// How many lines at each edge may be furniture on their own; one more
    /// line goes with them when it is set as part of the same block
    /// (`continuesFurniture`): a letterhead of name, street, city and web.
    static let edgeLines = 3

    /// A line at a page's edge that may be furniture.
    struct Candidate: Sendable {
        var page: Int
        var line: Int
        var top: Bool
        var key: String
        var slot: String
        /// Letters (and masked numbers) on the line: more than one, or it is no header.
        var wordy: Bool
        /// The outermost line at its edge.
        var outermost: Bool
        /// Beyond the first `edgeLines` lines: furniture only as part of a block that is.
        var deep: Bool
    }

    /// The edge lines of page `p`, keyed for matching across pages.
    static func edgeCandidates(_ page: PageText, _ p: Int) -> [Candidate] {
        let edges = edgeLineIndices(page)
        let outer = [edges.first(where: \.top)?.line, edges.first(where: { !$0.top })?.line]
        return edges.map { i, top, deep in
            // The type size is part of the key, so a chapter title never
            // matches the small running header that repeats it.
            let line = page.lines[i]
            let size = line.style.size
            let sizeBucket = size > 0 ? Int((log(size) / log(1.2)).rounded()) : 0
            // Letter spacing too: in plain text a header "I N T R O D U C T I O N"
            // must not take the chapter title "Introduction" with it.
            let text = line.text
            let masked = maskedKey(text)
            let key = "\(top)|\(sizeBucket)|\(isLetterSpaced(text))|" + masked
            let edge = top ? line.box.y0 : page.height - line.box.y1
            let slot = "\(top)|\(sizeBucket)|\(Int(edge / 4))"
            return Candidate(
                page: p, line: i, top: top, key: key, slot: slot, wordy: masked.count > 1, outermost: outer.contains(i),
                deep: deep)
        }
    }

    /// Pages an edge line must recur on to be furniture.
    static func minRepeats(pageCount: Int) -> Int { pageCount >= 8 ? 3 : 2 }

    /// The texts of edge lines that recur at the same edge on enough pages to
    /// be furniture. Text mode's quote searches run before furniture is
    /// removed, and a letterhead on every page repeats itself as a pull-quote
    /// repeats the body: they leave these lines alone. Taken from the
    /// document's pages before a long page is searched in parts (`LongPages`):
    /// a part's first and last lines are no page's edge.
    static func recurringEdgeTexts(_ pages: [PageText], workers: Int = 1) -> Set<String> {
        guard pages.count > 1 else { return [] }
        let candidatesOfPage = parallelMap(count: pages.count, workers: workers) { p in
            edgeCandidates(pages[p], p)
        }
        var pagesWithKey: [String: Set<Int>] = [:]
        for c in candidatesOfPage.joined() { pagesWithKey[c.key, default: []].insert(c.page) }
        let minRepeats = minRepeats(pageCount: pages.count)
        return Set(
            candidatesOfPage.joined().filter { $0.wordy && pagesWithKey[$0.key, default: []].count >= minRepeats }.map {
                pages[$0.page].lines[$0.line].text
            })
    }

    static func remove(_ pages: [PageText], workers: Int = 1) -> [PageText] {
        // Each page's edge lines in parallel; the matching across pages after.
        let candidatesOfPage = parallelMap(count: pages.count, workers: workers) { p in
            edgeCandidates(pages[p], p)
        }
        let candidates = candidatesOfPage.flatMap { $0 }
        // Recurrence is counted among the first `edgeLines` lines; a deep line
        // also counts the deep lines (a letterhead's fourth line), which never
        // make an edge line recur.
        var pagesWithKey: [String: Set<Int>] = [:]
        var pagesWithDeepKey: [String: Set<Int>] = [:]
        var pagesWithSlot: [String: Set<Int>] = [:]
        var leadingNumbers: [String: Set<String>] = [:]
        for c in candidates {
            if c.deep {
                pagesWithDeepKey[c.key, default: []].insert(c.page)
                continue
            }
            pagesWithKey[c.key, default: []].insert(c.page)
            pagesWithSlot[c.slot, default: []].insert(c.page)
            if let n = leadingNumber(pages[c.page].lines[c.line]) { leadingNumbers[c.key, default: []].insert(n) }
        }
        let minRepeats = minRepeats(pageCount: pages.count)
        let folios = acceptedFolios(pages, candidates.filter { !$0.deep }.map { ($0.page, $0.line) })

        let labels = inferredLabels(folios, pageCount: pages.count)
        var result = pages
        for p in pages.indices {
            var drop = Set<Int>()
            // Outer lines first, so a deep line can ask whether its neighbour went.
            for c in candidatesOfPage[p].sorted(by: { !$0.deep && $1.deep }) {
                let line = pages[p].lines[c.line]
                let keyRepeats =
                    c.deep
                    ? (pagesWithKey[c.key] ?? []).union(pagesWithDeepKey[c.key] ?? []).count
                    : pagesWithKey[c.key]?.count ?? 0
                let slotRepeats = pagesWithSlot[c.slot]?.count ?? 0
                let short = line.words.count <= 20
                // "6 Ibid., 120." and "18 Ibid., 54.": notes at the foot of the page
                // that read alike once their numbers are masked. A running line's
                // leading number is the page's own or the same on every page.
                let lead = leadingNumber(line)
                let note = lead != nil && lead != labels[p] && (leadingNumbers[c.key]?.count ?? 0) > 1
                // Inside the edge line, a line in larger type that recurs on fewer
                // than half its pages is the body's: the last item of a list
                // repeated on several slides, above a small running footer.
                let edge = candidatesOfPage[p].first { $0.top == c.top && $0.outermost }
                let bodyType =
                    !c.outermost
                    && edge.map {
                        line.style.size > 1.2 * pages[p].lines[$0.line].style.size
                            && 2 * keyRepeats < (pagesWithKey[$0.key]?.count ?? 0)
                    } == true
                let recurring =
                    pages.count > 1 && short && c.wordy && !note && !bodyType
                    && (keyRepeats >= minRepeats
                        || (keyRepeats >= 2 && slotRepeats >= 3 && c.outermost))
                let folio = folios[p]?.line == c.line
                if c.deep {
                    if recurring, continuesFurniture(c, in: pages[p], dropped: drop) { drop.insert(c.line) }
                } else if folio || recurring || (short && isLetterSpaced(line.text)) {
                    drop.insert(c.line)
                }
            }
            result[p].label = labels[p]
            result[p].lines = pages[p].lines.removing(indices: drop)
            result[p].removed += candidatesOfPage[p].filter { drop.contains($0.line) }.map { c in
                let role: RemovedLine.Role =
                    folios[p]?.line == c.line && isBareNumber(pages[p].lines[c.line].text)
                    ? .pageNumber : c.top ? .runningHeader : .runningFooter
                return RemovedLine(role: role, line: pages[p].lines[c.line])
            }
        }
        return result
    }

    /// Printed labels, with the numbers of unnumbered pages (chapter openers)
    /// filled in where the pages on both sides agree on the running numbering.
    static func inferredLabels(_ folios: [Int: (line: Int, label: String)], pageCount: Int) -> [String?] {
        var labels = (0..<pageCount).map { folios[$0]?.label }
        let numbered = folios.compactMap { p, f in Int(f.label).map { (page: p, offset: $0 - p) } }.sorted {
            $0.page < $1.page
        }
        for (a, b) in zip(numbered, numbered.dropFirst()) where a.offset == b.offset && b.page - a.page > 1 {
            for p in (a.page + 1)..<b.page where labels[p] == nil { labels[p] = String(p + a.offset) }
        }
        // The unnumbered opener just before the first numbered page, when the count reaches 1 there.
        if numbered.count >= 2, let first = numbered.first, numbered[1].offset == first.offset {
            var p = first.page - 1
            while p >= 0, labels[p] == nil, p + first.offset >= 1 {
                labels[p] = String(p + first.offset)
                p -= 1
            }
        }
        return labels
    }

    static func labelsNeighbour(_ i: Int, in page: PageText) -> Bool {
        let line = page.lines[i]
        guard line.words.count == 1 else { return false }
        let size = max(line.style.size, 1)
        return page.lines.indices.contains { j in
            let other = page.lines[j]
            return j != i && other.box.x0 >= line.box.x1 - 1 && other.box.x0 - line.box.x1 < 2 * size
                && other.box.yOverlap(line.box) > 0.3 * min(other.box.height, line.box.height)
        }
    }

    /// "S E C U R I T Y": a running header set with wide letter spacing.
    static func isLetterSpaced(_ text: String) -> Bool {
        let tokens = Words.spaced(text)
        guard tokens.count >= 4 else { return false }
        return Double(tokens.count { ASCIIBytes.characterCount($0) == 1 }) >= 0.7 * Double(tokens.count)
    }

    /// A running line that carries the page number beside its text has at most this many words.
    static let maxFolioLineWords = 12

    /// The printed page number of each page, with the line that carries it.
    /// Arabic numbers are kept where they agree with the document's running
    /// numbering (printed number minus physical page is the same on most pages),
    /// so a year on the cover or a note number at the foot is not taken for one.
    static func acceptedFolios(_ pages: [PageText], _ edges: [(page: Int, line: Int)]) -> [Int: (
        line: Int, label: String
    )] {
        var arabic: [(page: Int, line: Int, value: Int, label: String)] = []
        var roman: [(page: Int, line: Int, label: String)] = []
        for (p, i) in edges {
            // A number with text right beside it on its baseline labels a note.
            if labelsNeighbour(i, in: pages[p]) { continue }
            let text = pages[p].lines[i].text
            let tokens = pages[p].lines[i].words.map(\.text)
            // A number at either end of a running line (`12 | Annual Report 2023`),
            // a short one: a long line that starts with a number is a note or a list's item.
            guard
                let number = pageNumber(in: text)
                    ?? (tokens.count <= maxFolioLineWords
                        ? [tokens.last, tokens.first].compactMap({ $0 }).first(where: PageNumber.isBare) : nil)
            else { continue }
            let bare = number.trimming(PageNumber.punctuation)
            if let v = Int(bare) {
                arabic.append((p, i, v, bare))
            } else if PageNumber.isRoman(bare), pageNumber(in: text) != nil {
                roman.append((p, i, bare))
            }
        }
        var offsets: [Int: Int] = [:]
        for a in arabic { offsets[a.value - a.page, default: 0] += 1 }
        var out: [Int: (line: Int, label: String)] = [:]
        for r in roman where out[r.page] == nil { out[r.page] = (r.line, r.label) }
        guard let best = offsets.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else {
            return out
        }
        // One page on its own proves nothing unless the document is that short.
        guard best.value >= 2 || pages.count <= 2 else { return out }
        for a in arabic where a.value - a.page == best.key { out[a.page] = (a.line, a.label) }
        return out
    }

    /// Indices of the lines nearest the top and bottom edges, in the outer bands of the page.
    /// `deep` marks the line one past the first `edgeLines`.
    static func edgeLineIndices(_ page: PageText) -> [(line: Int, top: Bool, deep: Bool)] {
        guard !page.lines.isEmpty else { return [] }
        let byTop = page.lines.indices.sorted { page.lines[$0].box.y0 < page.lines[$1].box.y0 }
        let contentTop = page.lines[byTop.first!].box.y0
        let contentBottom = page.lines.map(\.box.y1).max()!
        let band = max((contentBottom - contentTop) * 0.12, 1)
        var out: [(line: Int, top: Bool, deep: Bool)] = []
        for (n, i) in byTop.prefix(edgeLines + 1).enumerated() where page.lines[i].box.y0 <= contentTop + band {
            out.append((i, true, n == edgeLines))
        }
        let byBottom = page.lines.indices.sorted { page.lines[$0].box.y1 > page.lines[$1].box.y1 }
        for (n, i) in byBottom.prefix(edgeLines + 1).enumerated() where page.lines[i].box.y1 >= contentBottom - band {
            if !out.contains(where: { $0.line == i }) { out.append((i, false, n == edgeLines)) }
        }
        return out
    }

    /// Whether a deep edge line is set as one block with a line removed next to
    /// it, toward the edge: same type size, same left edge, at line spacing. A
    /// footnote above a footer's page number is set apart and does not go.
    static func continuesFurniture(_ c: Candidate, in page: PageText, dropped: Set<Int>) -> Bool {
        let line = page.lines[c.line]
        let size = max(line.style.size, 1)
        return dropped.contains { j in
            let other = page.lines[j]
            let gap = c.top ? line.box.y0 - other.box.y1 : other.box.y0 - line.box.y1
            return gap >= -0.2 * size && gap < 0.5 * size && abs(other.box.x0 - line.box.x0) < 0.5 * size
                && abs(other.style.size - line.style.size) < 0.1 * size
        }
    }

    /// The number a line starts with, when its first word is one ("6 Ibid.").
    static func leadingNumber(_ line: Line) -> String? {
        guard let first = line.words.first?.text, first.count <= 4, first.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return first
    }

    /// "6/12", "5 / 21": page of pages, as slide decks and audit reports number
    /// them; the page's number.
    static func pageOfPages(_ text: String) -> String? {
        let tokens = Words.spaced(text)
        let slashed = tokens.joined().split(separator: "/", omittingEmptySubsequences: false)
        guard tokens.count <= 3, slashed.count == 2, let page = Int(slashed[0]), let of = Int(slashed[1]),
            page >= 1, page <= of, of < 10000
        else { return nil }
        return String(slashed[0])
    }

    /// A line that is only a page number: "12", "xiv", "– 7 –", "6/12".
    static func isBareNumber(_ text: String) -> Bool { PageNumber.isBare(text) || pageOfPages(text) != nil }

    /// Lower-cased text with letters only, digits and roman numerals masked.
    static func maskedKey(_ text: String) -> String {
        var key = ""
        // ASCII bytes not yet in `key`: appending to a string byte by byte is slow.
        var pending: [UInt8] = []
        func flush() {
            guard !pending.isEmpty else { return }
            key += String(decoding: pending, as: UTF8.self)
            pending.removeAll(keepingCapacity: true)
        }
        for token in Words.spaced(text) {
            // An ASCII token's bytes are its characters (a carriage return and
            // line feed would be one, but neither is a letter, a digit or a numeral).
            let ascii = ASCIIBytes.all(token)
            let numeral =
                ascii
                ? token.utf8.count > 1 && token.utf8.allSatisfy { "ivxlcIVXLC".utf8.contains($0) } : token.count > 1
            if numeral && PageNumber.isRoman(String(token)) {
                pending.append(UInt8(ascii: "#"))
                continue
            }
            // Case is kept: a header in capitals is not the title it repeats.
            if ascii {
                for byte in token.utf8 {
                    if ASCIIBytes.isDigit(byte) {
                        if (pending.last ?? key.utf8.last) != UInt8(ascii: "#") { pending.append(UInt8(ascii: "#")) }
                    } else if ASCIIBytes.isLetter(byte) {
                        pending.append(byte)
                    }
                }
                continue
            }
            flush()
            for ch in token {
                if ch.isNumber {
                    if key.last != "#" { key += "#" }
                } else if ch.isLetter {
                    key.append(ch)
                }
            }
        }
        flush()
        return key
    }

    /// The printed page number if the line is one: "12", "xiv", "Page 3", "3 of 40",
    /// "6/12", "5 / 21", or a header/footer line that ends or starts with a number
    /// apart from its text.
    static func pageNumber(in text: String) -> String? {
        let tokens = Words.spaced(text).map(String.init)
        guard !tokens.isEmpty else { return nil }
        if tokens.count == 1, PageNumber.isBare(tokens[0]) { return tokens[0] }
        if let page = pageOfPages(text) { return page }
        let lower = tokens.map { $0.lowercased() }
        if tokens.count == 2, lower[0] == "page" || lower[0] == "p.", PageNumber.isBare(tokens[1]) { return tokens[1] }
        if tokens.count == 3, lower[1] == "of", PageNumber.isBare(tokens[0]), Int(tokens[2]) != nil { return tokens[0] }
        if tokens.count == 4, lower[0] == "page", lower[2] == "of", PageNumber.isBare(tokens[1]) { return tokens[1] }
        return nil
    }
}
