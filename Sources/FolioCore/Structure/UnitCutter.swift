import FolioModel
import FolioText
import Foundation

/// Cuts a page's layout blocks into units (paragraphs, list items, notes,
/// headings to be) and renders each unit's text: lines joined, line-end
/// hyphens resolved, superscript markers moved to `refs`, a leading list
/// marker or note label removed.
struct UnitCutter: Sendable {
    let scale: TypeScale
    let dehyphenator: Dehyphenator
    /// Plain text: the text's measure, the median width of the document's lines
    /// of four words or more (0 when not known).
    var measure = 0.0

    /// The median width of the lines of four words or more on `pages`.
    static func measure(of pages: [PageLayout]) -> Double {
        var widths: [Double] = []
        for page in pages {
            for block in page.blocks {
                for line in block.lines where line.words.count >= 4 { widths.append(line.box.width) }
            }
        }
        widths.sort()
        return widths.isEmpty ? 0 : widths[widths.count / 2]
    }

    /// The units of block `i` of the page, which the document numbers `id`, in
    /// reading order, each with its list marker or note label recognised and its text rendered.
    func units(of page: PageLayout, block i: Int, id: Int) -> [Unit] {
        let block = page.blocks[i]
        var split: [Unit]
        if let rows = block.rows {
            split = [Self.table(block, rows: rows, page: page)]
        } else if block.content == .figure {
            split = [Self.lined(block.lines, kind: .figure, page: page)]
        } else if block.content == .formula {
            split = [Self.lined(block.lines, kind: .equation, page: page)]
        } else if !scale.monospaceBody, block.lines.allSatisfy(\.isMostlyMonospace) {
            // Layout never mixes fixed-width lines with others in a block.
            split = [Self.code(block.lines, page: page)]
        } else {
            split = self.split(block, page: page)
        }
        for j in split.indices {
            split[j].startsRegion = j == 0 && (i == 0 || block.box.y0 < page.blocks[i - 1].box.y0 - 1)
            split[j].blockID = id
            if !split[j].kind.keptWhole { prepare(&split[j]) }
            // Later stages read text, boxes and styles only.
            split[j].releaseWords()
        }
        return split
    }

    /// A table found on the page (`TableFinder`): one unit, its text the cells
    /// tab- and newline-separated, no list marker or note label looked for.
    static func table(_ block: TextBlock, rows: [[String]], page: PageLayout) -> Unit {
        var unit = Unit(lines: block.lines, page: page.number, pageHeight: page.height)
        unit.kind = .table
        unit.rows = rows
        unit.text = Block.table(rows: rows, page: page.number).text
        return unit
    }

    /// A figure's text (`FigureTextFinder`) or a formula: one unit of `kind`,
    /// its lines in the block's order, one a line.
    static func lined(_ lines: [Line], kind: Unit.Kind, page: PageLayout) -> Unit {
        var unit = Unit(lines: lines, page: page.number, pageHeight: page.height)
        unit.kind = kind
        unit.text = lines.map(\.text).joined(separator: "\n")
        return unit
    }

    /// A code listing: one unit, its text the lines as set (`CodeListing.text`).
    static func code(_ lines: [Line], page: PageLayout) -> Unit {
        var unit = Unit(lines: lines, page: page.number, pageHeight: page.height)
        unit.kind = .code
        unit.charWidth = CodeListing.charWidth(lines)
        unit.text = CodeListing.text(lines, charWidth: unit.charWidth)
        return unit
    }

    /// Marker, note label and text of a freshly cut unit.
    func prepare(_ unit: inout Unit) {
        let first = unit.lines[0]
        unit.hadMarker = Self.listMarker(first)
        if unit.style.size < scale.noteSize, unit.box.y0 > TypeScale.upperPart * unit.pageHeight,
            let label = Self.footnoteLabel(first), !unit.hadMarker || Int(label) != nil
        {
            unit.label = label
            unit.hadMarker = false
        }
        render(&unit)
    }

    /// A list marker at the start of a line: a bullet, "1." / "1)" / "(a)".
    static func listMarker(_ line: Line) -> Bool {
        guard let first = line.words.first?.text else { return false }
        return ListMarker.opensItem(first: first, wordCount: line.words.count)
    }

    /// Cuts a layout block into paragraphs, list items and footnotes: at list
    /// markers, first-line indents, paragraph spacing and (in justified text)
    /// short lines that end a sentence.
    func split(_ block: TextBlock, page: PageLayout) -> [Unit] {
        let typeless = scale.typeless
        let lines = block.lines
        let size = max(block.style.size, 1)
        let left = lines.map(\.box.x0).min() ?? 0
        let right = lines.map(\.box.x1).max() ?? 0
        let fullLines = lines.dropLast().filter { $0.box.x1 >= right - size }.count
        let justified = lines.count >= 3 && Double(fullLines) >= 0.6 * Double(lines.count - 1)
        // Plain text is never justified, but its lines still run close to a common
        // width. A line the extraction glued to the next runs far past it, so the
        // common width is the one most lines reach (the upper quartile), not the longest.
        let ends = lines.dropLast().map(\.box.x1).sorted()
        let commonRight = typeless && !ends.isEmpty ? ends[ends.count * 3 / 4] : right
        let raggedTolerance = 0.15 * (commonRight - left)
        // The document's measure where known: a short block's own lines (a
        // quote box and the paragraph after it) or lines the extraction glued
        // together say little about it.
        let measureWidth = measure > 0 ? measure : right - left
        let nearlyFull = lines.dropLast().filter { $0.box.x1 >= commonRight - raggedTolerance }.count
        let ragged = typeless && lines.count >= 3 && Double(nearlyFull) >= 0.6 * Double(lines.count - 1)
        var gaps: [Double] = []
        for i in 1..<max(1, lines.count) { gaps.append(lines[i].box.y0 - lines[i - 1].box.y1) }
        let typicalGap = gaps.sorted().dropFirst(gaps.count / 2).first ?? 0
        // Footnote labels start new notes only in small type at the foot of a page.
        let small = size < scale.noteSize && block.box.y0 > TypeScale.footZone * page.height

        // What the rules ask of each line's wording, asked once a line (each is asked of a line twice or more).
        let texts = lines.map(\.text)
        let endsParagraph = texts.map(SentenceEnd.paragraph)
        let byline = texts.map(TitleCase.isByline)
        // Without type sizes, a byline or a short title-case line stands on its own.
        let standalone = texts.indices.map { byline[$0] || (typeless && TitleCase.isHeadingLine(texts[$0])) }

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
                    (justified && prev.box.x1 < right - 2 * size
                        || ragged && prev.box.x1 < commonRight - raggedTolerance)
                    && endsParagraph[i - 1]
                // Without type sizes, a byline or a short title-case line after a
                // finished sentence stands on its own.
                let wordingBreak =
                    byline[i]
                    || typeless
                        && (standalone[i] && (endsParagraph[i - 1] || standalone[i - 1])
                            // A heading line is followed by a new sentence, not its own continuation:
                            // lower case goes on, and so do figures, or any word after a minor one,
                            // after a line with a word in lower case that is no minor word
                            // ("Interviews conducted in Mérida in March" / "2022 point to …",
                            // "… and São Paulo in" / "April 2023 …": sentences that open with names).
                            // Only a line that stood on its own is one: a title-case line inside
                            // a sentence (a narrow quote's `Paulo and Concepción in`) goes on.
                            || standalone[i - 1] && current.count == 1 && texts[i].first?.isLowercase != true
                                && !((texts[i].first?.isNumber == true || TitleCase.endsOnMinorWord(texts[i - 1]))
                                    && TitleCase.hasLowerCaseMajorWord(texts[i - 1])))
                // Plain text: a caption set above or below its figure and followed
                // without a blank line by the body ends at its last short line, when
                // the next line runs to the text's common width (papers and reports
                // whose figure titles the extraction joins to the next paragraph).
                let captionEnds =
                    typeless && current.first.map { Pattern.caption.matches($0.text) } == true
                    && prev.box.x1 < commonRight - raggedTolerance && line.box.x1 >= commonRight - raggedTolerance
                    && !(texts[i - 1].last.map { $0 == "," || $0 == ";" || Dehyphenator.hyphens.contains($0) } ?? false)
                // Plain text: a pull-quote or box set as a few narrow lines between
                // paragraphs, followed without a blank line by the body, ends with
                // its sentence when three narrow lines in a row end one and the next
                // line runs to the text's measure again (reports whose quote boxes
                // the extraction writes between the paragraphs).
                let narrowRunEnds =
                    typeless && i >= 3 && endsParagraph[i - 1]
                    && line.box.x1 - left >= 0.85 * measureWidth
                    && lines[(i - 3)..<i].allSatisfy { $0.box.x1 - left < 0.7 * measureWidth }
                let spaced = line.box.y0 - prev.box.y1 > typicalGap + 0.35 * size
                let label = small && Self.footnoteLabel(line) != nil
                // A list item's wrapped lines hang at its text, not at the marker.
                let inItem = current.first.map(Self.listMarker) == true
                let hanging = inItem && line.box.x0 > left + 0.5 * size
                // Text back at the marker's edge after an item with hanging lines ends the list.
                let itemHangs = current.count > 1 && current[1].box.x0 > left + 0.5 * size
                let leavesList = inItem && !hanging && (itemHangs || endsParagraph[i - 1])
                if Self.listMarker(line) || leavesList || wordingBreak || captionEnds || narrowRunEnds
                    || (firstLineIndent && !hanging)
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

    static let labelPunctuation = Set(scalarsOf: ".)]:")

    /// "12" / "12." at the start of a footnote line, or a superscript label.
    static func footnoteLabel(_ line: Line) -> String? {
        guard let first = line.words.first else { return nil }
        let t = first.text.trimming(labelPunctuation)
        if first.superscript, !t.isEmpty, t.count <= 3 { return t }
        if let n = Int(t), n > 0, n < 1000, first.text.count <= 4, line.words.count > 1 { return t }
        if ["*", "†", "‡", "§"].contains(t) { return t }
        return nil
    }

    static let markerPunctuation = Set(scalarsOf: ",;()[] ")

    /// The unit's text: lines joined, line-end hyphens resolved, superscript
    /// markers moved to `refs`, a leading list marker or footnote label removed.
    func render(_ unit: inout Unit) {
        var pieces: [String] = []
        var refs: [String] = []
        var raised: [RaisedRun] = []
        var lineStarts: [Int] = []
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
                        let labels = marker.split(separator: ",").map(String.init)
                        refs += labels
                        raised.append(RaisedRun(text: word.text, labels: labels, word: pieces.count))
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
                if wi == 0 { lineStarts.append(pieces.count) }
                pieces.append(token)
            }
        }
        unit.text = pieces.joined(separator: " ")
        if unit.text.unicodeScalars.contains("\u{00AD}") {
            unit.text = unit.text.replacingOccurrences(of: "\u{00AD}", with: "")
        }
        unit.refs = refs
        unit.raised = raised
        unit.lineStarts = lineStarts
    }
}
