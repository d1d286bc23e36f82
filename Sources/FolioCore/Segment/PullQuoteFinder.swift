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

    /// A pull-quote is set near the passage it repeats: on the same spread, or
    /// a few pages before or after. Looking only there keeps a long document
    /// that repeats itself (a series bound together) from costing quadratic time.
    static let pageWindow = 5

    static func confirm(_ units: inout [Unit], bodySize: Double, workers: Int = 1) {
        mergeQuoteLines(&units, bodySize: bodySize)
        let searchable = units.map { [.paragraph, .listItem, .heading].contains($0.kind) }
        let candidates = units.indices.filter { i in
            guard units[i].kind == .paragraph || units[i].kind == .heading else { return false }
            return setApart(units[i], bodySize: bodySize)
                || (units[i].wordCount >= 8 && readsAsSentence(units[i].text))
        }
        // Band by band of `pageWindow` pages, each candidate is searched for in an
        // index of the pages around its band only: memory stays that of a few
        // pages however long the chapter.
        let unitsOfPage = Dictionary(grouping: units.indices, by: { units[$0].page })
        var band: [Int: [Int]] = [:]
        for i in candidates { band[units[i].page / pageWindow, default: []].append(i) }
        let bands = band.sorted { $0.key < $1.key }
        let snapshot = units
        // Bands are independent: searched in parallel.
        let copies = parallelMap(count: bands.count, workers: workers) { n in
            let first = bands[n].key * pageWindow
            let pool = ((first - pageWindow)..<(first + 2 * pageWindow)).flatMap { unitsOfPage[$0] ?? [] }
            let index = GramIndex(pool.filter { searchable[$0] }.map { ($0, snapshot[$0].text) })
            return bands[n].value.filter { copy($0, in: snapshot, index: index, bodySize: bodySize) }
        }
        for i in copies.joined() { units[i].kind = .pullQuote }
        joinBrokenQuotes(&units)
    }

    /// Whether candidate `i` repeats a passage of another unit near it, and is the copy.
    static func copy(_ i: Int, in units: [Unit], index: GramIndex, bodySize: Double) -> Bool {
        let apart = setApart(units[i], bodySize: bodySize)
        let grams = index.grams(of: i) ?? trigrams(units[i].text)[...]
        guard grams.count >= 3 else { return false }
        let needed = apart ? minimumShare : 0.9
        let page = units[i].page
        var hits: [Int: Int] = [:]
        for g in grams {
            index.forEachOwner(of: g) { o in
                if o != i && abs(units[o].page - page) <= pageWindow { hits[o, default: 0] += 1 }
            }
        }
        // Ties go to the earlier unit, so every run gives the same answer.
        guard
            let (other, count) = hits.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
            Double(count) >= needed * Double(grams.count)
        else { return false }
        let mine = units[i]
        let theirs = units[other]
        // The copy is the shorter one, or the one set apart typographically.
        return theirs.wordCount > mine.wordCount + 2
            || (theirs.wordCount >= mine.wordCount - 2 && apart && !setApart(theirs, bodySize: bodySize))
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
                !endsWithStop(units[q].text)
            {
                units[q].absorb(units[i])
                drop.insert(i)
                continue
            }
            lastQuote = i
        }
        units = units.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    static let closers = Set(scalarsOf: "”\"’' ")
    static let stops = Set(scalarsOf: ".!?")

    static func endsWithStop(_ text: String) -> Bool {
        text.lastScalar(skipping: closers).map(stops.contains) ?? false
    }

    static func setApart(_ u: Unit, bodySize: Double) -> Bool {
        let s = u.style
        let shortLines = u.lines.count >= 3 && Double(u.wordCount) / Double(u.lines.count) <= 3.5
        return s.italic || s.colored || s.bold || s.size >= 1.1 * bodySize || shortLines
    }

    static func readsAsSentence(_ text: String) -> Bool {
        guard let first = text.first, first.isUppercase || first == "“" || first == "\"" else { return false }
        return endsWithStop(text)
    }

    /// Lines of one quote box can be cut into several units (centred lines look
    /// indented); units of the same block in the same larger or italic type are one quote.
    static func mergeQuoteLines(_ units: inout [Unit], bodySize: Double) {
        var out: [Unit] = []
        for u in units {
            if var last = out.last, last.blockID == u.blockID, last.kind != .chapterMatter, u.kind != .chapterMatter,
                last.kind != .footnote, last.kind != .listItem, u.kind != .listItem,
                setApart(last, bodySize: bodySize), last.style == u.style,
                last.style.size >= 1.1 * bodySize
                    || last.style.italic,
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
