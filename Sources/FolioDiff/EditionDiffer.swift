import FolioModel

/// Compares two editions of a document: chapters aligned by title, authors and
/// content; blocks matched by identity first, then by word similarity, across
/// chapters, so moves are found; what is left was added or removed.
/// `docs/diff.md` gives the rules.
public struct EditionDiffer: Sendable {
    /// Word similarity (0…1) at which two blocks anywhere in the documents are
    /// one block edited; below it they are one removed and one added.
    public var editSimilarity = 0.5
    /// The lower similarity enough for two blocks of one kind standing in the
    /// same place of one chapter (between the same unchanged neighbours).
    public var inPlaceSimilarity = 0.25
    /// The higher similarity a block edited on its way to another chapter needs:
    /// chapters written to one template share many near-identical sentences.
    public var movedSimilarity = 0.7

    public init() {}

    public func diff(old: Document, new: Document) -> EditionDiff {
        var vocabulary: [String: Int] = [:]
        let before = Side(old, vocabulary: &vocabulary)
        let after = Side(new, vocabulary: &vocabulary)
        let chapterMap = alignChapters(before, after)
        let pairs = matchBlocks(before, after, chapterMap: chapterMap)
        let matches = Self.absorbSplits(pairs, before, after)
        var report = Report(before: before, after: after, chapterMap: chapterMap)
        report.chapterChanges()
        report.blockChanges(matches)
        return EditionDiff(
            old: Edition(source: old.source.file, title: old.title),
            new: Edition(source: new.source.file, title: new.title),
            changes: report.changes, noise: report.noise)
    }

    // MARK: Chapters

    /// Old chapter index → new chapter index, one to one. A pair needs a
    /// similar title or mostly shared text; the best pairs are taken first.
    func alignChapters(_ before: Side, _ after: Side) -> [Int: Int] {
        // Shared trigrams counted through an index: linear in the text, not
        // chapters × chapters × trigrams.
        var chaptersWith: [Int: [Int]] = [:]
        for (n, nc) in after.chapters.enumerated() { for g in nc.shingles { chaptersWith[g, default: []].append(n) } }
        var candidates: [(score: Double, old: Int, new: Int)] = []
        for (o, oc) in before.chapters.enumerated() {
            var shared = [Int](repeating: 0, count: after.chapters.count)
            for g in oc.shingles { for n in chaptersWith[g] ?? [] { shared[n] += 1 } }
            for (n, nc) in after.chapters.enumerated() where oc.scope == nc.scope {
                let title = WordAlignment.similarity(oc.titleWords, nc.titleWords)
                let smaller = min(oc.shingles.count, nc.shingles.count)
                let content = smaller == 0 ? 0 : Double(shared[n]) / Double(smaller)
                let untitled = oc.titleWords.isEmpty && nc.titleWords.isEmpty && oc.scope != nil
                guard title >= 0.8 || content >= 0.5 || untitled else { continue }
                let authors = WordAlignment.similarity(oc.authorKeys, nc.authorKeys)
                candidates.append((max(title, content) + title * 0.5 + authors * 0.25, o, n))
            }
        }
        candidates.sort { ($0.score, $1.old, $1.new) > ($1.score, $0.old, $0.new) }
        var map: [Int: Int] = [:]
        var taken = Set<Int>()
        for c in candidates where map[c.old] == nil && !taken.contains(c.new) {
            map[c.old] = c.new
            taken.insert(c.new)
        }
        return map
    }

    // MARK: Blocks

    /// Matched blocks as (old item, new item).
    func matchBlocks(_ before: Side, _ after: Side, chapterMap: [Int: Int]) -> [(Int, Int)] {
        var oldPartner = [Int?](repeating: nil, count: before.items.count)
        var newPartner = [Int?](repeating: nil, count: after.items.count)
        func pair(_ o: Int, _ n: Int) {
            oldPartner[o] = n
            newPartner[n] = o
        }

        let mapped = Set(chapterMap.values)
        // A removed and an added chapter share only what their template does
        // ("Notes", "Key Recommendations"): no block moves between the two.
        func bothUnaligned(_ o: Int, _ n: Int) -> Bool {
            chapterMap[before.items[o].chapter] == nil && !mapped.contains(after.items[n].chapter)
        }
        // The same text under `keyOf`. Within the corresponding chapter first,
        // in order; elsewhere only when the text is long enough to be
        // distinctive or occurs once on each side (so "Ibid." notes of
        // different chapters are not paired).
        func pairEqual(_ keyOf: (Item) -> String) {
            let newByKey = Dictionary(
                grouping: after.items.indices.filter { newPartner[$0] == nil && !after.items[$0].words.isEmpty }
            ) { keyOf(after.items[$0]) }
            let oldByKey = Dictionary(
                grouping: before.items.indices.filter { oldPartner[$0] == nil && !before.items[$0].words.isEmpty }
            ) { keyOf(before.items[$0]) }
            for key in oldByKey.keys.sorted() {
                guard let olds = oldByKey[key], let news = newByKey[key] else { continue }
                for o in olds {
                    let target = chapterMap[before.items[o].chapter]
                    if let n = news.first(where: { newPartner[$0] == nil && after.items[$0].chapter == target }) {
                        pair(o, n)
                    }
                }
                let distinctive = before.items[olds[0]].words.count >= 6 || (olds.count == 1 && news.count == 1)
                guard distinctive else { continue }
                for (o, n) in zip(olds.filter { oldPartner[$0] == nil }, news.filter { newPartner[$0] == nil })
                where !bothUnaligned(o, n) {
                    pair(o, n)
                }
            }
        }
        // 1. The same identity; then the same letters, however the words were split.
        pairEqual(\.key)
        pairEqual { $0.words.joined() }

        // 2. Similar text. Candidates share a word pair (a word, for one-word
        // blocks); each old block weighs its best few.
        let oldLeft = before.items.indices.filter { oldPartner[$0] == nil && !before.items[$0].words.isEmpty }
        let newLeft = after.items.indices.filter { newPartner[$0] == nil && !after.items[$0].words.isEmpty }
        var index: [Int: [Int]] = [:]
        for n in newLeft { for g in Set(after.items[n].bigrams) { index[g, default: []].append(n) } }
        let oldAnchor = anchors(before, partner: oldPartner)
        let newAnchor = anchors(after, partner: newPartner)
        var candidates: [(score: Double, old: Int, new: Int)] = []
        for o in oldLeft {
            let item = before.items[o]
            var shared: [Int: Int] = [:]
            // A word pair in many blocks ("of the") says nothing about which one is the partner.
            for g in Set(item.bigrams) {
                guard let postings = index[g], postings.count <= 40 else { continue }
                for n in postings { shared[n, default: 0] += 1 }
            }
            let best = shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8)
            for (n, _) in best where !bothUnaligned(o, n) {
                let other = after.items[n]
                let similarity = WordAlignment.similarity(item.tokens, other.tokens)
                let sameChapter = chapterMap[item.chapter] == other.chapter
                let inPlace =
                    sameChapter && item.block.kind == other.block.kind
                    && oldAnchor[o].map { oldPartner[$0] } == newAnchor[n].map { Optional($0) }
                let threshold = inPlace ? inPlaceSimilarity : sameChapter ? editSimilarity : movedSimilarity
                guard similarity >= threshold else { continue }
                // Nearby and same-kind pairs win ties with distant ones.
                let score = similarity + (sameChapter ? 0.05 : 0) + (item.block.kind == other.block.kind ? 0.05 : 0)
                candidates.append((score, o, n))
            }
        }
        candidates.sort { ($0.score, $1.old, $1.new) > ($1.score, $0.old, $0.new) }
        for c in candidates where oldPartner[c.old] == nil && newPartner[c.new] == nil { pair(c.old, c.new) }

        return oldPartner.enumerated().compactMap { o, n in n.map { (o, $0) } }
    }

    /// A paragraph the extraction split in one edition and not in the other:
    /// an unmatched block next to a matched one joins that match when the
    /// partner holds its words beyond those already matched (the joined text
    /// is then compared as one).
    static func absorbSplits(_ pairs: [(Int, Int)], _ before: Side, _ after: Side) -> [Match] {
        var matches = pairs.sorted { $0.0 < $1.0 }.map { Match(old: [$0.0], new: [$0.1]) }
        var oldOwner: [Int: Int] = [:]
        var newOwner: [Int: Int] = [:]
        for (m, match) in matches.enumerated() {
            oldOwner[match.old[0]] = m
            newOwner[match.new[0]] = m
        }
        /// Whether any block joined a match.
        func absorb(_ side: Side, _ other: Side, owner: inout [Int: Int], isOld: Bool) -> Bool {
            var changed = true
            var any = false
            while changed {
                changed = false
                for i in side.items.indices where owner[i] == nil && !side.items[i].words.isEmpty {
                    // The nearest blocks either side, past a note or quote set between.
                    let near = [i - 1, i + 1, i - 2, i + 2, i - 3, i + 3]
                    for neighbour in near where side.items.indices.contains(neighbour) {
                        guard let m = owner[neighbour], side.items[neighbour].chapter == side.items[i].chapter
                        else { continue }
                        // Pull quotes and captions float beside the text: pieces of their own kind only.
                        let kind = side.items[i].block.kind
                        if [.pullQuote, .caption].contains(kind) && side.items[neighbour].block.kind != kind {
                            continue
                        }
                        let mine = isOld ? matches[m].old : matches[m].new
                        let theirs = isOld ? matches[m].new : matches[m].old
                        let partnerWords = theirs.flatMap { other.items[$0].tokens }
                        let words = side.items[i].tokens
                        let held = WordAlignment.commonLength(words, partnerWords)
                        // An OCR'd block may also carry debris the other side lacks.
                        let share = side.items[i].ocr ? 0.5 : 0.8
                        guard Double(held) >= share * Double(words.count) else { continue }
                        // And the partner has words its present match does not explain, as
                        // many as this block: in any order (a note read into mid-paragraph).
                        let explained = WordAlignment.commonLength(mine.flatMap { side.items[$0].tokens }, partnerWords)
                        guard Double(partnerWords.count - explained) >= 0.8 * Double(held) else { continue }
                        let joined = (mine + [i]).sorted()
                        if isOld { matches[m].old = joined } else { matches[m].new = joined }
                        owner[i] = m
                        changed = true
                        any = true
                        break
                    }
                }
            }
            return any
        }
        // A piece joining one side can make the other side's pieces fit: until nothing moves.
        var moving = true
        while moving {
            let oldJoined = absorb(before, after, owner: &oldOwner, isOld: true)
            let newJoined = absorb(after, before, owner: &newOwner, isOld: false)
            moving = oldJoined || newJoined
        }
        return matches
    }

    /// For each item, the nearest earlier item of its chapter that has a
    /// partner (nil at the chapter's start): where the item stands.
    private func anchors(_ side: Side, partner: [Int?]) -> [Int?] {
        var result = [Int?](repeating: nil, count: side.items.count)
        var last: Int?
        var chapter = -1
        for (i, item) in side.items.enumerated() {
            if item.chapter != chapter {
                chapter = item.chapter
                last = nil
            }
            result[i] = last
            if partner[i] != nil { last = i }
        }
        return result
    }
}

/// Blocks of the old edition that are blocks of the new one: usually one
/// each; more when the extraction split a paragraph in one edition only.
struct Match {
    var old: [Int]
    var new: [Int]
}

// MARK: - One edition, prepared

/// A block with its chapter and its comparison words.
struct Item {
    let chapter: Int
    let block: Block
    let id: String
    let words: [String]
    /// The words as numbers (one vocabulary for both editions): compared fast.
    let tokens: [Int]
    let key: String
    let bigrams: [Int]
    let ocr: Bool
    /// Back matter inside the last chapter (from a "Contributors" heading on).
    let scope: ChangeScope?
}

struct ChapterInfo {
    let chapter: Chapter
    let id: String
    let titleWords: [String]
    let authorKeys: [String]
    let shingles: Set<Int>
    let scope: ChangeScope?
    let ocr: Bool
}

struct Side {
    let chapters: [ChapterInfo]
    let items: [Item]
    /// Read from extracted text: note markers may be left in it.
    let textMode: Bool

    init(_ document: Document, vocabulary: inout [String: Int]) {
        // Ids read from Folio JSON are kept; a document without them gets them.
        let identified = document.chapters.allSatisfy { $0.id != nil && $0.blocks.allSatisfy { $0.id != nil } }
        let document = identified ? document : document.withIdentities()
        textMode = document.source.file.lowercased().hasSuffix(".txt")
        let ocrPages = Set(document.pages.filter { $0.method == .ocr }.map(\.number))
        var items: [Item] = []
        var chapters: [ChapterInfo] = []
        let scopes = Side.scopes(document.chapters)
        for (c, chapter) in document.chapters.enumerated() {
            var shingles = Set<Int>()
            // The last chapter runs on into the contributors or references when
            // the segmentation found no chapter for them: from their heading on,
            // its blocks are back matter.
            var inBackMatter = false
            for block in chapter.blocks {
                let words = EditionText.words(of: block.text)
                let letters = words.joined()
                if c == document.chapters.count - 1, !inBackMatter, block.kind == .heading || block.kind == .paragraph,
                    letters.count <= 30, Side.backMatterWords.contains(where: letters.hasSuffix)
                {
                    inBackMatter = true
                }
                let tokens = words.map { word in
                    if let known = vocabulary[word] { return known }
                    vocabulary[word] = vocabulary.count
                    return vocabulary.count - 1
                }
                let bigrams =
                    tokens.count < 2 ? tokens : (1..<tokens.count).map { tokens[$0 - 1] &* 1_000_003 &+ tokens[$0] }
                if tokens.count >= 3 {
                    for i in 2..<tokens.count {
                        shingles.insert((tokens[i - 2] &* 1_000_003 &+ tokens[i - 1]) &* 1_000_003 &+ tokens[i])
                    }
                }
                items.append(
                    Item(
                        chapter: c, block: block, id: block.id ?? "", words: words, tokens: tokens,
                        key: words.joined(separator: " "),
                        bigrams: bigrams, ocr: ocrPages.contains(block.page), scope: inBackMatter ? .backMatter : nil))
            }
            chapters.append(
                ChapterInfo(
                    chapter: chapter, id: chapter.id ?? "", titleWords: EditionText.words(of: chapter.title ?? ""),
                    authorKeys: chapter.authors.map { EditionText.key(of: $0) }.sorted(), shingles: shingles,
                    scope: scopes[c], ocr: chapter.startPage.map { ocrPages.contains($0) } ?? false))
        }
        self.chapters = chapters
        self.items = items
    }

    /// Front matter is an untitled chapter 0 (cover, contents); back matter is
    /// a trailing run of chapters whose titles name end matter.
    static func scopes(_ chapters: [Chapter]) -> [ChangeScope?] {
        var scopes = chapters.map { $0.index == 0 ? ChangeScope.frontMatter : nil }
        for c in chapters.indices.reversed() {
            let words = EditionText.words(of: chapters[c].title ?? "")
            guard !words.isEmpty, words.count <= 4, words.contains(where: backMatterWords.contains) else { break }
            scopes[c] = .backMatter
        }
        return scopes
    }

    static let backMatterWords: Set<String> = [
        "contributors", "authors", "bibliography", "references", "index", "errata", "glossary", "acronyms",
        "abbreviations",
    ]
}
