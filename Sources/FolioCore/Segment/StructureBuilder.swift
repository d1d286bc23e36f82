import FolioModel
import Foundation

/// The document-level segmentation: turns pages of ordered layout blocks into
/// chapters of typed blocks.
///
/// Every threshold comes from the document's own type scale: the body size is
/// the size most characters are set in, and headings, footnotes, titles and
/// pull-quotes are recognised relative to it.
struct StructureBuilder {
    var pages: [PageLayout]
    var fallbackTitle: String?

    /// Size most characters are set in.
    let bodySize: Double
    /// All text in one size (plain-text input): layout rules lean on wording instead.
    let typeless: Bool
    let dehyphenator: Dehyphenator

    /// Worker threads for the page-level parts (vocabulary, units, their text).
    let workers: Int

    init(pages: [PageLayout], fallbackTitle: String?, workers: Int = 1) {
        self.pages = pages
        self.fallbackTitle = fallbackTitle
        self.workers = workers
        // The type scale and the vocabulary: a run of pages per worker, in
        // parallel, then summed (one tally per run, not one per page, in memory).
        let runs = max(1, min(workers, pages.count))
        let perPage = parallelMap(count: runs, workers: workers) { r in
            var weight: [Double: Int] = [:]
            var vocabulary = Vocabulary()
            let run = (r * pages.count / runs)..<((r + 1) * pages.count / runs)
            for block in pages[run].flatMap(\.blocks) {
                var afterBreak = false
                for line in block.lines {
                    // Words whole on the line only: not the one broken at its end,
                    // nor the tail that a break on the line before carried over.
                    for w in line.words.dropLast().dropFirst(afterBreak ? 1 : 0) { vocabulary.add(w.text) }
                    afterBreak = line.words.last?.text.last.map { Dehyphenator.hyphens.contains($0) } ?? false
                    for w in line.words where !w.superscript {
                        weight[(w.style.size * 2).rounded() / 2, default: 0] += w.text.unicodeScalars.count
                    }
                }
            }
            return (weight, vocabulary)
        }
        var weight: [Double: Int] = [:]
        var vocabulary = Vocabulary()
        for (w, v) in perPage {
            weight.merge(w, uniquingKeysWith: +)
            vocabulary.merge(v)
        }
        bodySize = weight.max { $0.value < $1.value }?.key ?? 10
        let total = weight.values.reduce(0, +)
        typeless = total == 0 || Double(weight[bodySize] ?? 0) >= 0.995 * Double(total)
        dehyphenator = Dehyphenator(vocabulary: vocabulary)
    }

    /// Title, chapters, and (with `keepUnits`, for inspection) every unit with
    /// the kind it ended with. Consumes the builder: the pages' blocks (and
    /// their words) are let go once the units are cut.
    consuming func build(keepUnits: Bool = false) -> (title: String?, chapters: [Chapter], units: [Unit]) {
        // Page-level: units cut from each page's blocks, with their text, in parallel.
        var firstBlockID: [Int] = []
        var blockCount = 0
        for page in pages {
            firstBlockID.append(blockCount)
            blockCount += page.blocks.count
        }
        var units: [Unit]
        do {
            let builder = self
            let blockIDs = firstBlockID
            var perPage = parallelMap(count: pages.count, workers: workers) { p in
                builder.units(of: builder.pages[p], firstBlockID: blockIDs[p])
            }
            // Moved page by page: one copy of the units at a time.
            units = []
            units.reserveCapacity(perPage.reduce(0) { $0 + $1.count })
            for p in perPage.indices {
                units += perPage[p]
                perPage[p] = []
            }
        }
        let pageCount = pages.count
        pages = []
        releaseFreeMemory()
        classify(&units)
        let title = documentTitle(units)
        var chapters = ChapterFinder(bodySize: bodySize, typeless: typeless).chapters(
            &units, documentTitle: title, pageCount: pageCount)
        if !keepUnits { units = [] }
        for i in chapters.indices {
            FootnoteMarkers.recover(&chapters[i].units)
            PullQuoteFinder.confirm(&chapters[i].units, bodySize: bodySize, workers: workers)
        }
        // Levels rank the sizes of what remains a heading once titles and
        // pull-quotes are set aside.
        var all: [Unit] = []
        for i in chapters.indices { all += chapters[i].units }
        assignHeadingLevels(&all)
        var offset = 0
        for i in chapters.indices {
            let n = chapters[i].units.count
            chapters[i].units = Array(all[offset..<(offset + n)])
            offset += n
            // A smaller heading is a subsection only under a larger one: before
            // the chapter's first section heading (a recommendations box) it is a section.
            var sectionSeen = false
            for j in chapters[i].units.indices where chapters[i].units[j].kind == .heading {
                if chapters[i].units[j].level == 2 {
                    sectionSeen = true
                } else if !sectionSeen {
                    chapters[i].units[j].level = 2
                }
            }
        }
        let result = chapters.enumerated().map { index, c in
            Chapter(
                index: index + 1, title: c.title, authors: c.authors, startPage: c.startPage, endPage: c.endPage,
                blocks: blocks(from: c.units))
        }
        guard keepUnits else { return (title, result, []) }
        let inChapters = Set(chapters.flatMap(\.units).map(\.blockID))
        let outside = units.filter { !inChapters.contains($0.blockID) }
        return (title, result, chapters.flatMap(\.units) + outside)
    }

    // MARK: Units

    /// One page's units in reading order, each with its list marker or note
    /// label recognised and its text rendered.
    func units(of page: PageLayout, firstBlockID: Int) -> [Unit] {
        var units: [Unit] = []
        for (i, block) in page.blocks.enumerated() {
            var split = self.split(block, page: page)
            for j in split.indices {
                split[j].startsRegion = j == 0 && (i == 0 || block.box.y0 < page.blocks[i - 1].box.y0 - 1)
                split[j].blockID = firstBlockID + i
                prepare(&split[j])
                // Later stages read text, boxes and styles only.
                split[j].releaseWords()
            }
            units += split
        }
        return units
    }

    /// Marker, note label and text of a freshly cut unit.
    func prepare(_ unit: inout Unit) {
        let first = unit.lines[0]
        unit.hadMarker = Self.listMarker(first)
        if unit.style.size < 0.92 * bodySize, unit.box.y0 > 0.45 * unit.pageHeight,
            let label = footnoteLabel(first), !unit.hadMarker || Int(label) != nil
        {
            unit.label = label
            unit.hadMarker = false
        }
        render(&unit)
    }

    static let bullets: Set<String> = [
        "•", "◦", "▪", "●", "–", "—", "-", "*", "·", "■", "□", "➢", "✓", "►", "▸", "o", "‣", "⁃",
    ]

    /// A list marker at the start of a line: a bullet, "1." / "1)" / "(a)".
    static func listMarker(_ line: Line) -> Bool {
        guard let first = line.words.first?.text else { return false }
        if bullets.contains(first) && line.words.count > 1 { return first != "o" || line.words.count > 3 }
        if let c = first.first, "•▪●■►▸◦".contains(c), first.count > 1 { return true }
        return TextLayerReader.isNumberedMarker(first)
            && line.words.count > 1
    }

    /// Cuts a layout block into paragraphs, list items and footnotes: at list
    /// markers, first-line indents, paragraph spacing and (in justified text)
    /// short lines that end a sentence.
    func split(_ block: TextBlock, page: PageLayout) -> [Unit] {
        let lines = block.lines
        let size = max(block.style.size, 1)
        let left = lines.map(\.box.x0).min() ?? 0
        let right = lines.map(\.box.x1).max() ?? 0
        let fullLines = lines.dropLast().filter { $0.box.x1 >= right - size }.count
        let justified = lines.count >= 3 && Double(fullLines) >= 0.6 * Double(lines.count - 1)
        // Plain text is never justified, but its lines still run close to a common width.
        let raggedTolerance = 0.15 * (right - left)
        let nearlyFull = lines.dropLast().filter { $0.box.x1 >= right - raggedTolerance }.count
        let ragged = typeless && lines.count >= 3 && Double(nearlyFull) >= 0.6 * Double(lines.count - 1)
        var gaps: [Double] = []
        for i in 1..<max(1, lines.count) { gaps.append(lines[i].box.y0 - lines[i - 1].box.y1) }
        let typicalGap = gaps.sorted().dropFirst(gaps.count / 2).first ?? 0
        // Footnote labels start new notes only in small type at the foot of a page.
        let small = size < 0.92 * bodySize && block.box.y0 > 0.55 * page.height

        var units: [Unit] = []
        var current: [Line] = []
        var currentIndented = false
        func flush() {
            if !current.isEmpty {
                var u = Unit(lines: current, page: page.number, pageHeight: page.height)
                u.indented = currentIndented
                units.append(u)
            }
            current = []
            currentIndented = false
        }
        for (i, line) in lines.enumerated() {
            if i > 0 {
                let prev = lines[i - 1]
                let indent = line.box.x0 - left
                let nextAtLeft = i + 1 >= lines.count || lines[i + 1].box.x0 < left + 0.5 * size
                let firstLineIndent =
                    indent > 0.8 * size && indent < 5 * size && prev.box.x0 < left + 0.5 * size
                    && nextAtLeft && justified
                let shortEnd =
                    (justified && prev.box.x1 < right - 2 * size || ragged && prev.box.x1 < right - raggedTolerance)
                    && endsSentence(prev.text)
                // Without type sizes, a byline or a short title-case line after a
                // finished sentence stands on its own.
                let standalone: (Line) -> Bool = { l in
                    ChapterFinder.isBylineText(l.text) || (self.typeless && Self.looksLikeHeadingLine(l.text))
                }
                let wordingBreak =
                    ChapterFinder.isBylineText(line.text)
                    || typeless
                        && (standalone(line) && (endsSentence(prev.text) || standalone(prev))
                            // A heading line is followed by a new sentence, not its own continuation.
                            || standalone(prev) && line.text.first?.isLowercase != true)
                let spaced = line.box.y0 - prev.box.y1 > typicalGap + 0.35 * size
                let label = small && footnoteLabel(line) != nil
                // A list item's wrapped lines hang at its text, not at the marker.
                let inItem = current.first.map(Self.listMarker) == true
                let hanging = inItem && line.box.x0 > left + 0.5 * size
                // Text back at the marker's edge after an item with hanging lines ends the list.
                let itemHangs = current.count > 1 && current[1].box.x0 > left + 0.5 * size
                let leavesList = inItem && !hanging && (itemHangs || endsSentence(prev.text))
                if Self.listMarker(line) || leavesList || wordingBreak || (firstLineIndent && !hanging)
                    || (shortEnd && !hanging) || spaced || label
                {
                    flush()
                    currentIndented = firstLineIndent
                }
            } else {
                currentIndented = false
            }
            current.append(line)
        }
        flush()
        return units
    }

    /// "12" / "12." at the start of a footnote line, or a superscript label.
    func footnoteLabel(_ line: Line) -> String? {
        guard let first = line.words.first else { return nil }
        let t = first.text.trimming(Self.labelPunctuation)
        if first.superscript, !t.isEmpty, t.count <= 3 { return t }
        if let n = Int(t), n > 0, n < 1000, first.text.count <= 4, line.words.count > 1 { return t }
        if ["*", "†", "‡", "§"].contains(t) { return t }
        return nil
    }

    static let labelPunctuation = Set(scalarsOf: ".)]:")
    static let sentenceClosers = Set(scalarsOf: "\"'”’)] ")
    static let sentenceEnds = Set(scalarsOf: ".!?:")

    func endsSentence(_ text: String) -> Bool {
        text.lastScalar(skipping: Self.sentenceClosers).map(Self.sentenceEnds.contains) ?? false
    }

    // MARK: Text

    /// The unit's text: lines joined, line-end hyphens resolved, superscript
    /// markers moved to `refs`, a leading list marker or footnote label removed.
    static let markerPunctuation = Set(scalarsOf: ",;()[] ")
    static let numberPunctuation = Set(scalarsOf: ".)")

    func render(_ unit: inout Unit) {
        var pieces: [String] = []
        var refs: [String] = []
        var skipFirst = unit.hadMarker || unit.label != nil
        for (li, line) in unit.lines.enumerated() {
            for (wi, word) in line.words.enumerated() {
                if skipFirst {
                    skipFirst = false
                    continue
                }
                if word.superscript {
                    let marker = word.text.trimming(Self.markerPunctuation)
                    if !marker.isEmpty, marker.count <= 4 {
                        for part in marker.split(separator: ",") { refs.append(String(part)) }
                        continue
                    }
                }
                var token = word.text
                if let last = pieces.last, li > 0, wi == 0, let hyphen = last.last,
                    Dehyphenator.hyphens.contains(hyphen), last.count > 1
                {
                    pieces[pieces.count - 1] = dehyphenator.join(last, token)
                    continue
                }
                if token.hasPrefix("\u{00AD}") { token.removeFirst() }
                pieces.append(token)
            }
        }
        unit.text = pieces.joined(separator: " ")
        if unit.text.unicodeScalars.contains("\u{00AD}") {
            unit.text = unit.text.replacingOccurrences(of: "\u{00AD}", with: "")
        }
        unit.refs = refs
    }

    // MARK: Classification

    static let caption = Pattern.caption

    /// Kinds of prepared units (see `prepare`), in reading order across the document.
    func classify(_ units: inout [Unit]) {
        for i in units.indices {
            let u = units[i]
            let style = u.style
            let text = u.text
            if text.isEmpty { continue }
            if Self.caption.matches(text), u.wordCount > 1 {
                units[i].kind = .caption
            } else if u.label != nil {
                units[i].kind = .footnote
            } else if style.size < 0.92 * bodySize, i > 0, units[i - 1].kind == .footnote,
                units[i - 1].page == u.page
            {
                // A footnote's continuation lines.
                units[i].kind = .footnote
                units[i].label = "+"
            } else if u.hadMarker {
                units[i].kind = .listItem
            } else if isHeading(u, style: style) {
                units[i].kind = .heading
            }
        }
        // Footnote continuations join their note.
        var merged: [Unit] = []
        for u in units {
            if u.kind == .footnote, u.label == "+", var last = merged.last, last.kind == .footnote {
                last.absorb(u)
                merged[merged.count - 1] = last
            } else {
                merged.append(u)
            }
        }
        units = merged
        markEndnotes(&units)
        if typeless { markPageNotes(&units) }
    }

    func isHeading(_ u: Unit, style: TextStyle) -> Bool {
        guard u.lines.count <= 3, u.wordCount <= 18, u.wordCount > 0 else { return false }
        let larger = style.size >= 1.12 * bodySize
        let text = u.text
        let sentence = text.hasSuffix(".") && u.wordCount > 4
        if larger { return !sentence || u.wordCount <= 8 }
        if style.bold { return !sentence && !text.hasSuffix(",") }
        // Without weight information (OCR, plain text) a short title-case line set
        // a little larger than the body still reads as a heading.
        return u.lines.count == 1 && (style.size >= 1.05 * bodySize || typeless) && u.wordCount <= 12
            && !endsSentence(text) && Self.isTitleCase(text)
    }

    /// A short line in title case that does not end a sentence.
    static func looksLikeHeadingLine(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count >= 1, words.count <= 10, let last = text.last, !".,;".contains(last) else { return false }
        return isTitleCase(text) && text.first?.isLetter == true
    }

    static let minorWords: Set<String> = [
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "at", "by", "with", "from",
        "into", "under", "over", "vs", "vs.", "via", "as", "per", "after", "before", "between", "without",
    ]

    static func isTitleCase(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard let first = words.first?.first, first.isUppercase || first.isNumber else { return false }
        let major = words.filter { !minorWords.contains($0.lowercased()) }
        let capitalised = major.filter { $0.first?.isUppercase == true || $0.first?.isNumber == true }
        return !major.isEmpty && Double(capitalised.count) >= 0.8 * Double(major.count)
    }

    func assignHeadingLevels(_ units: inout [Unit]) {
        let sizes = Set(units.filter { $0.kind == .heading }.map { ($0.style.size * 2).rounded() / 2 }).sorted(by: >)
        for i in units.indices where units[i].kind == .heading {
            let s = (units[i].style.size * 2).rounded() / 2
            let rank = sizes.firstIndex(of: s) ?? 0
            units[i].level = min(4, 2 + rank)
        }
    }

    /// After a "Notes" / "Endnotes" heading, numbered entries are notes, not list items.
    static let citation = Pattern(
        #"\b(1[89][0-9]{2}|20[0-9]{2})\b|\bIbid\b|https?:|\bpp?\. [0-9]|\binterview\b"#, caseInsensitive: true)

    /// Plain text has no small type: numbered entries that close a page and cite
    /// a source (a year, "Ibid.", a link, an interview) are its page notes.
    func markPageNotes(_ units: inout [Unit]) {
        var i = units.count - 1
        while i >= 0 {
            let page = units[i].page
            var j = i
            while j >= 0, units[j].page == page, units[j].kind == .listItem,
                Int(units[j].firstWord.trimming(Self.numberPunctuation)) != nil,
                Self.citation.matches(units[j].text)
            {
                j -= 1
            }
            for k in stride(from: i, to: j, by: -1) {
                units[k].kind = .footnote
                units[k].label = units[k].firstWord.trimming(Self.numberPunctuation)
            }
            // Move to the last unit of the previous page.
            var k = j
            while k >= 0, units[k].page == page { k -= 1 }
            i = k
        }
    }

    /// The unit's text without its first word, when the text starts with it.
    static func droppingFirst(_ unit: Unit) -> String {
        guard unit.text.hasPrefix(unit.firstWord) else { return unit.text }
        let rest = unit.text.dropFirst(unit.firstWord.count)
        return rest.isEmpty || rest.first == " " ? String(rest.drop { $0 == " " }) : unit.text
    }

    func markEndnotes(_ units: inout [Unit]) {
        var inNotes = false
        for i in units.indices {
            if units[i].kind == .heading {
                let t = units[i].text.lowercased()
                inNotes = t == "notes" || t == "endnotes" || t == "references and notes"
                continue
            }
            guard inNotes else { continue }
            // Notes end where larger type starts (the next chapter's opener).
            if units[i].style.size > 1.05 * bodySize {
                inNotes = false
                continue
            }
            if units[i].kind == .listItem || units[i].kind == .paragraph || units[i].kind == .footnote {
                let label = units[i].firstWord.trimming(Self.numberPunctuation)
                if Int(label) != nil {
                    // The number is the note's label, not its text.
                    if !units[i].hadMarker && units[i].label == nil { units[i].text = Self.droppingFirst(units[i]) }
                    units[i].kind = .footnote
                    units[i].label = label
                    units[i].hadMarker = true
                } else if units[i].kind == .paragraph, i > 0, units[i - 1].kind == .footnote,
                    units[i - 1].page == units[i].page
                {
                    units[i].kind = .footnote
                    units[i].label = "+"
                } else {
                    // Unnumbered text on a new page: the notes are over.
                    inNotes = false
                }
            }
        }
    }

    func documentTitle(_ units: [Unit]) -> String? {
        // The largest type in the upper part of the first page (a pull-quote lower
        // down can be larger still).
        let first = units.filter { $0.page == 1 && $0.wordCount > 0 && $0.box.y0 < 0.45 * $0.pageHeight }
        let paragraphs = first.filter { $0.lines.count >= 2 && $0.style.size < 1.1 * bodySize }
        if let biggest = first.max(by: { $0.style.size < $1.style.size }), biggest.style.size >= 1.3 * bodySize,
            !paragraphs.contains(where: { $0.box.y1 <= biggest.box.y0 && $0.box.xOverlap(biggest.box) > 0 })
        {
            return biggest.text
        }
        return fallbackTitle
    }

    // MARK: Blocks

    /// Final blocks: paragraphs re-joined across columns, pages and whatever
    /// interrupted them (pull-quotes, figures, footnotes), which follow the paragraph.
    func blocks(from units: [Unit]) -> [Block] {
        var out: [Block] = []
        var openParagraph: Int?  // index in `out` of a paragraph that may continue
        var openBlockID = -1
        var held: [Block] = []  // interruptions waiting for the open paragraph to close
        func release() {
            out += held
            held = []
        }
        for u in units where !u.text.isEmpty && u.kind != .chapterMatter {
            let refs = u.refs.isEmpty ? nil : u.refs
            switch u.kind {
            case .paragraph:
                if let open = openParagraph, u.blockID != openBlockID, continues(out[open].text, u) {
                    let joined = joinAcross(out[open].text, u.text)
                    out[open].text = joined
                    if let r = refs { out[open].footnoteRefs = (out[open].footnoteRefs ?? []) + r }
                    openBlockID = u.blockID
                    continue
                }
                release()
                out.append(Block(kind: .paragraph, text: u.text, page: u.page, footnoteRefs: refs))
                openParagraph = out.count - 1
                openBlockID = u.blockID
            case .pullQuote, .caption, .footnote:
                let block = Block(
                    kind: u.kind == .pullQuote ? .pullQuote : u.kind == .caption ? .caption : .footnote,
                    text: u.text, page: u.page, label: u.kind == .footnote ? u.label : nil)
                if openParagraph != nil { held.append(block) } else { out.append(block) }
            case .heading, .listItem:
                release()
                openParagraph = nil
                out.append(
                    Block(
                        kind: u.kind == .heading ? .heading : .listItem, text: u.text, page: u.page,
                        level: u.kind == .heading ? (u.level ?? 2) : nil, footnoteRefs: refs))
            case .chapterMatter:
                break
            }
        }
        release()
        return out
    }

    /// A paragraph goes on in `next` when it stopped mid-sentence or `next` starts in lower case.
    func continues(_ text: String, _ next: Unit) -> Bool {
        guard let firstChar = next.text.first else { return false }
        if firstChar.isLowercase { return true }
        if let last = text.last, Dehyphenator.hyphens.contains(last) { return true }
        return !endsSentence(text) && !next.indented
    }

    func joinAcross(_ text: String, _ next: String) -> String {
        guard let last = text.last, Dehyphenator.hyphens.contains(last) else { return text + " " + next }
        let head = text.lastIndex(of: " ").map { String(text[text.index(after: $0)...]) } ?? text
        let tailWord = next.firstIndex(of: " ").map { String(next[..<$0]) } ?? next
        let joined = dehyphenator.join(head, tailWord)
        return String(text.dropLast(head.count)) + joined + next.dropFirst(tailWord.count)
    }
}
