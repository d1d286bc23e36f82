import FolioModel
import Foundation

/// Turns aligned chapters and matched blocks into changes and noise.
struct Report {
    let before: Side
    let after: Side
    let chapterMap: [Int: Int]
    var changes: [Change] = []
    var noise: [Change] = []

    init(before: Side, after: Side, chapterMap: [Int: Int]) {
        self.before = before
        self.after = after
        self.chapterMap = chapterMap
    }

    // MARK: Chapters

    mutating func chapterChanges() {
        let mapped = Set(chapterMap.values)
        for (o, oc) in before.chapters.enumerated() {
            guard let n = chapterMap[o] else {
                changes.append(chapterChange(.chapterRemoved, old: oc, new: nil))
                continue
            }
            let nc = after.chapters[n]
            let ocr = oc.ocr || nc.ocr
            if oc.titleWords != nc.titleWords {
                record(
                    chapterChange(.chapterRetitled, old: oc, new: nc),
                    // A title one extraction found and the other did not is not a new title.
                    noise: oc.titleWords.isEmpty || nc.titleWords.isEmpty
                        ? .noWords : Self.noiseReason(oc.titleWords, nc.titleWords, ocr: ocr))
            }
            if oc.authorKeys != nc.authorKeys {
                var change = chapterChange(.authorsChanged, old: oc, new: nc)
                change.oldAuthors = oc.chapter.authors
                change.newAuthors = nc.chapter.authors
                let joinedOld = oc.authorKeys.flatMap { $0.split(separator: " ").map(String.init) }
                let joinedNew = nc.authorKeys.flatMap { $0.split(separator: " ").map(String.init) }
                record(change, noise: Self.noiseReason(joinedOld, joinedNew, ocr: ocr))
            }
        }
        for (n, nc) in after.chapters.enumerated() where !mapped.contains(n) {
            changes.append(chapterChange(.chapterAdded, old: nil, new: nc))
        }
    }

    private func chapterChange(_ type: ChangeType, old: ChapterInfo?, new: ChapterInfo?) -> Change {
        var change = Change(type: type)
        change.scope = old?.scope ?? new?.scope
        change.oldChapter = old?.chapter.title
        change.newChapter = new?.chapter.title
        change.oldID = old?.id
        change.newID = new?.id
        change.oldPage = old?.chapter.startPage
        change.newPage = new?.chapter.startPage
        return change
    }

    // MARK: Blocks

    mutating func blockChanges(_ matches: [Match]) {
        let pairs = matches.map { ($0.old[0], $0.new[0]) }
        let moved = movedPairs(pairs)
        let oldPartnered = Set(matches.flatMap(\.old))
        let newPartnered = Set(matches.flatMap(\.new))
        // Each change is placed by where its block stands, so the list reads in document order.
        var placed: [(order: Int, change: Change, reason: NoiseReason?)] = []
        for match in matches {
            let ocr = (match.old.map { before.items[$0].ocr } + match.new.map { after.items[$0].ocr }).contains(true)
            let parts = Self.parts(of: match, before, after)
            var changed = false
            for part in parts {
                // A block compared whole already has its words.
                let whole = parts.count == 1 && match.old.count == 1 && match.new.count == 1
                let oldWords = whole ? before.items[part.old].words : EditionText.words(of: part.oldText)
                let newWords = whole ? after.items[part.new].words : EditionText.words(of: part.newText)
                var change = blockChange(.blockEdited, old: part.old, new: part.new)
                change.oldText = part.oldText
                change.newText = part.newText
                if moved.contains(match.old[0]) {
                    change.type = .blockMoved
                    if oldWords != newWords { change.words = wordChanges(part.oldText, part.newText) }
                    placed.append((part.new * 2 + 1, change, nil))
                    changed = true
                } else if oldWords != newWords {
                    change.words = wordChanges(part.oldText, part.newText)
                    let reason = Self.noiseReason(
                        oldWords, newWords, ocr: ocr, markers: ocr || before.textMode || after.textMode)
                    placed.append((part.new * 2 + 1, change, reason))
                    changed = true
                }
            }
            if !changed && (match.old.count > 1 || match.new.count > 1) {
                var change = blockChange(.blockEdited, old: match.old[0], new: match.new[0])
                change.oldText = match.old.map { before.items[$0].block.text }.joined(separator: " ")
                change.newText = match.new.map { after.items[$0].block.text }.joined(separator: " ")
                placed.append((match.new[0] * 2 + 1, change, .blockSplit))
            }
        }
        let newOrderOfOld = oldPositionsInNewOrder(matches)
        let oldKeyCounts = Dictionary(before.items.map { ($0.key, 1) }, uniquingKeysWith: +)
        let newKeyCounts = Dictionary(after.items.map { ($0.key, 1) }, uniquingKeysWith: +)
        for (o, a) in before.items.enumerated() where !oldPartnered.contains(o) {
            // The blocks of a removed chapter go with it.
            guard chapterMap[a.chapter] != nil || a.words.isEmpty else { continue }
            let change = blockChange(.blockRemoved, old: o, new: nil)
            let others =
                !a.ocr
                ? []
                : after.items.indices.filter {
                    newPartnered.contains($0) && after.items[$0].chapter == chapterMap[a.chapter]
                }
            let reason =
                isFurniture(a, in: oldKeyCounts, absentFrom: newKeyCounts)
                ? .pageFurniture : Self.unmatchedNoise(a, others.map { after.items[$0] })
            placed.append((newOrderOfOld[o] * 2, change, reason))
        }
        let mapped = Set(chapterMap.values)
        for (n, b) in after.items.enumerated() where !newPartnered.contains(n) {
            guard mapped.contains(b.chapter) || b.words.isEmpty else { continue }
            let change = blockChange(.blockAdded, old: nil, new: n)
            let others =
                !b.ocr
                ? []
                : before.items.indices.filter {
                    oldPartnered.contains($0) && chapterMap[before.items[$0].chapter] == b.chapter
                }
            let reason =
                isFurniture(b, in: newKeyCounts, absentFrom: oldKeyCounts)
                ? .pageFurniture : Self.unmatchedNoise(b, others.map { before.items[$0] })
            placed.append((n * 2 + 1, change, reason))
        }
        Self.findQuotesReadIntoText(&placed)
        for entry in placed.sorted(by: { $0.order < $1.order }) { record(entry.change, noise: entry.reason) }
    }

    /// A pull quote one extraction set apart and the other read into the
    /// running text (text mode, a scan's layout): the quote has no partner, and
    /// its words are what the paragraph gained. Both are then noise, unless
    /// the paragraph changed in other ways too.
    static func findQuotesReadIntoText(_ placed: inout [(order: Int, change: Change, reason: NoiseReason?)]) {
        for q in placed.indices where placed[q].reason == nil && placed[q].change.kind == .pullQuote {
            let quote = placed[q].change
            let quoteIsOld: Bool
            switch quote.type {
            case .blockRemoved: quoteIsOld = true
            case .blockAdded: quoteIsOld = false
            default: continue
            }
            let quoteWords = EditionText.words(of: (quoteIsOld ? quote.oldText : quote.newText) ?? "")
            guard quoteWords.count >= 4 else { continue }
            for e in placed.indices where placed[e].reason == nil && placed[e].change.type == .blockEdited {
                let edit = placed[e].change
                guard edit.oldChapter == quote.oldChapter, edit.newChapter == quote.newChapter else { continue }
                let oldWords = EditionText.words(of: edit.oldText ?? "")
                let newWords = EditionText.words(of: edit.newText ?? "")
                // The words the paragraph gained (on the quote's other side), and
                // the quote found among them: a paragraph quoting itself keeps its sentence.
                let holder = quoteIsOld ? newWords : oldWords
                let gained = WordAlignment.steps(oldWords, newWords).compactMap { step -> Int? in
                    switch step {
                    case .insert(let j) where quoteIsOld: j
                    case .delete(let i) where !quoteIsOld: i
                    default: nil
                    }
                }
                let held = Set(
                    WordAlignment.steps(quoteWords, gained.map { holder[$0] }).compactMap { step -> Int? in
                        if case .equal(_, let k) = step { gained[k] } else { nil }
                    })
                guard Double(held.count) >= 0.8 * Double(quoteWords.count) else { continue }
                let rest = holder.enumerated().filter { !held.contains($0.offset) }.map(\.element)
                // The paragraph, less the quote, must be what it was: letter for letter
                // (the quote may have cut a word in two), or but for slips and markers.
                let (a, b) = quoteIsOld ? (oldWords, rest) : (rest, newWords)
                let (plain, quoted) = quoteIsOld ? (oldWords, newWords) : (newWords, oldWords)
                let interleaved = isInterleaving(
                    Array(quoted.joined()), of: Array(plain.joined()), and: Array(quoteWords.joined()))
                guard interleaved || a == b || noiseReason(a, b, ocr: true, markers: true) != nil else { continue }
                placed[q].reason = .quoteInText
                placed[e].reason = .quoteInText
                break
            }
        }
    }

    private mutating func record(_ change: Change, noise reason: NoiseReason?) {
        guard let reason else {
            changes.append(change)
            return
        }
        var entry = change
        entry.reason = reason
        noise.append(entry)
    }

    private func blockChange(_ type: ChangeType, old o: Int?, new n: Int?) -> Change {
        var change = Change(type: type)
        let a = o.map { before.items[$0] }
        let b = n.map { after.items[$0] }
        change.kind = (a ?? b)?.block.kind
        let oldChapter = a?.chapter ?? b.flatMap { n in chapterMap.first { $0.value == n.chapter }?.key }
        let newChapter = b?.chapter ?? a.flatMap { chapterMap[$0.chapter] }
        change.scope =
            a?.scope ?? b?.scope ?? (oldChapter.flatMap { before.chapters[$0].scope })
            ?? newChapter.flatMap { after.chapters[$0].scope }
        change.oldChapter = oldChapter.flatMap { before.chapters[$0].chapter.title }
        change.newChapter = newChapter.flatMap { after.chapters[$0].chapter.title }
        change.oldText = a?.block.text
        change.newText = b?.block.text
        change.oldID = a?.id
        change.newID = b?.id
        change.oldPage = a?.block.page
        change.newPage = b?.block.page
        return change
    }

    /// One block against the blocks the other edition split it into is
    /// compared block by block: the single side's words are shared out by the
    /// word alignment (inserted words go with the block before them), so an
    /// edit is reported against the paragraph it was made in.
    static func parts(of match: Match, _ before: Side, _ after: Side) -> [(
        old: Int, new: Int, oldText: String, newText: String
    )] {
        let oldTexts = match.old.map { before.items[$0].block.text }
        let newTexts = match.new.map { after.items[$0].block.text }
        guard match.old.count != match.new.count, match.old.count == 1 || match.new.count == 1 else {
            return [(match.old[0], match.new[0], oldTexts.joined(separator: " "), newTexts.joined(separator: " "))]
        }
        let splitIsOld = match.old.count > 1
        let pieces = splitIsOld ? oldTexts : newTexts
        // A piece that does not start a sentence continues its paragraph: the
        // extraction split one paragraph, and it is compared whole.
        guard zip(pieces, pieces.dropFirst()).allSatisfy({ Self.endsSentence($0) && Self.startsSentence($1) }) else {
            return [(match.old[0], match.new[0], oldTexts.joined(separator: " "), newTexts.joined(separator: " "))]
        }
        let whole = (splitIsOld ? newTexts[0] : oldTexts[0]).split(whereSeparator: \.isWhitespace).map(String.init)
        var pieceTokens: [String] = []
        var pieceOf: [Int] = []
        for (k, text) in pieces.enumerated() {
            let tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
            pieceTokens += tokens
            pieceOf += Array(repeating: k, count: tokens.count)
        }
        var shares = Array(repeating: [String](), count: pieces.count)
        var current = 0
        for step in WordAlignment.steps(pieceTokens.map(EditionText.key(of:)), whole.map(EditionText.key(of:))) {
            switch step {
            case .equal(let i, let j):
                current = pieceOf[i]
                shares[current].append(whole[j])
            case .delete(let i): current = pieceOf[i]
            case .insert(let j): shares[current].append(whole[j])
            }
        }
        return pieces.indices.map { k in
            let share = shares[k].joined(separator: " ")
            return splitIsOld
                ? (match.old[k], match.new[0], pieces[k], share) : (match.old[0], match.new[k], share, pieces[k])
        }
    }

    static func endsSentence(_ text: String) -> Bool {
        let trimmed = text.reversed().drop { $0.isWhitespace || "\"”’')]".contains($0) }
        return trimmed.first.map { ".!?:".contains($0) } ?? false
    }

    /// Starts with a capitalised word or a number. A word in capitals
    /// ("INTRODUCTION") is more likely a running header read into the text.
    static func startsSentence(_ text: String) -> Bool {
        let word = text.split(whereSeparator: \.isWhitespace).first.map {
            $0.drop { "\"“‘'([".contains($0) }.prefix { $0.isLetter || $0.isNumber }
        }
        guard let word, let first = word.first else { return false }
        if first.isNumber { return true }
        return first.isUppercase && (word.count == 1 || word.dropFirst().contains(where: \.isLowercase))
    }

    /// For each old item, a position in the new edition's order: its partner's,
    /// or just after the partner of the nearest earlier matched item.
    private func oldPositionsInNewOrder(_ matches: [Match]) -> [Int] {
        var partner: [Int: Int] = [:]
        for match in matches { for o in match.old { partner[o] = match.new[0] } }
        var result = [Int](repeating: 0, count: before.items.count)
        var last = 0
        for o in before.items.indices {
            if let n = partner[o] { last = n }
            result[o] = last
        }
        return result
    }

    /// Old items whose block moved: into a chapter other than the one its
    /// chapter became, or out of order within the chapter (not on the longest
    /// run of matched blocks that kept their order). Body text and notes are
    /// ordered apart; pull quotes and captions float with the layout, so only
    /// a change of chapter moves them.
    func movedPairs(_ pairs: [(Int, Int)]) -> Set<Int> {
        var moved = Set<Int>()
        var streams: [[Int]: [(old: Int, new: Int)]] = [:]
        for (o, n) in pairs {
            let a = before.items[o]
            let b = after.items[n]
            guard chapterMap[a.chapter] == b.chapter else {
                moved.insert(o)
                continue
            }
            let stream: Int
            switch a.block.kind {
            case .heading, .paragraph, .listItem: stream = 0
            case .footnote: stream = 1
            default: continue  // pull-quotes, captions and kinds not known here float
            }
            streams[[a.chapter, stream], default: []].append((o, n))
        }
        for (_, members) in streams {
            let ordered = members.sorted { $0.old < $1.old }
            let kept = WordAlignment.longestIncreasing(ordered.map(\.new))
            for (i, m) in ordered.enumerated() where !kept.contains(i) { moved.insert(m.old) }
        }
        return moved
    }

    // MARK: Noise

    /// Why the difference between two word lists is not a change, or nil when
    /// it is one. Words split or joined differently are never a change; small
    /// letter slips inside words are not when either side was OCR'd.
    static func noiseReason(_ a: [String], _ b: [String], ocr: Bool, markers: Bool = false) -> NoiseReason? {
        let runs = WordAlignment.changedRuns(WordAlignment.steps(a, b))
        guard !runs.isEmpty else { return .wordSplit }
        var reasons = Set<NoiseReason>()
        for run in runs {
            let deleted = run.deleted.map { a[$0] }
            let inserted = run.inserted.map { b[$0] }
            if deleted.joined() == inserted.joined() {
                reasons.insert(.wordSplit)
            } else if markers && isNoteMarker(deleted: deleted, inserted: inserted) {
                reasons.insert(.noteMarkers)
            } else if ocr && isOCRSlip(deleted: deleted, inserted: inserted) {
                reasons.insert(.ocrSlips)
            } else {
                return nil
            }
        }
        return [NoiseReason.ocrSlips, .noteMarkers, .wordSplit].first(where: reasons.contains)
    }

    /// A note marker the extraction left in the text, alone ("… Affairs. 5 The …")
    /// or glued to a word ("Affairs5"): markers are never text.
    static func isNoteMarker(deleted: [String], inserted: [String]) -> Bool {
        func isLabel(_ word: String) -> Bool { word.count <= 3 && word.allSatisfy(\.isNumber) }
        if deleted.isEmpty || inserted.isEmpty { return (deleted + inserted).allSatisfy(isLabel) }
        guard deleted.count == 1, inserted.count == 1 else { return false }
        let (short, long) = deleted[0].count < inserted[0].count ? (deleted[0], inserted[0]) : (inserted[0], deleted[0])
        return long.hasPrefix(short) && isLabel(String(long.dropFirst(short.count)))
    }

    /// Whether `whole` is `first` and `second` shuffled together, each in its
    /// own order (the classic interleaving table, one row at a time).
    static func isInterleaving(_ whole: [Character], of first: [Character], and second: [Character]) -> Bool {
        guard whole.count == first.count + second.count else { return false }
        // row[j]: whole's first i + j characters interleave first's i and second's j.
        var row = [Bool](repeating: false, count: second.count + 1)
        row[0] = true
        for j in 0..<second.count { row[j + 1] = row[j] && second[j] == whole[j] }
        for i in 0..<first.count {
            row[0] = row[0] && first[i] == whole[i]
            for j in 0..<second.count {
                let c = whole[i + j + 1]
                row[j + 1] = (row[j + 1] && first[i] == c) || (row[j] && second[j] == c)
            }
        }
        return row[second.count]
    }

    /// A short heading or line repeated in one edition and absent from the
    /// other: a running header or footer one extraction kept, not new text.
    func isFurniture(_ item: Item, in counts: [String: Int], absentFrom other: [String: Int]) -> Bool {
        [.heading, .paragraph].contains(item.block.kind) && !item.words.isEmpty && item.words.count <= 8
            && (counts[item.key] ?? 0) >= 2 && other[item.key] == nil
    }

    /// Why a block with no partner is not an addition or removal, or nil when
    /// it is one: no words at all, or, on an OCR'd page, a short fragment, a
    /// run of mostly one- and two-letter debris (a chart's labels, a pull
    /// quote the page layout broke up), or a piece of a block of the other
    /// edition that already has its partner (`matchedOthers`, same chapter).
    /// Pull quotes are exempt from the last test: a new quote repeats its
    /// paragraph by design.
    static func unmatchedNoise(_ item: Item, _ matchedOthers: [Item]) -> NoiseReason? {
        if item.words.isEmpty { return .noWords }
        guard item.ocr else { return nil }
        let debris = item.words.count { $0.count <= 2 }
        if item.words.count <= 6 || debris * 2 > item.words.count { return .ocrFragment }
        guard item.block.kind != .pullQuote else { return nil }
        let piece = matchedOthers.contains {
            Double(WordAlignment.commonLength(item.tokens, $0.tokens)) >= 0.7 * Double(item.tokens.count)
        }
        return piece ? .ocrFragment : nil
    }

    /// A few letters misread in a longer stretch, or stray marks read as one-
    /// and two-letter words. Numbers never: a changed figure is an edit.
    /// Accented letters are what OCR misreads most (Núñez as Nuñez, Nihez):
    /// each one in the stretch allows one more slip, letters compared without
    /// their accents, and "rn" read for "m" counts as one.
    static func isOCRSlip(deleted: [String], inserted: [String]) -> Bool {
        if (deleted + inserted).contains(where: { $0.contains(where: \.isNumber) }) { return false }
        // Marks read as short non-words ("F I Ss" beside a line) are debris, and
        // so is a run of short tokens around them; a lone "a" or "of" is a word.
        let all = deleted + inserted
        if deleted.isEmpty || inserted.isEmpty, all.allSatisfy({ $0.count <= 2 }), all.contains(where: isDebris) {
            return true
        }
        let keptDeleted = deleted.filter { !isDebris($0) }
        let keptInserted = inserted.filter { !isDebris($0) }
        if keptDeleted.isEmpty && keptInserted.isEmpty { return true }
        let x = keptDeleted.joined()
        let y = keptInserted.joined()
        let length = min(x.count, y.count)
        guard length >= 3, abs(keptDeleted.count - keptInserted.count) <= 1 else { return false }
        let accented = max(x.unicodeScalars.count { !$0.isASCII }, y.unicodeScalars.count { !$0.isASCII })
        return WordAlignment.editDistance(ocrFolded(x), ocrFolded(y)) <= max(1, length / 6) + accented
    }

    /// A token of one or two letters that is not an English word.
    static func isDebris(_ word: String) -> Bool { word.count <= 2 && !shortWords.contains(word) }

    static let shortWords: Set<String> = [
        "a", "i", "o", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
        "of", "on", "or", "so", "to", "up", "us", "we",
    ]

    /// Letters without accents, "rn" as "m", "fi" as "n", "ii" as "u" (OCR's
    /// common confusions, the last two for ñ and ú).
    static func ocrFolded(_ word: String) -> String {
        let bare = String(
            String.UnicodeScalarView(
                word.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                    $0.properties.generalCategory != .nonspacingMark
                }))
        // ñ read as "fi", ú as "ii": folded alike on both sides, equal words stay equal.
        return bare.replacingOccurrences(of: "rn", with: "m").replacingOccurrences(of: "fi", with: "n")
            .replacingOccurrences(of: "ii", with: "u")
    }

    // MARK: Words

    /// The word-level difference of two texts, in runs.
    func wordChanges(_ old: String, _ new: String) -> [WordChange] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        let steps = WordAlignment.steps(a.map(EditionText.key(of:)), b.map(EditionText.key(of:)))
        var runs: [WordChange] = []
        func add(_ op: WordChange.Operation, _ word: String) {
            if let last = runs.last, last.op == op {
                runs[runs.count - 1].text += " " + word
            } else {
                runs.append(WordChange(op: op, text: word))
            }
        }
        for step in steps {
            switch step {
            case .equal(_, let j): add(.equal, b[j])
            case .delete(let i): add(.delete, a[i])
            case .insert(let j): add(.insert, b[j])
            }
        }
        return runs
    }
}
