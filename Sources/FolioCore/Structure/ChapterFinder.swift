import FolioModel
import FolioText
import Foundation

/// Finds chapter openers — a title in large type followed on the same page by a
/// "By …" byline — and cuts the units into chapters. Front matter before the first
/// opener and back matter ("About the Contributors", an index) belong to none.
/// A document without openers is one chapter titled with the document title.
struct ChapterFinder {
    /// Without type sizes (plain text) the title is what precedes the byline.
    let scale: TypeScale
    /// Running headers removed from each page's top, by page number.
    var headers: [Int: [String]] = [:]

    struct Found {
        var title: String?
        var authors: [String]
        var startPage: Int
        var endPage: Int
        var units: [Unit]
    }

    private struct Opener {
        var first: Int  // first chapter-matter unit (kicker or title)
        var title: String
        var authors: [String]
        /// The type of the title and of its subtitle: other openers are set alike.
        var titleStyle: TextStyle? = nil
        var subtitleStyle: TextStyle? = nil
    }

    static let kicker = Pattern(#"^(chapter|part|section)\s+[0-9ivxlcdm]+[.:]?$|^(chapter|part)\s+\p{L}+$"#)
    static let backMatter = Pattern(
        #"^(about ?the ?(contributors|authors|editors|author)|contributors|index|acknowledg(e)?ments|about ?(the|this) ?(report|institute))$"#
    )
    static let bylineLead = Pattern(#"^[Bb][Yy]\s+"#)
    static let nameJoiner = Pattern(#"\s+(and|&)\s+"#)
    static let notInNames = Pattern(#"[0-9:;!?]"#)

    func chapters(_ units: inout [Unit], documentTitle: String?, pageCount: Int) -> [Found] {
        var openers: [Opener] = []
        var used = Set<Int>()
        for b in units.indices where isByline(units[b]) {
            guard let opener = opener(at: b, in: &units) else { continue }
            if let last = openers.last, opener.first <= last.first { continue }
            openers.append(opener)
            used.insert(b)
        }
        let unsigned =
            scale.typeless ? bannerOpeners(in: &units, like: openers) : typographicOpeners(in: &units, like: openers)
        openers = (openers + unsigned).sorted { $0.first < $1.first }
        guard !openers.isEmpty else {
            return [wholeDocument(&units, documentTitle: documentTitle, pageCount: pageCount)]
        }
        // Back matter after the last opener ends the last chapter.
        var end = units.count
        if let lastStart = openers.last?.first {
            for i in (lastStart + 1)..<units.count where units[i].kind == .heading || units[i].wordCount <= 5 {
                // Spaces out, so a letter-spaced "ABOU T THE CON TRIBU TORS" reads too.
                if isBackMatter(units[i]) {
                    end = i
                    break
                }
            }
        }
        var found: [Found] = []
        for (k, o) in openers.enumerated() {
            let stop = k + 1 < openers.count ? openers[k + 1].first : end
            let slice = Array(units[o.first..<stop])
            let startPage = units[o.first].page
            var endPage = slice.filter { $0.kind != .chapterMatter }.map(\.page).max() ?? startPage
            if k + 1 < openers.count { endPage = max(startPage, min(endPage, units[stop].page - 1)) }
            found.append(
                Found(
                    title: o.title, authors: o.authors, startPage: startPage, endPage: max(startPage, endPage),
                    units: slice))
        }
        return found
    }

    /// "By" and a name. The name is checked too: in a paper, a caption or a
    /// sentence can break its line before "by" ("…request generated / by
    /// StackfsBase during…"), and in plain text nothing else tells it from a byline.
    func isByline(_ u: Unit) -> Bool {
        u.wordCount <= 25 && u.lines.count <= 3 && TitleCase.isByline(u.text)
            && Self.authors(fromByline: u.text).first.map(Self.isName) == true
    }

    /// Title, subtitle and kicker above the byline at `b`, marked as chapter matter.
    private func opener(at b: Int, in units: inout [Unit]) -> Opener? {
        let page = units[b].page
        var candidates: [Int] = []
        var i = b - 1
        while i >= 0, units[i].page == page, b - i <= 6 {
            candidates.append(i)
            i -= 1
        }
        if scale.typeless { return plainOpener(at: b, candidates: candidates, in: &units) }
        guard let titleIndex = candidates.max(by: { units[$0].style.size < units[$1].style.size }),
            units[titleIndex].style.size >= scale.titleSize
        else { return nil }
        let titleSize = units[titleIndex].style.size
        // A title set over several blocks: neighbours above in the same size.
        var first = titleIndex
        while first - 1 >= 0, units[first - 1].page == page,
            abs(units[first - 1].style.size - titleSize) < 0.05 * titleSize, !isKicker(units[first - 1])
        {
            first -= 1
        }
        var title = (first...titleIndex).map { units[$0].text }.joined(separator: " ")
        let subtitles = ((titleIndex + 1)..<b).filter { j in
            let s = units[j].style
            return s.size > scale.raisedSize || s.italic
        }
        if !subtitles.isEmpty {
            let subtitle = subtitles.map { units[$0].text }.joined(separator: " ")
            title = title.hasSuffix(":") ? title + " " + subtitle : title + ": " + subtitle
        }
        for j in first...b where j == b || j <= titleIndex || subtitles.contains(j) { units[j].kind = .chapterMatter }
        let titleStyle = units[titleIndex].style
        let subtitleStyle = subtitles.first.map { units[$0].style }
        if first - 1 >= 0, units[first - 1].page == page, isKicker(units[first - 1]) {
            first -= 1
            units[first].kind = .chapterMatter
        }
        // An opener's sidebar can come before its title in reading order (a narrow
        // column to the left); what starts below the title's top belongs to it.
        let titleTop = units[first].box.y0
        while first - 1 >= 0, units[first - 1].page == page, units[first - 1].box.y0 >= titleTop - 2 {
            first -= 1
        }
        return Opener(
            first: first, title: title, authors: Self.authors(fromByline: units[b].text), titleStyle: titleStyle,
            subtitleStyle: subtitleStyle)
    }

    /// Chapters without a byline: a Foreword, an Executive Summary, an unsigned
    /// essay, a Conclusion. Their opener is set like the signed chapters'
    /// openers (the same title type, and the same subtitle type) and starts its
    /// page: nothing but a short line (a banner, a kicker) stands above it.
    /// Serves edited collections where only some chapters are signed; a
    /// document with no signed chapter is left to the whole-document rule.
    private func typographicOpeners(in units: inout [Unit], like signed: [Opener]) -> [Opener] {
        let titleStyles = signed.compactMap(\.titleStyle)
        guard !titleStyles.isEmpty else { return [] }
        let subtitleStyles = signed.compactMap(\.subtitleStyle)
        let openerPages = Set(signed.map { units[$0.first].page })
        var found: [Opener] = []
        var i = 0
        while i < units.count {
            let u = units[i]
            guard u.kind != .chapterMatter, !openerPages.contains(u.page),
                titleStyles.contains(where: { Self.sameType($0, u.style) }),
                startsPage(i, in: units), !isBackMatter(u), !isContentsPage(u.page, in: units, listing: signed)
            else {
                i += 1
                continue
            }
            // A title set over several units, then a subtitle in the signed openers' subtitle type.
            var last = i
            while last + 1 < units.count, units[last + 1].page == u.page,
                Self.sameType(units[last + 1].style, u.style)
            {
                last += 1
            }
            var title = units[i...last].map(\.text).joined(separator: " ")
            var subtitleEnd = last
            while subtitleEnd + 1 < units.count, units[subtitleEnd + 1].page == u.page,
                subtitleStyles.contains(where: { Self.sameType($0, units[subtitleEnd + 1].style) })
            {
                subtitleEnd += 1
            }
            // An opener starts the chapter's text; a title page or a half-title (the
            // document's title again, alone) carries no running text.
            guard Self.hasRunningText(after: subtitleEnd, on: u.page, in: units) else {
                i = subtitleEnd + 1
                continue
            }
            if subtitleEnd > last {
                let subtitle = units[(last + 1)...subtitleEnd].map(\.text).joined(separator: " ")
                title = title.hasSuffix(":") ? title + " " + subtitle : title + ": " + subtitle
            }
            for j in i...subtitleEnd { units[j].kind = .chapterMatter }
            found.append(Opener(first: i, title: title, authors: [], titleStyle: u.style))
            i = subtitleEnd + 1
        }
        return found
    }

    /// Plain text has no type to tell an unsigned opener by, but a report
    /// series often tops its opener pages with a banner (the series name) that
    /// no other page carries. The banner that tops every signed opener page
    /// marks the unsigned ones too: their first short, unfinished lines are the
    /// title, when running text follows on the page (a cover has none).
    private func bannerOpeners(in units: inout [Unit], like signed: [Opener]) -> [Opener] {
        let signedPages = Set(signed.map { units[$0.first].page })
        guard signedPages.count >= 2 else { return [] }
        let banners =
            signedPages.map { Set(headers[$0] ?? []) }.reduce(nil as Set<String>?) { common, next in
                common.map { $0.intersection(next) } ?? next
            } ?? []
        guard !banners.isEmpty else { return [] }
        var found: [Opener] = []
        for page in headers.keys.sorted() where !signedPages.contains(page) {
            guard !banners.isDisjoint(with: headers[page] ?? []),
                let first = units.firstIndex(where: { $0.page == page && $0.kind != .chapterMatter }),
                !isContentsPage(page, in: units, listing: signed)
            else { continue }
            var run: [Int] = []
            var j = first
            while j < units.count, units[j].page == page, run.count < 4, units[j].wordCount <= 20,
                !units[j].text.hasSuffix(".")
            {
                run.append(j)
                j += 1
            }
            guard let last = run.last, Self.hasRunningText(after: last, on: page, in: units),
                !isBackMatter(units[first])
            else { continue }
            for k in first...last { units[k].kind = .chapterMatter }
            found.append(Opener(first: first, title: run.map { units[$0].text }.joined(separator: " "), authors: []))
        }
        return found
    }

    /// Whether a unit of running text (a paragraph's worth of words) follows unit `i` on `page`.
    private static func hasRunningText(after i: Int, on page: Int, in units: [Unit]) -> Bool {
        units[(i + 1)...].prefix { $0.page == page }.contains { $0.wordCount >= 25 }
    }

    /// The same type: size within half a point, or 4% where sizes are
    /// estimated (OCR measures a line's size from its letters, in half-point
    /// steps), and the same weight and slant (colour and font name vary with
    /// extraction and are not needed).
    private static func sameType(_ a: TextStyle, _ b: TextStyle) -> Bool {
        abs(a.size - b.size) <= max(0.5, 0.04 * max(a.size, b.size)) && a.bold == b.bold && a.italic == b.italic
    }

    /// Unit `i` comes first on its page but for short lines above it.
    private func startsPage(_ i: Int, in units: [Unit]) -> Bool {
        var j = i - 1
        while j >= 0, units[j].page == units[i].page {
            let above = units[j]
            guard above.box.y1 <= units[i].box.y0 + 2, above.lines.count == 1, above.wordCount <= 8,
                above.style.size < units[i].style.size
            else { return false }
            j -= 1
        }
        return true
    }

    private func isBackMatter(_ u: Unit) -> Bool {
        let t = u.text.lowercased().trimmingCharacters(in: .punctuationCharacters)
            .replacingOccurrences(of: " ", with: "")
        return Self.backMatter.matches(t)
    }

    /// A contents page: it lists the titles of chapters that open elsewhere
    /// (the openings of two or more), or it is titles with their page numbers,
    /// so bare numbers make up a large share of its words (prose has few).
    private func isContentsPage(_ page: Int, in units: [Unit], listing openers: [Opener]) -> Bool {
        var words = 0
        var numbers = 0
        var texts: [String] = []
        for u in units where u.page == page {
            texts.append(u.text)
            for w in Words.spaced(u.text) {
                words += 1
                if PageNumber.isBare(String(w)) { numbers += 1 }
            }
        }
        if words > 0 && Double(numbers) >= 0.15 * Double(words) { return true }
        let listed = " " + Words.matchingKey(texts.joined(separator: " ")) + " "
        let titlesListed = openers.filter { units[$0.first].page != page }.filter { opener in
            let opening = Words.matching(opener.title).prefix(4)
            return opening.count >= 2 && listed.contains(" " + opening.joined(separator: " ") + " ")
        }
        return titlesListed.count >= 2
    }

    /// Plain text: the title is the short unit just above the byline (its lines
    /// joined), with a kicker above it dropped.
    private func plainOpener(at b: Int, candidates: [Int], in units: inout [Unit]) -> Opener? {
        // Title lines can come apart into several short units: take the run of
        // short, unfinished units just above the byline.
        var run: [Int] = []
        for j in candidates {  // nearest first
            let u = units[j]
            guard u.kind != .chapterMatter, u.wordCount <= 20, !u.text.hasSuffix("."), run.count < 4 else { break }
            run.insert(j, at: 0)
        }
        guard let t = run.first, run.last == b - 1 else { return nil }
        var first = t
        for j in t...b { units[j].kind = .chapterMatter }
        if first - 1 >= 0, units[first - 1].page == units[t].page, isKicker(units[first - 1]) {
            first -= 1
            units[first].kind = .chapterMatter
        }
        let title = run.map { units[$0].text }.joined(separator: " ")
        return Opener(first: first, title: title, authors: Self.authors(fromByline: units[b].text))
    }

    private func isKicker(_ u: Unit) -> Bool {
        Self.kicker.matches(u.text.lowercased())
    }

    /// "By Ana López, Tom Reed and Jo Park" → three names; "&" and commas too.
    static func authors(fromByline text: String) -> [String] {
        var s = text.trimmingCharacters(in: .whitespaces)
        s = bylineLead.replacing(in: s, with: "")
        s = nameJoiner.replacing(in: s, with: ",")
        return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".;")) }
            .filter { !$0.isEmpty && $0.lowercased() != "and" }
    }

    /// One chapter for a document without openers. On the first page, what
    /// precedes the title (a series line), the title, a subtitle in larger or
    /// italic type and the author line are the chapter's matter, not its blocks.
    private func wholeDocument(_ units: inout [Unit], documentTitle: String?, pageCount: Int) -> Found {
        var authors: [String] = []
        let firstPage = units.indices.filter { units[$0].page == 1 }
        // The title is one unit, or (in plain text) two that it was broken over.
        var titleRange: ClosedRange<Int>?
        if let title = documentTitle {
            for i in firstPage where titleRange == nil {
                if units[i].text == title {
                    titleRange = i...i
                } else if i + 1 < units.count, units[i + 1].page == 1, units[i].text + " " + units[i + 1].text == title
                {
                    titleRange = i...(i + 1)
                }
            }
        }
        if let titleRange {
            let titleIndex = titleRange.upperBound
            // A series line above the title is matter too; what sits beside or below it is not.
            for i in firstPage
            where titleRange.contains(i)
                || (i < titleRange.lowerBound && units[i].box.y1 <= units[titleRange.lowerBound].box.y0 + 2)
            {
                units[i].kind = .chapterMatter
            }
            var i = titleIndex + 1
            while i < units.count, units[i].page == 1, i - titleIndex <= 3 {
                if isByline(units[i]) || Self.looksLikeNames(units[i].text) {
                    authors = Self.authors(fromByline: units[i].text)
                    for j in (titleIndex + 1)...i { units[j].kind = .chapterMatter }
                    break
                }
                let s = units[i].style
                guard s.size > scale.raisedSize || s.italic else { break }
                i += 1
            }
        }
        return Found(title: documentTitle, authors: authors, startPage: 1, endPage: max(1, pageCount), units: units)
    }

    /// "Ana López, Tom Reed and Jo Park": a short line of capitalised names.
    static func looksLikeNames(_ text: String) -> Bool {
        guard Words.spaced(text).count <= 16, !text.hasSuffix("."),
            !Self.notInNames.matches(text)
        else { return false }
        let names = authors(fromByline: text)
        return !names.isEmpty && names.allSatisfy(isName)
    }

    static let nameParticles: Set<String> = [
        "de", "da", "del", "della", "van", "von", "der", "la", "le", "y", "e", "du", "dos", "das", "bin", "al",
    ]

    /// "Ana María de la Cruz": two to five words, each capitalised or a particle.
    static func isName(_ name: String) -> Bool {
        let parts = Words.spaced(name)
        return parts.count >= 2 && parts.count <= 5
            && parts.allSatisfy { $0.first?.isUppercase == true || nameParticles.contains($0.lowercased()) }
    }
}
