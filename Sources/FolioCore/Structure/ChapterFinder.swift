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
        guard !openers.isEmpty else {
            return [wholeDocument(&units, documentTitle: documentTitle, pageCount: pageCount)]
        }
        // Back matter after the last opener ends the last chapter.
        var end = units.count
        if let lastStart = openers.last?.first {
            for i in (lastStart + 1)..<units.count where units[i].kind == .heading || units[i].wordCount <= 5 {
                // Spaces out, so a letter-spaced "ABOU T THE CON TRIBU TORS" reads too.
                let t = units[i].text.lowercased().trimmingCharacters(in: .punctuationCharacters)
                    .replacingOccurrences(of: " ", with: "")
                if Self.backMatter.matches(t) {
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

    func isByline(_ u: Unit) -> Bool {
        u.wordCount <= 25 && u.lines.count <= 3 && TitleCase.isByline(u.text)
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
        return Opener(first: first, title: title, authors: Self.authors(fromByline: units[b].text))
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
        if let titleIndex = firstPage.first(where: { documentTitle != nil && units[$0].text == documentTitle }) {
            // A series line above the title is matter too; what sits beside or below it is not.
            for i in firstPage
            where i == titleIndex || (i < titleIndex && units[i].box.y1 <= units[titleIndex].box.y0 + 2) {
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
        guard text.split(separator: " ").count <= 16, !text.hasSuffix("."),
            !Self.notInNames.matches(text)
        else { return false }
        let names = authors(fromByline: text)
        guard !names.isEmpty else { return false }
        let particles: Set<String> = [
            "de", "da", "del", "della", "van", "von", "der", "la", "le", "y", "e", "du", "dos", "das", "bin", "al",
        ]
        return names.allSatisfy { name in
            let parts = name.split(separator: " ")
            return parts.count >= 2 && parts.count <= 5
                && parts.allSatisfy { $0.first?.isUppercase == true || particles.contains($0.lowercased()) }
        }
    }
}
