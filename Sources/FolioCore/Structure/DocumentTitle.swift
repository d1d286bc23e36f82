import FolioText

/// The document's title as the first page shows it.
enum DocumentTitle {
    /// The largest type in the upper part of the first page (a pull-quote lower
    /// down can be larger still), when it is title-sized and no paragraph above
    /// it runs into it; nil otherwise.
    static func find(in units: [Unit], scale: TypeScale, headers: [Int: [String]] = [:]) -> String? {
        if scale.typeless { return repeatedInHeaders(units, headers: headers) ?? plain(in: units) }
        let first = units.filter {
            $0.page == 1 && $0.wordCount > 0 && $0.box.y0 < TypeScale.upperPart * $0.pageHeight
        }
        let paragraphs = first.filter { $0.lines.count >= 2 && $0.style.size < scale.displaySize }
        guard let biggest = first.max(by: { $0.style.size < $1.style.size }), biggest.style.size >= scale.titleSize,
            !paragraphs.contains(where: { $0.box.y1 <= biggest.box.y0 && $0.box.xOverlap(biggest.box) > 0 })
        else { return nil }
        return biggest.text
    }

    /// Plain text has no type to tell a title by, but a paper or a report opens
    /// with it: the first unit of page 1, when it reads as a title (a few words,
    /// most of them words rather than figures, no finished sentence, no address,
    /// link or byline; a short title reads like a name, so names are not
    /// ruled out). A title broken over two units goes on in
    /// the second when the first ends on a minor word ("… Performance of") or
    /// both are set in capitals. Serves papers and reports extracted to text.
    static func plain(in units: [Unit]) -> String? {
        // A title opens a text: a short line that is all there is is that text.
        let texts = units.prefix(3).filter { !$0.text.isEmpty }
        guard let first = texts.first, first.page == 1, readsAsTitle(first), texts.count > 1 else { return nil }
        let next = texts[1]
        guard next.page == 1, readsAsTitle(next), texts.count > 2 else { return first.text }
        let lastWord = Words.spaced(first.text).last.map { $0.lowercased() } ?? ""
        let capitals = { (t: String) in t.contains(where: \.isLetter) && t == t.uppercased() }
        let broken = TitleCase.minorWords.contains(lastWord) || capitals(first.text) && capitals(next.text)
        return broken && first.wordCount + next.wordCount <= maxTitleWords ? first.text + " " + next.text : first.text
    }

    static let maxTitleWords = 20

    /// A report repeats its title in its running header, alone or before the
    /// part it heads (`Borders That Work | Migration and Mobility`). In plain
    /// text, a unit of the first page that a header of two pages or more
    /// repeats, or two units the title was broken over, is the title, whatever
    /// stands above it (the publisher's name, a series line). Serves reports
    /// and briefs extracted to text, whose first line is seldom the title.
    static func repeatedInHeaders(_ units: [Unit], headers: [Int: [String]]) -> String? {
        var pages: [String: Int] = [:]
        for texts in headers.values {
            for text in Set(texts) { pages[text, default: 0] += 1 }
        }
        let running = pages.filter { $0.value >= 2 }.map(\.key)
        guard !running.isEmpty else { return nil }
        // The whole header first; then a header's first part.
        func whole(_ text: String) -> Bool { running.contains(text) }
        func opening(_ text: String) -> Bool {
            running.contains { header in
                guard header.hasPrefix(text + " ") else { return false }
                return header.dropFirst(text.count + 1).first.map { "|·—–:/".contains($0) } == true
            }
        }
        let first = Array(units.prefix { $0.page == 1 }.filter { !$0.text.isEmpty }.prefix(maxOpeningUnits))
        for repeated in [whole, opening] {
            for (i, u) in first.enumerated() where readsAsTitle(u) {
                if repeated(u.text) { return u.text }
                if i + 1 < first.count, readsAsTitle(first[i + 1]), case let both = u.text + " " + first[i + 1].text,
                    Words.spaced(both).count <= maxTitleWords, repeated(both)
                {
                    return both
                }
            }
        }
        return nil
    }

    /// The title is looked for among this many units that open the first page.
    static let maxOpeningUnits = 8

    private static func readsAsTitle(_ u: Unit) -> Bool {
        let words = Words.spaced(u.text)
        guard u.lines.count <= 3, words.count >= 2, words.count <= maxTitleWords,
            u.text.first.map({ $0.isUppercase || $0.isNumber }) == true, !SentenceEnd.paragraph(u.text),
            !u.text.contains("@"), !u.text.contains("://"), !TitleCase.isByline(u.text)
        else { return false }
        let wordy = words.filter { $0.contains(where: \.isLetter) }.count
        return Double(wordy) >= 0.6 * Double(words.count)
    }
}
