import FolioModel
import FolioText

/// Text mode: a pull-quote printed in a narrow column beside the body comes out
/// of extraction interleaved with it — its lines glued to the ends (or starts)
/// of body lines, or set between them — and it repeats a sentence of the body.
///
/// Each body sentence is aligned against the line fragments somewhere else in
/// the text: a chain of fragments (line ends, line starts, whole lines) that,
/// read in order, spells the sentence again while other text runs between its
/// pieces is the quote. Its fragments are lifted out of their lines, the body
/// lines close up, and the quote is set beside them as a block of its own, in
/// the role `liftedQuote`, so segmentation keeps it apart and confirms it as a pull-quote.
enum InterleavedQuoteExtractor {
    /// Consecutive pieces of one quote are at most this many lines apart.
    static let maxLineGap = 5
    /// A quote is a sentence of this many words or more.
    static let minWords = 6
    static let maxWords = 80
    /// Body sentences tried against one possible quote start, nearest first.
    static let maxCandidates = 24
    /// A piece of a quote is narrow: at most this share of a typical line.
    static let maxPieceWidth = 0.4

    /// Lines whose text is in `furniture` (``PageFurniture/recurringEdgeTexts(_:workers:)``) are never a quote's.
    static func extract(_ pages: [PageText], furniture: Set<String> = [], workers: Int = 1) -> [PageText] {
        var pages = pages
        // Lifting one quote can clean up the body copy another quote repeats.
        var tokens = Document.allTokens(of: pages, workers: workers)
        var changes: Changes? = nil
        var measure: Double? = nil
        for _ in 0..<3 {
            // Widths are judged against the lines as extracted, whatever a pass lifted.
            var doc = Document(pages, tokens: tokens.take(), typicalLineLength: measure, workers: workers)
            doc.furniture = furniture
            measure = doc.typicalLineLength
            let quotes = findQuotes(in: doc, since: changes, workers: workers)
            if quotes.isEmpty { break }
            // Only the pages quotes were lifted from are read again.
            let changed = quotes.keys.sorted()
            let before = pages
            let redone = parallelMap(count: changed.count, workers: workers) { i in
                let page = lift(quotes[changed[i]]!, from: before[changed[i]])
                return (page, Document.tokens(of: page, at: changed[i]))
            }
            for (i, p) in changed.enumerated() { pages[p] = redone[i].0 }
            tokens = doc.replacingTokens(ofPages: changed, with: redone.map(\.1))
            changes = Changes(pages: Set(quotes.keys))
        }
        return pages
    }

    /// What a pass changed. A page it left alone had no quote then, so the next
    /// pass reads that page again only against the sentences that changed.
    struct Changes {
        var pages: Set<Int>

        /// Whether sentence `s` of `doc` may differ from the last pass's: it, or
        /// a token that decides where it starts or ends, lies on a changed page.
        func touches(_ s: Int, in doc: Document) -> Bool {
            let sentence = doc.sentences[s]
            let from = doc.tokens[max(0, sentence.first - 1)].page
            let to = doc.tokens[min(doc.tokens.count - 1, sentence.end)].page
            return (from...to).contains(where: pages.contains)
        }
    }

    // MARK: Finding quotes

    /// Words `start..<end` of one line of a page. `glued` letters and digits of
    /// the first word are not the quote's: extraction that drops a line-end
    /// hyphen joins the word's first half to whatever line it reads next, and
    /// next may be the quote's (`coun` + `maternal mortality in` →
    /// `counmaternal mortality in`). Those letters stay with the body, hyphen restored.
    struct Piece: Hashable {
        var line: Int
        var start: Int
        var end: Int
        var glued = 0
    }

    /// A glued word keeps at least this many letters on each side, and the
    /// piece it opens reads at least `minGluedQuote` letters of the quote.
    static let minGlued = 2
    static let minGluedQuote = 8

    /// One word in reading order, with its letters and digits for matching.
    struct Token {
        var page: Int
        var line: Int
        var word: Int
        /// A slice of its page's keys, held in one buffer (a long text has millions of words).
        var key: ArraySlice<UInt32>
        /// The key's first character, 0 for none: what the alignment tries first.
        var initial: UInt32
        /// The key's hash (``Document/id(of:)``): equal keys, equal numbers; -1 for none.
        var id: Int
        var lifted: Bool
        /// Whether the word can open a sentence, and whether it ends one.
        var opens: Bool
        var ends: Bool
        /// The last word of a heading line (title case, no stop): the sentence ends with it.
        var closesHeading: Bool
    }

    /// A sentence of the running text: tokens `first..<end`, its letters and
    /// digits run together so that line breaks and hyphens do not matter.
    struct Sentence {
        var first: Int
        var end: Int
        /// Slices, so that a sentence cut at a stop shares its whole sentence's storage.
        var chars: ArraySlice<UInt32>
        /// Character offset of each token in `chars`, by token index − `first`.
        var offsets: ArraySlice<Int>
        /// Tokens inside the sentence that end with a stop: a stop before a
        /// lower-case word (the quote's own last line, say) ends no sentence, so
        /// the sentence cut there is tried too.
        var stops: [Int]

        /// The sentence without `tail`, when it ends with those letters and digits
        /// after a whole word and keeps `minWords` tokens before them.
        func cut(before tail: [UInt32]) -> Sentence? {
            guard tail.count < chars.count, chars.suffix(tail.count).elementsEqual(tail),
                let i = InterleavedQuoteExtractor.ChainSearch.index(of: chars.count - tail.count, in: offsets),
                i >= minWords
            else { return nil }
            return cut(after: first + i - 1)
        }

        /// Whether `other` reads as this sentence does in every reading, wherever
        /// it stands: the same letters, word offsets and inner stops.
        func readsAlike(_ other: Sentence) -> Bool {
            chars == other.chars && offsets == other.offsets && stops.count == other.stops.count
                && zip(stops, other.stops).allSatisfy { $0 - first == $1 - other.first }
        }

        /// The sentence up to and including token `last`.
        func cut(after last: Int) -> Sentence {
            let end = last + 1
            let length = end - first < offsets.count ? offsets[end - first] : chars.count
            return Sentence(
                first: first, end: end, chars: chars[..<length], offsets: offsets[..<(end - first)],
                stops: stops.filter { $0 < last })
        }
    }

    struct Document {
        var pages: [PageText]
        var tokens: [Token] = []
        /// Index of the first token of every line, and of the token after its last, by page and line.
        var lineBase: [[Int]] = []
        var lineEnd: [[Int]] = []
        /// Index of the first token of every page, and the token count last.
        var pageStart: [Int] = []
        var sentences: [Sentence] = []
        /// For each sentence, the first sentence that reads the same in every
        /// reading (letters, word offsets, inner stops): a text that repeats a
        /// passage (a summary, issues of a series bound together) holds copies
        /// that a search away from them answers alike (see ``quotes(onPage:doc:openers:candidate:)``).
        var twin: [Int] = []
        /// Sentences by their first two words' key numbers.
        var byOpening: [Opening: [Int]] = [:]
        var typicalLineLength = 0.0
        /// The document's running lines: never a quote's.
        var furniture: Set<String> = []

        init(_ pages: [PageText], workers: Int = 1) {
            self.init(pages, tokens: Self.allTokens(of: pages, workers: workers), workers: workers)
        }

        /// Every page's words (``tokens(of:at:)``), pages in parallel.
        static func tokens(of pages: [PageText], workers: Int) -> [[Token]] {
            parallelMap(count: pages.count, workers: workers) { tokens(of: pages[$0], at: $0) }
        }

        /// Every page's words in one array, in order (a flattening copy of the
        /// pages' arrays went through the generic iterator, a token at a time).
        static func allTokens(of pages: [PageText], workers: Int) -> [Token] {
            let perPage = tokens(of: pages, workers: workers)
            var all: [Token] = []
            all.reserveCapacity(perPage.reduce(0) { $0 + $1.count })
            for page in perPage { all.append(contentsOf: page) }
            return all
        }

        /// Each word of page `p` with its key and flags (numbered when the document is put together).
        static func tokens(of page: PageText, at p: Int) -> [Token] {
            let words = page.lines.reduce(0) { $0 + $1.words.count }
            var tokens: [Token] = []
            tokens.reserveCapacity(words)
            var keys: [UInt32] = []
            keys.reserveCapacity(6 * words)
            var spans: [Range<Int>] = []
            spans.reserveCapacity(words)
            for (l, line) in page.lines.enumerated() {
                // A quote lifted already is neither body nor quote any more.
                let lifted = line.words.allSatisfy { $0.role == .liftedQuote }
                for (w, word) in line.words.enumerated() {
                    let start = keys.count
                    if !lifted { appendKey(of: word.text, to: &keys) }
                    spans.append(start..<keys.count)
                    let ends = SentenceEnd.token(word.text)
                    tokens.append(
                        Token(
                            page: p, line: l, word: w, key: [], initial: 0, id: -1,
                            lifted: lifted, opens: SentenceEnd.opens(word.text), ends: ends,
                            closesHeading: w == line.words.count - 1 && !ends
                                // The line's text is joined only when its first word could open a heading.
                                && TitleCase.opensWithCapitalLetter(line.words[0].text)
                                && TitleCase.isHeadingLine(line.text)))
                }
            }
            // Slices are taken once the buffer is complete, so that they all share it.
            for i in tokens.indices {
                tokens[i].key = keys[spans[i]]
                tokens[i].initial = tokens[i].key.first ?? 0
                tokens[i].id = id(of: tokens[i].key)
            }
            return tokens
        }

        /// The document from its pages and their words (``tokens(of:at:)``, the
        /// pages' in order), with the measure of its lines when it is known already.
        init(_ pages: [PageText], tokens: [Token], typicalLineLength measure: Double? = nil, workers: Int = 1) {
            self.pages = pages
            self.tokens = tokens
            var lengths: [Int] = []
            var next = 0
            for page in pages {
                pageStart.append(next)
                var bases: [Int] = []
                var ends: [Int] = []
                for line in page.lines {
                    bases.append(next)
                    next += line.words.count
                    ends.append(next)
                    // The length of the line's text, without joining it.
                    if measure == nil, line.words.count >= 4 {
                        lengths.append(line.words.reduce(line.words.count - 1) { $0 + $1.text.count })
                    }
                }
                lineBase.append(bases)
                lineEnd.append(ends)
            }
            pageStart.append(next)
            precondition(next == tokens.count, "a token for every word")
            lengths.sort()
            typicalLineLength = measure ?? (lengths.isEmpty ? 0 : Double(lengths[lengths.count / 2]))
            findSentences(workers: workers)
        }

        /// The document's words with those of `changed` pages (in order)
        /// replaced: in place where each keeps its number of words, else put
        /// together once, page by page (replacing page by page shifted the rest
        /// of a one-page text's words for every part).
        mutating func replacingTokens(ofPages changed: [Int], with new: [[Token]]) -> [Token] {
            let old = tokens.take()
            let counts = changed.map { pageStart[$0 + 1] - pageStart[$0] }
            if changed.indices.allSatisfy({ new[$0].count == counts[$0] }) {
                var tokens = old
                for (i, p) in changed.enumerated() {
                    tokens.replaceSubrange(pageStart[p]..<pageStart[p + 1], with: new[i])
                }
                return tokens
            }
            var tokens: [Token] = []
            tokens.reserveCapacity(old.count + 64)
            var next = 0
            for (i, p) in changed.enumerated() {
                tokens += old[pageStart[next]..<pageStart[p]]
                tokens += new[i]
                next = p + 1
            }
            tokens += old[pageStart[next]...]
            return tokens
        }

        /// A key's number, so that sentence openings are looked up by two
        /// integers: its FNV-1a hash, computed with the page's words in parallel
        /// instead of numbered in one dictionary for the whole text. Two keys
        /// that share a number only add a candidate the alignment then rejects.
        static func id(of key: ArraySlice<UInt32>) -> Int {
            if key.isEmpty { return -1 }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for c in key {
                hash = (hash ^ UInt64(c)) &* 0x100_0000_01b3
            }
            return Int(hash & UInt64(Int.max))
        }

        /// A word's letters and digits, lower-cased, appended to `keys`: what two spellings of it share.
        static func appendKey(of text: String, to keys: inout [UInt32]) {
            // Most words of most texts are ASCII: bytes, without Unicode tables.
            let start = keys.count
            for byte in text.utf8 {
                if byte >= 0x80 {
                    keys.removeSubrange(start...)
                    // Typographic punctuation among them (`don’t`, `“water”`) is no key letter either.
                    if let runs = Words.typographicRuns(text) {
                        for run in runs { keys += run.utf8.lazy.map { UInt32($0) } }
                    } else {
                        keys += unicodeKey(text)
                    }
                    return
                }
                if ASCIIBytes.isLetter(byte) || ASCIIBytes.isDigit(byte) {
                    keys.append(UInt32(ASCIIBytes.lowercased(byte)))
                }
            }
        }

        static func unicodeKey(_ text: String) -> [UInt32] {
            text.lowercased().unicodeScalars.filter(isKeyScalar).map(\.value)
        }

        /// Letters and digits: what a key keeps of a word.
        static func isKeyScalar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil
        }

        func words(in line: Int, of page: Int) -> Int { pages[page].lines[line].words.count }

        func token(_ page: Int, _ line: Int, _ word: Int) -> Int { lineBase[page][line] + word }

        /// Sentences end at a stop before a capitalised word, and after a heading
        /// line. Where each ends, and its letters run together, is found on
        /// stretches of the text in parallel; only the indexes are built in order.
        mutating func findSentences(workers: Int) {
            let tokens = self.tokens
            let stretches = Swift.max(1, Swift.min(4 * workers, tokens.count / 4096 + 1))
            let ends = parallelMap(count: stretches, workers: workers) { c in
                (c * tokens.count / stretches..<(c + 1) * tokens.count / stretches).filter {
                    Self.endsSentence(after: $0, in: tokens)
                }.map { $0 + 1 }
            }.flatMap { $0 }
            let found = parallelMap(count: stretches, workers: workers) { c in
                (c * ends.count / stretches..<(c + 1) * ends.count / stretches).compactMap { j in
                    Self.sentence((j == 0 ? 0 : ends[j - 1])..<ends[j], in: tokens)
                }
            }
            var firstWithReading: [Int: Int] = [:]
            for (sentence, opening, reading) in found.joined() {
                let id = sentences.count
                if let first = firstWithReading[reading], sentences[first].readsAlike(sentence) {
                    twin.append(first)
                } else {
                    if firstWithReading[reading] == nil { firstWithReading[reading] = id }
                    twin.append(id)
                }
                sentences.append(sentence)
                byOpening[opening, default: []].append(id)
            }
        }

        static func endsSentence(after i: Int, in tokens: [Token]) -> Bool {
            let next = i + 1
            if next == tokens.count || tokens[i].lifted != tokens[next].lifted { return true }
            if !tokens[next].opens { return false }
            if tokens[i].ends { return true }
            // A title-case line without a stop is a heading: the next line starts afresh.
            return tokens[next].word == 0 && tokens[i].closesHeading
        }

        /// The sentence of tokens `range`, if it is one a quote can repeat, with
        /// its opening and a hash of its reading (``Sentence/readsAlike(_:)``).
        static func sentence(_ range: Range<Int>, in tokens: [Token]) -> (Sentence, Opening, Int)? {
            guard tokens[range.lowerBound].opens else { return nil }
            var keyed = 0
            var opening = Opening(first: -1, second: -1)
            var length = 0
            for i in range where !tokens[i].key.isEmpty {
                if keyed == 0 { opening.first = tokens[i].id } else if keyed == 1 { opening.second = tokens[i].id }
                keyed += 1
                length += tokens[i].key.count
                if keyed > maxWords { return nil }
            }
            guard keyed >= minWords else { return nil }
            var chars: [UInt32] = []
            chars.reserveCapacity(length)
            var offsets: [Int] = []
            offsets.reserveCapacity(range.count)
            var stops: [Int] = []
            var words = 0
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ value: Int) { hash = (hash ^ UInt64(truncatingIfNeeded: value)) &* 0x100_0000_01b3 }
            for i in range {
                offsets.append(chars.count)
                mix(chars.count)
                chars += tokens[i].key
                for c in tokens[i].key { mix(Int(c)) }
                if !tokens[i].key.isEmpty { words += 1 }
                if i + 1 < range.upperBound, words >= minWords, tokens[i].ends {
                    stops.append(i)
                    mix(-(i - range.lowerBound))
                }
            }
            let sentence = Sentence(
                first: range.lowerBound, end: range.upperBound, chars: chars[...], offsets: offsets[...], stops: stops)
            return (sentence, opening, Int(hash >> 1))
        }
    }

    /// A sentence's first two words, by key number.
    struct Opening: Hashable {
        var first: Int
        var second: Int
    }

    /// A quote found: its pieces in reading order, and its words that take the
    /// body copy's spelling (line → word → text).
    struct Quote {
        var pieces: [Piece]
        var respelled: [Int: [Int: String]]
        /// Lines of a quote lifted by an earlier pass that this one's pieces open
        /// (see ``continuations(onPage:doc:)``).
        var continues: [Int] = []
    }

    /// Quotes lifted by earlier passes on page `p`: their lines, and their
    /// letters and digits run together as a sentence's are.
    ///
    /// A quote line that ends with a stop, read between two body lines, ends
    /// the body sentence it falls into for the search: the quote's tail is
    /// found first as a sentence of its own (`Rica rose from … the CAVA.`), and
    /// once it is lifted the whole body sentence reads clean. Its opening
    /// pieces are then the sentence up to that tail, and the two are one quote.
    static func continuations(onPage p: Int, doc: Document) -> [(lines: [Int], chars: [UInt32])] {
        let lines = doc.pages[p].lines
        var found: [(lines: [Int], chars: [UInt32])] = []
        var previous: Int? = nil
        for (l, line) in lines.enumerated()
        where !line.words.isEmpty && line.words.allSatisfy({ $0.role == .liftedQuote }) {
            // `lift` sets one quote's pieces a line apart and quotes further apart.
            if let previous, previous == l - 1,
                abs(line.box.y0 - lines[previous].box.y0 - PlainTextReader.lineHeight) < 0.5
            {
                found[found.count - 1].lines.append(l)
            } else {
                found.append(([l], []))
            }
            for word in line.words { Document.appendKey(of: word.text, to: &found[found.count - 1].chars) }
            previous = l
        }
        return found
    }

    /// Quotes found on each page, by page index.
    static func findQuotes(in pages: [PageText], workers: Int = 1) -> [Int: [Quote]] {
        findQuotes(in: Document(pages, workers: workers), workers: workers)
    }

    static func findQuotes(in doc: Document, since changes: Changes? = nil, workers: Int) -> [Int: [Quote]] {
        guard doc.typicalLineLength > 0 else { return [:] }
        // Pages are searched apart: a quote's pieces, and the words it claims, lie on one page.
        // On a page the last pass left alone only the sentences it touched are
        // tried, and only words that open one of them can start a quote.
        let touched = changes.map { changes in Set(doc.sentences.indices.filter { changes.touches($0, in: doc) }) }
        let openers = touched.map { Set($0.map { doc.tokens[doc.sentences[$0].first].id }) }
        let perPage = parallelMap(count: doc.pages.count, workers: workers) { p in
            guard let changes, let touched, let openers, !changes.pages.contains(p) else {
                return quotes(onPage: p, doc: doc)
            }
            return quotes(onPage: p, doc: doc, openers: openers) { touched.contains($0) }
        }
        var found: [Int: [Quote]] = [:]
        for (p, quotes) in perPage.enumerated() where !quotes.isEmpty { found[p] = quotes }
        return found
    }

    /// Quotes on page `p`, in the order their first words are read.
    /// Only the sentences `candidate` accepts are tried (all of them by default),
    /// and only from words whose key number is in `openers` when it is given.
    static func quotes(
        onPage p: Int, doc: Document, openers: Set<Int>? = nil, candidate: (Int) -> Bool = { _ in true }
    ) -> [Quote] {
        var used = Set<Int>()
        var found: [Quote] = []
        var search = ChainSearch(doc: doc, page: p)
        let page = doc.pages[p]
        let lifted = continuations(onPage: p, doc: doc)
        var continued = Set<Int>()
        let widest = maxPieceWidth * doc.typicalLineLength
        for (l, line) in page.lines.enumerated() {
            // A first piece that starts inside a line runs to its end (``ChainSearch/admissible(_:)``):
            // words from which the rest of the line is too wide open no quote, whatever the sentence.
            var narrowFrom = line.words.count
            var rest = -1
            while narrowFrom > 1 {
                rest += line.words[narrowFrom - 1].text.count + 1
                guard Double(rest) <= widest else { break }
                narrowFrom -= 1
            }
            for w in line.words.indices where w == 0 || w >= narrowFrom {
                let t = doc.token(p, l, w)
                guard !used.contains(t), !doc.tokens[t].key.isEmpty, doc.tokens[t].opens,
                    openers?.contains(doc.tokens[t].id) ?? true
                else { continue }
                // A sentence whose copy lies on another page is aligned by its
                // letters alone (the copy's own words are never on this page),
                // so a twin of one that failed here fails too.
                var failedTwins = Set<Int>()
                // Each candidate whole, then cut at each of its `stops`.
                tries: for s in candidateSentences(doc, page: p, line: l, word: w) where candidate(s) {
                    let whole = doc.sentences[s]
                    let elsewhere = !(doc.tokens[whole.first].page...doc.tokens[whole.end - 1].page).contains(p)
                    if elsewhere, failedTwins.contains(doc.twin[s]) { continue }
                    // Readings are made one at a time: most candidates have only the first.
                    for k in 0..<(1 + whole.stops.count + lifted.count) {
                        var sentence = whole
                        var continues: Int? = nil
                        if k > whole.stops.count {
                            let q = k - 1 - whole.stops.count
                            guard !continued.contains(q), let cut = whole.cut(before: lifted[q].chars) else { continue }
                            (sentence, continues) = (cut, q)
                        } else if k > 0 {
                            sentence = whole.cut(after: whole.stops[k - 1])
                        }
                        guard !(sentence.first..<sentence.end).contains(t), !readsVerbatim(sentence, from: t, doc: doc)
                        else { continue }
                        guard
                            let pieces = search.chain(
                                spelling: sentence, used: used, from: Piece(line: l, start: w, end: w)),
                            search.acceptable(pieces)
                        else { continue }
                        // The tail it continues is read after its pieces.
                        if let continues, pieces.last!.line >= lifted[continues].lines[0] { continue }
                        found.append(
                            Quote(
                                pieces: pieces, respelled: search.respellings(of: pieces),
                                continues: continues.map { lifted[$0].lines } ?? []))
                        if let continues { continued.insert(continues) }
                        for piece in pieces {
                            for i in piece.start..<piece.end { used.insert(doc.token(p, piece.line, i)) }
                        }
                        break tries
                    }
                    if elsewhere { failedTwins.insert(doc.twin[s]) }
                }
            }
        }
        return found
    }

    /// Whether the running text from token `t` on repeats `sentence` word for
    /// word: a passage printed twice (a summary, a series bound together), whose
    /// alignment could only be one unbroken chain, which is never a quote.
    static func readsVerbatim(_ sentence: Sentence, from t: Int, doc: Document) -> Bool {
        let page = doc.tokens[t].page
        var p = 0
        var i = t
        while p < sentence.chars.count {
            guard i < doc.tokens.count, doc.tokens[i].page == page, !doc.tokens[i].lifted else { return false }
            for c in doc.tokens[i].key {
                guard p < sentence.chars.count, sentence.chars[p] == c else { return false }
                p += 1
            }
            i += 1
        }
        return true
    }

    /// Body sentences that open with the words a quote starting at this word
    /// would read: the next word on the line, or, when the piece may end here, a
    /// word of the lines below.
    static func candidateSentences(_ doc: Document, page p: Int, line l: Int, word w: Int) -> [Int] {
        let lines = doc.pages[p].lines
        let first = doc.tokens[doc.token(p, l, w)].id
        var seconds: [Int] = []
        let next = lines[l].words.indices.dropFirst(w + 1).first { doc.tokens[doc.token(p, l, $0)].id >= 0 }
        if let next { seconds.append(doc.tokens[doc.token(p, l, next)].id) }
        if next == nil || (w == 0 && lines[l].words.count <= 3) {
            for below in (l + 1)..<min(lines.count, l + 1 + maxLineGap) {
                for i in lines[below].words.indices { seconds.append(doc.tokens[doc.token(p, below, i)].id) }
            }
        }
        let t = doc.token(p, l, w)
        // One opening: its nearest sentences come in the order wanted already.
        if seconds.count == 1 {
            guard seconds[0] >= 0, let opening = doc.byOpening[Opening(first: first, second: seconds[0])] else {
                return []
            }
            return nearest(maxCandidates, in: opening, to: t, doc: doc)
        }
        var ids = Set<Int>()
        for second in seconds where second >= 0 {
            guard let opening = doc.byOpening[Opening(first: first, second: second)] else { continue }
            ids.formUnion(nearest(maxCandidates, in: opening, to: t, doc: doc))
        }
        return ids.sorted {
            let (a, b) = (abs(doc.sentences[$0].first - t), abs(doc.sentences[$1].first - t))
            return a != b ? a < b : $0 < $1
        }.prefix(maxCandidates).map { $0 }
    }

    /// The `count` sentences of `ids` (in text order) that start nearest token
    /// `t`, leaving out the one that holds it. Found from where `t` falls in the
    /// list, so a common opening in a long text costs no more than a rare one.
    static func nearest(_ count: Int, in ids: [Int], to t: Int, doc: Document) -> [Int] {
        let low = ids.partitionPoint { doc.sentences[$0].first < t }
        var out: [Int] = []
        var before = low - 1
        var after = low
        while out.count < count, before >= 0 || after < ids.count {
            let takeBefore =
                after >= ids.count
                || before >= 0 && t - doc.sentences[ids[before]].first <= doc.sentences[ids[after]].first - t
            let id = takeBefore ? ids[before] : ids[after]
            if takeBefore { before -= 1 } else { after += 1 }
            if !(doc.sentences[id].first..<doc.sentences[id].end).contains(t) { out.append(id) }
        }
        return out
    }

    /// Characters of a piece, spaces included.
    static func width(of piece: Piece, in lines: [Line]) -> Int {
        let words = lines[piece.line].words[piece.start..<piece.end]
        return words.reduce(0) { $0 + $1.text.count } + words.count - 1 - piece.glued
    }

    /// Words from `start` to the end of `line`: a piece of the quote that lies
    /// inside the body copy's sentence, interrupting it.
    struct Run: Hashable {
        var line: Int
        var start: Int
    }

    /// Depth-first alignment of one sentence against the pieces of lines on one page.
    /// One search serves every try on its page: the document is shared by the
    /// workers, and copying it into a search per try cost more than the try.
    struct ChainSearch {
        /// A point of the search that led nowhere: where the sentence's reading
        /// stood, where the last piece ended, and the runs freed so far.
        struct State: Hashable {
            var position: Int
            var line: Int
            var end: Int
            var freed: [Run]
        }

        let doc: Document
        let page: Int
        private(set) var sentence = Sentence(first: 0, end: 0, chars: [], offsets: [], stops: [])
        /// Words claimed by quotes found already on the page.
        private(set) var used = Set<Int>()
        /// Runs of the quote inside the body copy: the copy's reading skips them,
        /// the quote's reading takes them.
        var freed: [Run] = []
        var failed = Set<State>()
        var steps = 0
        private(set) var editBudget = 1
        /// Whether a line of the page is a running line, for the lines asked so far.
        private var runningLines: [Int: Bool] = [:]

        /// By line, the first word near enough the line's end to open a glued
        /// piece: one as narrow as a quote's pieces (``spellGlued`` checks the
        /// width in characters; this is the reader's geometry, with room for the glued half).
        let gluedFrom: [Int]

        init(doc: Document, page: Int) {
            self.doc = doc
            self.page = page
            let reach = (maxPieceWidth * doc.typicalLineLength + 16) * PlainTextReader.charWidth
            gluedFrom = doc.pages[page].lines.map { line in
                line.words.firstIndex { line.box.x1 - $0.box.x0 <= reach } ?? line.words.count
            }
        }

        /// The pieces that spell `sentence` without the words of `used`, the first
        /// starting at `start`'s word; `freed` says which runs of the body copy they skip.
        /// Nil at once when the first piece could be no quote's (``admissible(_:)``).
        mutating func chain(spelling sentence: Sentence, used: Set<Int>, from start: Piece) -> [Piece]? {
            self.sentence = sentence
            self.used = used
            editBudget = 1 + sentence.chars.count / 40
            freed.removeAll(keepingCapacity: true)
            // A table grown large by one hard try is not cleared bucket by bucket at every later one.
            if !failed.isEmpty { failed.removeAll(keepingCapacity: failed.count <= 64) }
            steps = 0
            guard let first = spell(line: start.line, from: start.start, at: 0, edits: 0), admissible(first.piece)
            else { return nil }
            var pieces = [first.piece]
            return extend(at: first.position, edits: first.edits, pieces: &pieces) ? pieces : nil
        }

        mutating func extend(at start: Int, edits: Int, pieces: inout [Piece]) -> Bool {
            let position = skipFreed(start)
            if position >= sentence.chars.count { return true }
            steps += 1
            guard let last = pieces.last, steps < 4000, pieces.count < 40 else { return false }
            let state = State(position: position, line: last.line, end: last.end, freed: freed)
            if failed.contains(state) { return false }
            let lines = doc.pages[page].lines
            var options: [(piece: Piece, position: Int, edits: Int, freed: [Run])] = []
            for l in last.line..<min(lines.count, last.line + 1 + maxLineGap) {
                let from = l == last.line ? last.end + 1 : 0
                guard from < lines[l].words.count else { continue }
                for w in from..<lines[l].words.count {
                    let t = doc.token(page, l, w)
                    guard doc.tokens[t].initial == sentence.chars[position] else {
                        // Most words stand too far left on their line to open a narrow piece, or
                        // hold no letter the quote could go on with past their first two.
                        if w >= gluedFrom[l], doc.tokens[t].key.count >= 2 * minGlued,
                            doc.tokens[t].key.dropFirst(minGlued).dropLast(minGlued - 1).contains(
                                sentence.chars[position]),
                            let found = spellGlued(line: l, from: w, at: position, edits: edits)
                        {
                            options.append((found.piece, found.position, found.edits, freed))
                        }
                        continue
                    }
                    let saved = freed
                    if let found = spell(line: l, from: w, at: position, edits: edits) {
                        options.append((found.piece, found.position, found.edits, freed))
                    }
                    freed = saved
                }
            }
            // Longest first, then nearest.
            options.sort { ($0.position, -$0.piece.line) > ($1.position, -$1.piece.line) }
            for option in options {
                let saved = freed
                freed = option.freed
                pieces.append(option.piece)
                if extend(at: option.position, edits: option.edits, pieces: &pieces) { return true }
                pieces.removeLast()
                freed = saved
            }
            // The body copy itself can be interrupted here by a piece of the quote further on.
            if let run = run(at: position), run.line > last.line {
                freed.append(run)
                if extend(at: position, edits: edits, pieces: &pieces) { return true }
                freed.removeLast()
            }
            failed.insert(state)
            return false
        }

        /// A piece whose first word has the end of a body word glued before it
        /// (see ``Piece/glued``): it runs to the line's end, where such a join
        /// leaves it, and it is narrow, as every piece of a quote is.
        mutating func spellGlued(line l: Int, from start: Int, at position: Int, edits: Int)
            -> (piece: Piece, position: Int, edits: Int)?
        {
            let t = doc.token(page, l, start)
            let key = doc.tokens[t].key
            guard key.count >= 2 * minGlued, !inCopy(t), !used.contains(t) else { return nil }
            let lines = doc.pages[page].lines
            let chars = sentence.chars
            var narrow: Bool? = nil
            for k in (key.startIndex + minGlued)...(key.endIndex - minGlued) {
                let tail = key[k...]
                guard position + tail.count <= chars.count,
                    chars[position..<(position + tail.count)].elementsEqual(tail)
                else { continue }
                // Cheap tests first: the next word reads on, or this one is the line's last and long enough.
                if start + 1 < lines[l].words.count {
                    let next = doc.tokens[t + 1]
                    guard
                        next.initial == 0
                            || position + tail.count < chars.count && next.initial == chars[position + tail.count]
                    else { continue }
                } else if tail.count < minGluedQuote {
                    continue
                }
                if narrow == nil {
                    let rest = Piece(line: l, start: start, end: lines[l].words.count)
                    narrow =
                        Double(width(of: rest, in: lines)) <= maxPieceWidth * doc.typicalLineLength + Double(key.count)
                }
                guard narrow == true else { return nil }
                let saved = freed
                // The piece reads enough of the sentence that its start is no chance match.
                if let found = spell(line: l, from: start, glued: k - key.startIndex, at: position, edits: edits),
                    found.piece.end == lines[l].words.count, freed == saved,
                    found.position - position >= minGluedQuote
                {
                    return found
                }
                freed = saved
            }
            return nil
        }

        /// How far the words of a line, from `start`, spell the sentence from
        /// `position`: a piece must reach the line's end, start it, or run three words.
        mutating func spell(line l: Int, from start: Int, glued: Int = 0, at position: Int, edits: Int)
            -> (piece: Piece, position: Int, edits: Int)?
        {
            let words = doc.words(in: l, of: page)
            let chars = sentence.chars
            // Words of the body copy can be the quote's only as a run the copy has not reached yet.
            let first = doc.token(page, l, start)
            let claimsRun = inCopy(first) && !isFreed(first)
            if claimsRun {
                guard doc.lineBase[page][l] + words <= sentence.end, offset(of: first) > position, freed.count < 4
                else { return nil }
            }
            var p = position
            var e = edits
            var w = start
            var keyed = 0
            var afterLastKeyed = start
            while w < words {
                p = skipFreed(p)
                guard p < chars.count else { break }
                let t = doc.token(page, l, w)
                guard !used.contains(t), claimsRun || !inCopy(t) || isFreed(t) else { break }
                let key = w == start ? doc.tokens[t].key.dropFirst(glued) : doc.tokens[t].key
                if key.isEmpty {
                    w += 1
                    continue
                }
                if let after = read(key, at: p) {
                    p = after
                } else if let run = run(at: p), run.line > l || run.line == l && run.start > w {
                    freed.append(run)
                    continue
                } else if e < editBudget, let length = Self.nearMatch(key, chars, at: p) {
                    e += 1
                    p += length
                } else {
                    break
                }
                keyed += 1
                w += 1
                afterLastKeyed = w
            }
            // Marks after the last word stay with the line unless the piece runs to its end.
            if w < words { w = afterLastKeyed }
            guard keyed > 0, start == 0 || w == words || keyed >= 3 else { return nil }
            if claimsRun {
                guard w == words, offset(of: first) >= p else { return nil }
                freed.append(Run(line: l, start: start))
            }
            return (Piece(line: l, start: start, end: w, glued: glued), p, e)
        }

        /// Words of the quote that differ from the body copy by an OCR slip, by
        /// line and word, with the copy's spelling (where the slip covers one word of it).
        func respellings(of pieces: [Piece]) -> [Int: [Int: String]] {
            var respelled: [Int: [Int: String]] = [:]
            var p = 0
            for piece in pieces {
                for w in piece.start..<piece.end {
                    p = skipFreed(p)
                    let whole = doc.tokens[doc.token(page, piece.line, w)].key
                    let key = w == piece.start ? whole.dropFirst(piece.glued) : whole
                    guard !key.isEmpty, p < sentence.chars.count else { continue }
                    if let after = read(key, at: p) {
                        p = after
                    } else if let length = Self.nearMatch(key, sentence.chars, at: p) {
                        if let i = Self.index(of: p, in: sentence.offsets),
                            let copy = sentence.offsets.indices.dropFirst(i).first(where: {
                                !doc.tokens[sentence.first + $0].key.isEmpty
                            }),
                            doc.tokens[sentence.first + copy].key.count == length
                        {
                            let token = doc.tokens[sentence.first + copy]
                            respelled[piece.line, default: [:]][w] =
                                doc.pages[token.page].lines[token.line].words[token.word].text
                        }
                        p += length
                    }
                }
            }
            return respelled
        }

        /// Where the copy's reading is after spelling `key` from `position`: a word
        /// hyphenated in the copy may have a run of the quote between its halves.
        func read(_ key: ArraySlice<UInt32>, at position: Int) -> Int? {
            let chars = sentence.chars
            var p = position
            for (i, c) in key.enumerated() {
                if i > 0 { p = skipFreed(p) }
                guard p < chars.count, chars[p] == c else { return nil }
                p += 1
            }
            return p
        }

        /// A chain is a quote when it is set in a narrow column and broken up by
        /// other text: most joins between its pieces skip over words that are not its own.
        mutating func acceptable(_ pieces: [Piece]) -> Bool {
            guard pieces.count >= 2, pieces.allSatisfy({ admissible($0) }) else { return false }
            let lines = doc.pages[page].lines
            // Every run the body copy skipped must be read by the quote.
            for run in freed {
                guard
                    pieces.contains(where: {
                        $0.line == run.line && $0.start == run.start && $0.end == lines[run.line].words.count
                    })
                else { return false }
            }
            // The quote's column is on one side of the body: its pieces end lines
            // (a column on the right) or start them (on the left), or fill them.
            let ends = pieces.contains { $0.start > 0 && $0.end == lines[$0.line].words.count }
            let starts = pieces.contains { $0.start == 0 && $0.end < lines[$0.line].words.count }
            guard !(ends && starts) else { return false }
            var broken = 0
            for (a, b) in zip(pieces, pieces.dropFirst()) {
                let between =
                    a.line == b.line
                    ? b.start > a.end
                    : a.end < lines[a.line].words.count || b.start > 0 || b.line > a.line + 1
                if between { broken += 1 }
            }
            return 2 * broken >= pieces.count - 1
        }

        /// Whether a piece could be a quote's, whatever the other pieces: narrow,
        /// at a side of its line (a quote's column is beside the body, never inside
        /// a line) and not on a running line. The search drops a chain whose first
        /// piece is not (about half the chains a text's sentence openings start).
        /// A line's text is joined once, for the running-line test, however many
        /// pieces it opens.
        mutating func admissible(_ piece: Piece) -> Bool {
            let lines = doc.pages[page].lines
            guard piece.start == 0 || piece.end == lines[piece.line].words.count,
                Double(width(of: piece, in: lines)) <= maxPieceWidth * doc.typicalLineLength
            else { return false }
            if doc.furniture.isEmpty { return true }
            if let running = runningLines[piece.line] { return !running }
            let running = doc.furniture.contains(lines[piece.line].text)
            runningLines[piece.line] = running
            return !running
        }

        func inCopy(_ t: Int) -> Bool { t >= sentence.first && t < sentence.end }

        // Tokens are read field by field: a copy of one retains its key's storage.
        func isFreed(_ t: Int) -> Bool {
            guard !freed.isEmpty, doc.tokens[t].page == page else { return false }
            let (line, word) = (doc.tokens[t].line, doc.tokens[t].word)
            return freed.contains { $0.line == line && word >= $0.start }
        }

        func offset(of t: Int) -> Int {
            t - sentence.first < sentence.offsets.count ? sentence.offsets[t - sentence.first] : sentence.chars.count
        }

        /// The copy's reading point moved past the quote's runs that start there.
        func skipFreed(_ position: Int) -> Int {
            if freed.isEmpty { return position }
            var p = position
            while let i = Self.index(of: p, in: sentence.offsets) {
                let t = sentence.first + i
                let line = doc.tokens[t].line
                guard doc.tokens[t].page == page, freed.contains(Run(line: line, start: doc.tokens[t].word))
                else { break }
                let after = offset(of: doc.lineEnd[page][line])
                guard after > p else { break }
                p = after
            }
            return p
        }

        /// The run of the copy from `position` to the end of its line, on this page.
        func run(at position: Int) -> Run? {
            guard freed.count < 4, let i = Self.index(of: position, in: sentence.offsets) else { return nil }
            let t = sentence.first + i
            let line = doc.tokens[t].line
            guard doc.tokens[t].page == page, doc.lineEnd[page][line] <= sentence.end else { return nil }
            let run = Run(line: line, start: doc.tokens[t].word)
            return freed.contains(run) ? nil : run
        }

        /// The first token at a character offset of the sentence.
        static func index(of offset: Int, in offsets: ArraySlice<Int>) -> Int? {
            let lo = offsets.partitionPoint { $0 < offset }
            guard lo < offsets.count, offsets[lo] == offset else { return nil }
            return lo
        }

        /// A word with one OCR slip (one letter changed, missing or extra): the length it covers.
        static func nearMatch(_ key: ArraySlice<UInt32>, _ chars: ArraySlice<UInt32>, at p: Int) -> Int? {
            guard key.count >= 4 else { return nil }
            for length in [key.count, key.count - 1, key.count + 1] where p + length <= chars.count {
                if EditDistance.atMostOne(key[...], chars[p..<(p + length)]) { return length }
            }
            return nil
        }
    }

    // MARK: Lifting

    /// Takes the quotes' pieces out of their lines (lines left empty close up)
    /// and sets each quote beside the text, one piece a line, its words marked `liftedQuote`.
    static func lift(_ quotes: [Quote], from page: PageText) -> PageText {
        var taken: [Int: Set<Int>] = [:]
        // A glued first word is split: its first letters stay, hyphen restored, the rest goes.
        var cuts: [Int: (word: Int, body: String, quote: String)] = [:]
        for piece in quotes.flatMap(\.pieces) {
            taken[piece.line, default: []].formUnion(piece.start..<piece.end)
            if piece.glued > 0 {
                let (body, quote) = split(page.lines[piece.line].words[piece.start].text, afterKey: piece.glued)
                cuts[piece.line] = (piece.start, body + "-", quote)
                taken[piece.line]?.remove(piece.start)
            }
        }
        let height = PlainTextReader.lineHeight
        var kept: [Line] = []
        var shiftAt: [Double] = []  // upward shift of each original line
        var shift = 0.0
        var keptIndex: [Int: Int] = [:]
        for (l, original) in page.lines.enumerated() {
            shiftAt.append(shift)
            keptIndex[l] = kept.count
            let gone = taken[l] ?? []
            var line = original
            if let (w, body, _) = cuts[l] { line.words[w].text = body }
            let words = line.words.removing(indices: gone)
            if words.isEmpty {
                shift += height
                continue
            }
            let rest = words.count == line.words.count ? line : Line(words: laidOut(words, from: line.box.x0))
            kept.append(SidebarExtractor.moved(rest, dx: 0, dy: -shift))
        }
        var result = page
        let right = (kept.map(\.box.x1).max() ?? 0) + 40
        var bottom = -Double.infinity
        for quote in quotes.sorted(by: { $0.pieces[0].line < $1.pieces[0].line }) {
            defer {
                // The lines of the tail it opens follow its pieces, as one block.
                for l in quote.continues {
                    guard let k = keptIndex[l] else { continue }
                    kept[k] = SidebarExtractor.moved(kept[k], dx: right - kept[k].box.x0, dy: bottom - kept[k].box.y0)
                    bottom += height
                }
            }
            let opening = quote.pieces[0].line
            var y = max(page.lines[opening].box.y0 - shiftAt[opening], bottom + 2 * height)
            for piece in quote.pieces {
                var words = Array(page.lines[piece.line].words[piece.start..<piece.end])
                if piece.glued > 0, let (_, _, tail) = cuts[piece.line] { words[0].text = tail }
                for i in words.indices {
                    words[i].role = .liftedQuote
                    if let text = quote.respelled[piece.line]?[piece.start + i] { words[i].text = text }
                }
                let line = Line(words: laidOut(words, from: right))
                kept.append(SidebarExtractor.moved(line, dx: 0, dy: y - line.box.y0))
                y += height
            }
            bottom = y
        }
        result.lines = kept
        return result
    }

    /// A word cut after its first `count` letters and digits (what its key counts).
    static func split(_ text: String, afterKey count: Int) -> (String, String) {
        let scalars = text.unicodeScalars
        var seen = 0
        var cut = scalars.startIndex
        while cut < scalars.endIndex, seen < count {
            if Document.isKeyScalar(scalars[cut]) { seen += 1 }
            cut = scalars.index(after: cut)
        }
        return (String(scalars[..<cut]), String(scalars[cut...]))
    }

    /// Words set one after another from `x`, in the plain-text reader's metrics.
    static func laidOut(_ words: [Word], from x: Double) -> [Word] {
        var x = x
        return words.map { word in
            var word = word
            let width = Double(word.text.count) * PlainTextReader.charWidth
            word.box = Box(x0: x, y0: word.box.y0, x1: x + width, y1: word.box.y1)
            x += width + PlainTextReader.charWidth
            return word
        }
    }
}
