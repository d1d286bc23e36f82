import FolioText
import Foundation

/// Confirms pull-quotes: a unit whose words repeat a passage of a longer body
/// unit in the same chapter is the enlarged copy, kept once as a pull-quote.
/// Word trigrams make the match tolerant of OCR slips and line breaks.
///
/// A candidate is set apart (larger, italic, coloured or bold type, or a narrow
/// run of very short lines) or, when the type says nothing (plain text, OCR),
/// a whole sentence of eight words or more repeated almost exactly. Fragments of
/// paragraphs cut at column breaks never qualify: they do not read as a sentence.
enum PullQuoteFinder {
    static let minimumShare = 0.8

    static let pageWindow = QuoteDistance.pages
    /// A page of more units than this counts as several in the search (``searchPages(_:)``).
    static let unitsPerPage = 200

    /// The page each unit counts as in the search: its own, unless its page
    /// holds more than `unitsPerPage` units. Such a page (a long text without
    /// form feeds, read as one page) counts as one page per `unitsPerPage` of
    /// its units, and the pages after it count as later ones, so that "a few
    /// pages away" stays a few pages' worth of text and the search stays linear.
    /// Printed pages are far below it: there every unit counts as its own page.
    static func searchPages(_ units: [Unit]) -> [Int] {
        var counts: [Int: Int] = [:]
        for u in units { counts[u.page, default: 0] += 1 }
        guard counts.values.contains(where: { $0 > unitsPerPage }) else { return units.map(\.page) }
        // Pages before a given page, counted as the search counts them.
        var extra: [Int: Int] = [:]
        var added = 0
        for page in counts.keys.sorted() {
            extra[page] = added
            added += (counts[page]! - 1) / unitsPerPage
        }
        var seen: [Int: Int] = [:]
        return units.map { u in
            let k = seen[u.page, default: 0]
            seen[u.page] = k + 1
            return u.page + extra[u.page]! + k / unitsPerPage
        }
    }

    static func confirm(_ units: inout [Unit], scale: TypeScale, workers: Int = 1) {
        mergeQuoteLines(&units, scale: scale)
        if scale.typeless { splitLeadingCopies(&units) }
        let searchable = units.map { [.paragraph, .listItem, .heading].contains($0.kind) }
        let candidates = units.indices.filter { i in
            guard units[i].kind == .paragraph || units[i].kind == .heading, !readsAsHeading(units[i]) else {
                return false
            }
            return setApart(units[i], scale: scale)
                || (units[i].wordCount >= 8 && readsAsSentence(units[i].text))
        }
        // Band by band of `pageWindow` pages, each candidate is searched for in an
        // index of the pages around its band only: memory stays that of a few
        // pages however long the chapter.
        let pages = searchPages(units)
        let unitsOfPage = Dictionary(grouping: units.indices, by: { pages[$0] })
        var band: [Int: [Int]] = [:]
        for i in candidates { band[pages[i] / pageWindow, default: []].append(i) }
        let bands = band.sorted { $0.key < $1.key }
        let snapshot = units
        // Bands are independent: searched in parallel.
        let copies = parallelMap(count: bands.count, workers: workers) { n in
            let first = bands[n].key * pageWindow
            let pool = ((first - pageWindow)..<(first + 2 * pageWindow)).flatMap { unitsOfPage[$0] ?? [] }
            let index = GramIndex(pool.filter { searchable[$0] }.map { ($0, snapshot[$0].text) })
            return bands[n].value.compactMap { i in
                copy(i, in: snapshot, pages: pages, index: index, scale: scale).map { (quote: i, source: $0) }
            }
        }
        for pair in copies.joined() { units[pair.quote].kind = .pullQuote }
        extendCutQuotes(
            &units, sources: copies.joined().map { ($0.quote, $0.source) }, pages: pages, onPage: unitsOfPage)
        joinBrokenQuotes(&units)
    }

    /// Plain text: a pull-quote set between two paragraphs is read as lines of
    /// its own, but with no blank line after it, so it opens the unit of the
    /// body text that follows (pdftotext). A unit's opening sentences, when
    /// they end a line, the next line opens a sentence, and nine tenths of
    /// their word trigrams are in one of the few longer units just before it
    /// (the body copy they repeat), become a unit of their own for `confirm`.
    static func splitLeadingCopies(_ units: inout [Unit]) {
        var out: [Unit] = []
        out.reserveCapacity(units.count)
        // Each unit's trigrams are found once, while it is among the units before the one looked at.
        var gramsOf: [Int: Set<UInt64>] = [:]
        for (i, u) in units.enumerated() {
            gramsOf[i - leadingCopyReach - 1] = nil
            let sources = (max(0, i - leadingCopyReach)..<i).reversed().filter {
                units[$0].kind == .paragraph && abs(units[$0].page - u.page) <= 1
            }
            guard u.kind == .paragraph, u.lineStarts.count == u.lines.count, u.lines.count >= 2, !sources.isEmpty,
                let j = leadingCopy(
                    u,
                    in: {
                        sources.map { k in
                            if let known = gramsOf[k] { return (units[k].wordCount, known) }
                            let grams = Set(trigrams(units[k].text))
                            gramsOf[k] = grams
                            return (units[k].wordCount, grams)
                        }
                    })
            else {
                out.append(u)
                continue
            }
            let words = ASCIIBytes.split(u.text[...], at: 0x20)
            let lines = u.lineStarts.count { $0 < j }
            var quote = Unit(lines: Array(u.lines[..<lines]), page: u.page, pageHeight: u.pageHeight)
            quote.text = words[..<j].joined(separator: " ")
            quote.blockID = u.blockID
            quote.startsRegion = u.startsRegion
            quote.lineStarts = Array(u.lineStarts[..<lines])
            var rest = u
            rest.lines = Array(u.lines[lines...])
            rest.text = words[j...].joined(separator: " ")
            rest.lineStarts = u.lineStarts[lines...].map { $0 - j }
            rest.startsRegion = false
            out += [quote, rest]
        }
        units = out
    }

    /// Units before a body unit that its opening may repeat (``splitLeadingCopies(_:)``).
    static let leadingCopyReach = 3

    /// Where the opening copy of a body passage ends in `u` (the word that opens
    /// its next line), if it does; `sources`: the units before it, nearest
    /// first, as their word counts and trigrams.
    static func leadingCopy(_ u: Unit, in sources: () -> [(words: Int, grams: Set<UInt64>)]) -> Int? {
        let words = ASCIIBytes.split(u.text[...], at: 0x20)
        // Line starts after a sentence's end, eight words in and at most sixty.
        let ends = u.lineStarts.dropFirst().prefix { $0 <= 60 }.filter { j in
            j >= 8 && j < words.count && SentenceEnd.token(String(words[j - 1])) && SentenceEnd.opens(String(words[j]))
        }
        guard !ends.isEmpty else { return nil }
        let before = sources()
        for j in ends {
            let grams = trigrams(words[..<j].joined(separator: " "))
            // Every opening shares its first trigram: a body before it without that has none of them.
            guard let first = grams.first, before.contains(where: { $0.grams.contains(first) }) else { return nil }
            for source in before where source.words > j + 2 {
                if Double(grams.count { source.grams.contains($0) }) >= 0.9 * Double(grams.count) { return j }
            }
        }
        return nil
    }

    /// The passage of another unit near candidate `i` that `i` repeats, when `i` is the copy.
    /// `pages`: the page each unit counts as (``searchPages(_:)``).
    static func copy(_ i: Int, in units: [Unit], pages: [Int], index: GramIndex, scale: TypeScale) -> Int? {
        let apart = setApart(units[i], scale: scale)
        let grams = index.grams(of: i) ?? trigrams(units[i].text)[...]
        guard grams.count >= 3 else { return nil }
        let needed = apart ? minimumShare : 0.9
        let page = pages[i]
        var hits: [Int: Int] = [:]
        for g in grams {
            index.forEachOwner(of: g) { o in
                if o != i && abs(pages[o] - page) <= pageWindow { hits[o, default: 0] += 1 }
            }
        }
        // Ties go to the earlier unit, so every run gives the same answer.
        guard
            let (other, count) = hits.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            Double(count) >= needed * Double(grams.count)
        else { return nil }
        let mine = units[i]
        let theirs = units[other]
        // The copy is the shorter one, or the one set apart typographically.
        let isCopy =
            theirs.wordCount > mine.wordCount + 2
            || (theirs.wordCount >= mine.wordCount - 2 && apart && !setApart(theirs, scale: scale))
        return isCopy ? other : nil
    }

    /// A quote whose lines layout cut apart (a line read at another size, a
    /// word glued to the column beside it) is confirmed from its first piece
    /// only. The pieces below it on the page that go on with the passage it
    /// repeats, word for word give or take an OCR slip, are taken back into it;
    /// specks of one to three characters between them go.
    /// `onPage` holds the units' indices by the page they count as (`pages`);
    /// only the quote's own page is searched (a long document has many quotes).
    static func extendCutQuotes(
        _ units: inout [Unit], sources: [(quote: Int, source: Int)], pages: [Int], onPage: [Int: [Int]]
    ) {
        var drop = Set<Int>()
        for (q, s) in sources.sorted(by: { $0.quote < $1.quote }) where !drop.contains(q) {
            guard !SentenceEnd.quote(units[q].text) else { continue }
            let source = Words.matching(units[s].text)
            guard var at = passageEnd(of: Words.matching(units[q].text), in: source) else { continue }
            let lineHeight = units[q].box.height / Double(max(1, units[q].lines.count))
            let below = onPage[pages[q], default: []].filter { j in
                let u = units[j]
                return j != q && j != s && !drop.contains(j)
                    && [.paragraph, .heading, .pullQuote].contains(u.kind) && u.box.y0 >= units[q].box.y1 - 2
                    && min(u.box.x1, units[q].box.x1) - max(u.box.x0, units[q].box.x0) > u.box.width / 2
            }.sorted { units[$0].box.y0 < units[$1].box.y0 }
            var bottom = units[q].box.y1
            for j in below {
                let u = units[j]
                guard u.box.y0 - bottom <= 2 * lineHeight else { break }
                let piece = Words.matching(u.text)
                if u.text.count <= 3 && piece.allSatisfy({ !$0.contains(where: \.isLetter) }) {
                    drop.insert(j)
                    continue
                }
                guard let next = follow(piece, in: source, from: at) else { break }
                units[q].absorb(u)
                drop.insert(j)
                at = next
                bottom = u.box.y1
                if SentenceEnd.quote(units[q].text) { break }
            }
        }
        units = units.removing(indices: drop)
    }

    /// Same word but for an OCR slip: equal, one edit apart, or cut short
    /// (`o` for `of`, `sustainabili` for `sustainability`).
    static func alike(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return a == b || (short.count >= 4 && EditDistance.isOne(a, b))
            || (!short.isEmpty && long.hasPrefix(short) && (short.count >= 4 || long.count <= short.count + 1))
    }

    /// Index in `source` just past where `quote` ends: its last two readable words in a row.
    static func passageEnd(of quote: [String], in source: [String]) -> Int? {
        for drop in 0..<min(2, quote.count) {
            let tail = quote.dropLast(drop).suffix(2)
            guard tail.count == 2, source.count >= 2 else { continue }
            for i in stride(from: source.count - 2, through: 0, by: -1)
            where alike(source[i], tail.first!) && alike(source[i + 1], tail.last!) {
                return i + 2 + drop
            }
        }
        return nil
    }

    /// Where `source` stands after `piece`, when two thirds or more of the
    /// piece's words follow on from `start` in order (a skipped word at most
    /// between them); nil when the piece does not go on with the passage.
    static func follow(_ piece: [String], in source: [String], from start: Int) -> Int? {
        guard !piece.isEmpty, start < source.count else { return nil }
        var at = start
        var matched = 0
        for word in piece {
            if let k = (at..<min(source.count, at + 2)).first(where: { alike(source[$0], word) }) {
                matched += 1
                at = k + 1
            }
        }
        guard matched * 3 >= piece.count * 2, alike(source[start], piece[0]) || matched >= 2 else { return nil }
        return at
    }

    /// Some units' word trigrams, and for each trigram the units that have it,
    /// in flat arrays.
    struct GramIndex: Sendable {
        /// The units' trigrams, unit after unit; `range[u]` are unit u's.
        private var all: [UInt64] = []
        private var range: [Int: Range<Int>] = [:]
        /// Per distinct trigram, its last posting; postings chain back to earlier owners.
        private var last: [UInt64: Int32] = [:]
        private var postings: [(unit: Int32, previous: Int32)] = []

        /// The units to index, each with its text.
        init(_ units: [(Int, String)]) {
            for (u, text) in units {
                let grams = PullQuoteFinder.trigrams(text)
                range[u] = all.count..<(all.count + grams.count)
                all += grams
                for g in Set(grams) {
                    postings.append((Int32(u), last[g] ?? -1))
                    last[g] = Int32(postings.count - 1)
                }
            }
        }

        /// Unit u's trigrams, when it is indexed.
        func grams(of unit: Int) -> ArraySlice<UInt64>? { range[unit].map { all[$0] } }

        func forEachOwner(of gram: UInt64, _ body: (Int) -> Void) {
            var p = last[gram] ?? -1
            while p >= 0 {
                body(Int(postings[Int(p)].unit))
                p = postings[Int(p)].previous
            }
        }
    }

    /// A quote box broken over a page: the part that starts the next page in
    /// lower case continues the last quote that did not end its sentence.
    static func joinBrokenQuotes(_ units: inout [Unit]) {
        var lastQuote: Int?
        var drop = Set<Int>()
        for i in units.indices where units[i].kind == .pullQuote {
            if let q = lastQuote, units[i].page == units[q].page + 1, units[i].text.first?.isLowercase == true,
                !SentenceEnd.quote(units[q].text)
            {
                units[q].absorb(units[i])
                drop.insert(i)
                continue
            }
            lastQuote = i
        }
        units = units.removing(indices: drop)
    }

    static func setApart(_ u: Unit, scale: TypeScale) -> Bool {
        let s = u.style
        let shortLines = u.lines.count >= 3 && Double(u.wordCount) / Double(u.lines.count) <= 3.5
        return s.italic || s.colored || s.bold || s.size >= scale.displaySize || shortLines
            || u.role == .liftedQuote
    }

    /// A numbered section heading ("2.2 Equation of State", "1. Background"),
    /// whose words come back in the body (a contents list, a sentence that
    /// names the section). Pull-quotes are not numbered.
    static func readsAsHeading(_ u: Unit) -> Bool {
        let first = String(u.text.prefix { $0 != " " })
        return ListMarker.isSectionNumber(first) || ListMarker.isNumbered(first)
    }

    static func readsAsSentence(_ text: String) -> Bool {
        guard let first = text.first, first.isUppercase || first == "“" || first == "\"" else { return false }
        return SentenceEnd.quote(text)
    }

    /// Lines of one quote box can be cut into several units (centred lines look
    /// indented); units of the same block in the same larger or italic type are one quote.
    static func mergeQuoteLines(_ units: inout [Unit], scale: TypeScale) {
        var out: [Unit] = []
        for u in units {
            if var last = out.last, last.blockID == u.blockID, last.kind != .chapterMatter, u.kind != .chapterMatter,
                last.kind != .footnote, last.kind != .listItem, u.kind != .listItem,
                setApart(last, scale: scale), last.style == u.style, last.role == u.role,
                last.style.size >= scale.displaySize
                    || last.style.italic || last.role == .liftedQuote,
                !last.hadMarker, !u.hadMarker
            {
                last.absorb(u)
                out[out.count - 1] = last
            } else {
                out.append(u)
            }
        }
        units = out
    }

    /// Hashes of the text's word trigrams (words: runs of letters and digits,
    /// lower-cased), in order.
    static func trigrams(_ text: String) -> [UInt64] {
        var words: [UInt64] = []
        var hash: UInt64 = 0
        var inWord = false
        // FNV-1a over each word's lower-cased scalars.
        for scalar in text.unicodeScalars {
            let isWordScalar: Bool
            var value = scalar.value
            if value < 0x80 {
                if value >= 0x41 && value <= 0x5A { value += 0x20 }
                isWordScalar = (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39)
            } else {
                let p = scalar.properties
                isWordScalar = p.isAlphabetic || p.numericType != nil
                if isWordScalar, p.isUppercase, let lower = p.lowercaseMapping.unicodeScalars.first {
                    value = lower.value
                }
            }
            if isWordScalar {
                if !inWord {
                    hash = 0xcbf2_9ce4_8422_2325
                    inWord = true
                }
                hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3
            } else if inWord {
                words.append(hash)
                inWord = false
            }
        }
        if inWord { words.append(hash) }
        guard words.count >= 3 else { return [] }
        return (0..<(words.count - 2)).map { i in
            words[i] &* 0x9E37_79B9_7F4A_7C15 ^ (words[i + 1] &* 0xC2B2_AE3D_27D4_EB4F).rotated(17) ^ words[i + 2]
        }
    }
}

extension UInt64 {
    fileprivate func rotated(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
