import FolioModel
import Foundation
import Testing

@testable import FolioCore

@Suite("Segment")
struct SegmentTests {
    static let pullQuote = "Trust between patrols is built one shared shift at a time."

    static func twoColumn() throws -> (predicted: Document, truth: Document) {
        let predicted = try Converter().convert(file: Fixtures.path("two-column.pdf"))
        let truth = try JSONDecoder().decode(Document.self, from: Fixtures.data("two-column.truth.json"))
        return (predicted, truth)
    }

    // MARK: Units without their words

    static func word(_ text: String, x: Double, size: Double = 10, italic: Bool = false) -> Word {
        Word(text: text, box: Box(x0: x, y0: 100, x1: x + 30, y1: 110), style: TextStyle(size: size, italic: italic))
    }

    @Test func releasedUnitKeepsBoxStyleAndFirstWord() {
        let lines = [
            Line(words: [Self.word("12.", x: 50), Self.word("Ibid.,", x: 90), Self.word("p.", x: 130)]),
            Line(words: [Self.word("4.", x: 50)]),
        ]
        var unit = Unit(lines: lines, page: 3, pageHeight: 792)
        unit.text = "12. Ibid., p. 4."
        let (box, style) = (unit.box, unit.style)
        unit.releaseWords()
        #expect(unit.lines.count == 2)
        #expect(unit.lines.allSatisfy { $0.words.isEmpty })
        #expect(unit.box == box && unit.style == style)
        #expect(unit.firstWord == "12.")
        #expect(NoteFinder.droppingFirst(unit) == "Ibid., p. 4.")
        // A unit whose text no longer starts with its first word keeps its text.
        unit.text = "Ibid., p. 4."
        #expect(NoteFinder.droppingFirst(unit) == "Ibid., p. 4.")
    }

    @Test func releasedLinesStillWeighStyles() {
        // Absorbing released lines in two styles: the wider run decides.
        let wide = Line(words: (0..<6).map { Self.word("body", x: Double($0) * 40) })
        let narrow = Line(words: [Self.word("aside", x: 0, size: 14, italic: true)])
        var unit = Unit(lines: [wide], page: 1, pageHeight: 792)
        unit.releaseWords()
        var other = Unit(lines: [narrow], page: 1, pageHeight: 792)
        other.releaseWords()
        unit.absorb(other)
        #expect(unit.style == wide.style)
        #expect(unit.lines.count == 2)
    }

    // MARK: two-column.pdf

    @Test func pullQuoteIsKeptOnceAsPullQuote() throws {
        let (doc, _) = try Self.twoColumn()
        let blocks = doc.allBlocks.map(\.block)
        let quotes = blocks.filter {
            $0.kind == .pullQuote && TextMetrics.normalized($0.text) == TextMetrics.normalized(Self.pullQuote)
        }
        let inBody = blocks.filter { $0.kind.isBody && TextMetrics.occurrences(of: Self.pullQuote, in: $0.text) > 0 }
        print(
            "two-column: pull-quote blocks \(quotes.count), body blocks holding its sentence \(inBody.count), title \(doc.title ?? "nil")"
        )
        // The pull-quote is the largest type on page 1, so it is taken for the document
        // title (and the chapter title) instead of a pull-quote.
        #expect(quotes.count == 1)
        #expect(doc.title != Self.pullQuote)
        #expect(inBody.count == 1)
        #expect(inBody.first?.text.contains("the habit it created. \(Self.pullQuote) Commanders") == true)
        // Never a body paragraph that is just the quote.
        #expect(
            !blocks.contains {
                $0.kind.isBody && TextMetrics.normalized($0.text) == TextMetrics.normalized(Self.pullQuote)
            })
    }

    /// The first 30 characters of each truth paragraph, as found (or not) in the output.
    static func paragraphOrder(predicted: Document, truth: Document) -> (found: [Int], missing: Int) {
        let keys = truth.allBlocks.map(\.block).filter { $0.kind == .paragraph }.map { String($0.text.prefix(30)) }
        let body = predicted.allBlocks.map(\.block).filter { $0.kind.isBody }
        var found: [(Int, Int)] = []  // (truth index, predicted position)
        var missing = 0
        for (t, key) in keys.enumerated() {
            if let p = body.firstIndex(where: { $0.text.hasPrefix(key) }) { found.append((t, p)) } else { missing += 1 }
        }
        return (found.sorted { $0.1 < $1.1 }.map(\.0), missing)
    }

    /// Share of pairs of found paragraphs that are in truth order.
    static func pairwiseOrder(_ order: [Int]) -> Double {
        guard order.count > 1 else { return order.isEmpty ? 0 : 1 }
        var good = 0
        var total = 0
        for i in order.indices { for j in (i + 1)..<order.count { total += 1; if order[i] < order[j] { good += 1 } } }
        return Double(good) / Double(total)
    }

    @Test func readingOrderFollowsTheTruth() throws {
        let (doc, truth) = try Self.twoColumn()
        let truthCount = truth.allBlocks.filter { $0.block.kind == .paragraph }.count
        let (order, missing) = Self.paragraphOrder(predicted: doc, truth: truth)
        let pairwise = Self.pairwiseOrder(order)
        let foundShare = Double(order.count) / Double(truthCount)
        print(
            "two-column reading order: found \(order.count)/\(truthCount) paragraph starts, pairwise order \(TextMetrics.format(pairwise)), order \(order)"
        )
        // Ratchet on what the pipeline reaches today (see the report for the values).
        // Measured 7/15 found, pairwise 1.0 when written.
        #expect(foundShare >= 0.45, "found only \(order.count) of \(truthCount) paragraph starts")
        #expect(pairwise >= 0.95, "pairwise order \(pairwise)")
        #expect(missing == 0)
        #expect(order == Array(0..<truthCount))
    }

    @Test func twoColumnKeepsEveryWord() throws {
        let (doc, truth) = try Self.twoColumn()
        let predicted = doc.allBlocks.map(\.block).filter { $0.kind.isBody }.map(\.text).joined(separator: " ")
        let truthBody = truth.allBlocks.map(\.block).filter { $0.kind.isBody }.map(\.text).joined(separator: " ")
        var available: [String: Int] = [:]
        for w in TextMetrics.words(predicted) { available[w, default: 0] += 1 }
        let words = TextMetrics.words(truthBody)
        var hits = 0
        for w in words where (available[w] ?? 0) > 0 {
            available[w]! -= 1
            hits += 1
        }
        let recall = Double(hits) / Double(words.count)
        print("two-column body word recall: \(TextMetrics.format(recall))")
        #expect(recall >= 0.99, "body word recall \(recall): text was dropped")
    }

    // MARK: Bylines

    @Test(arguments: [
        ("By Ana María López and Tom Reed", ["Ana María López", "Tom Reed"]),
        ("By A. One, B. Two and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("By Jean-Luc Picard & Beverly Crusher", ["Jean-Luc Picard", "Beverly Crusher"]),
        ("BY Noémie Bélanger", ["Noémie Bélanger"]),
        ("by Ana López, Tom Reed, and Jo Park", ["Ana López", "Tom Reed", "Jo Park"]),
        ("By Joaquín Ibarra-Céspedes", ["Joaquín Ibarra-Céspedes"]),
    ])
    func authorsFromByline(byline: String, expected: [String]) {
        #expect(ChapterFinder.authors(fromByline: byline) == expected)
    }

    @Test func bylineRecognition() {
        let finder = ChapterFinder(scale: TypeScale(body: 10, typeless: false))
        func unit(_ text: String) -> FolioCore.Unit {
            var u = FolioCore.Unit(lines: [Synthetic.line(text, x: 72, y: 100, size: 10)], page: 1, pageHeight: 792)
            u.text = text
            return u
        }
        #expect(finder.isByline(unit("By Ana María López and Tom Reed")))
        #expect(finder.isByline(unit("BY Noémie Bélanger")))
        #expect(!finder.isByline(unit("by the end of the decade, rivers had changed course")))
        // A caption's second line that starts with "by" and a capitalised word.
        #expect(!finder.isByline(unit("by StackfsBase during seq-wr-4KB-1th-1f workload across")))
        #expect(finder.isByline(unit("By Ana López, director of the Water Program")))
        #expect(finder.isByline(unit("By Tomás de la Cruz & Helen R. Castellanos")))
    }

    // MARK: Synthetic pages

    /// Page 1 of a small report: a title, then a body paragraph whose sentence is repeated
    /// in a sidebar set one word per line in larger italic type.
    /// An edited collection: a contents page, a signed essay, an unsigned
    /// foreword-like chapter, a signed essay. The unsigned opener is set like the
    /// signed ones and starts its page; the contents page, in the same title
    /// type, is no chapter.
    @Test func unsignedChapterBetweenSignedOnes() {
        let body = String(repeating: "The program trained officers in three districts over two years. ", count: 6)
        func opener(_ title: String, byline: String?) -> [Line] {
            var lines = [Synthetic.line(title, x: 72, y: 80, size: 26, bold: true)]
            if let byline { lines.append(Synthetic.line(byline, x: 72, y: 130, size: 11)) }
            return lines + Synthetic.paragraph(body, x: 72, y: 170, width: 420, size: 10)
        }
        let contents =
            [Synthetic.line("Contents", x: 72, y: 80, size: 26, bold: true)]
            + [("Water at the Border", 2), ("A Note on Method", 3), ("Power Across Borders", 4)].enumerated().map {
                i, entry in Synthetic.line("\(entry.0) \(entry.1)", x: 72, y: 140 + Double(i) * 20, size: 11)
            }
        let doc = Synthetic.convert([
            contents,
            opener("Water at the Border", byline: "By Ana López and Tom Reed"),
            opener("A Note on Method", byline: nil),
            opener("Power Across Borders", byline: "By Jo Park"),
        ])
        #expect(doc.chapters.map(\.title) == ["Water at the Border", "A Note on Method", "Power Across Borders"])
        #expect(doc.chapters.map(\.authors) == [["Ana López", "Tom Reed"], [], ["Jo Park"]])
        #expect(doc.chapters.map(\.startPage) == [2, 3, 4])
        // The unsigned chapter's text is its own, not folded into its neighbour.
        #expect(doc.chapters[1].blocks.first?.text.hasPrefix("The program trained") == true)
    }

    /// Without a signed chapter to learn the opener type from, large type at
    /// the top of pages stays what it was: no chapters are guessed.
    @Test func noSignedChapterNoTypographicOpeners() {
        let body = String(repeating: "The program trained officers in three districts over two years. ", count: 6)
        let pages = ["Water at the Border", "A Note on Method"].map { title in
            [Synthetic.line(title, x: 72, y: 80, size: 26, bold: true)]
                + Synthetic.paragraph(body, x: 72, y: 170, width: 420, size: 10)
        }
        #expect(Synthetic.convert(pages).chapters.count == 1)
    }

    @Test func sidebarQuoteSetOneWordPerLine() {
        let quote = "Border delays act as a tax on small firms."
        var lines = [Synthetic.line("Customs at the Border", x: 72, y: 60, size: 20, bold: true)]
        let body = Synthetic.paragraph(
            "Delay is usually described as a cost to exporters, but the burden is shared more widely than that. "
                + quote
                + " Small operators cannot spread the cost of a lost day over many shipments, and several told us that waiting time made routes unprofitable.",
            x: 72, y: 120, width: 260, size: 10)
        lines += body
        var y = 130.0
        for word in quote.split(separator: " ") {
            lines.append(Synthetic.line(String(word), x: 400, y: y, size: 14, italic: true))
            y += 17
        }
        let doc = Synthetic.convert([lines])
        let blocks = doc.allBlocks.map(\.block)
        for b in blocks { print("sidebar: \(b.kind.rawValue) p\(b.page): \(b.text)") }
        let quotes = blocks.filter { $0.kind == .pullQuote }
        #expect(quotes.map(\.text) == [quote])
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first.map { TextMetrics.occurrences(of: quote, in: $0.text) } == 1)
        #expect(paragraphs.first?.text.hasPrefix("Delay is usually described") == true)
        #expect(paragraphs.first?.text.hasSuffix("made routes unprofitable.") == true)
        #expect(doc.title == "Customs at the Border")
    }

    /// A quote beside the body whose third line was read at another size (as OCR
    /// does when a line runs on into the column beside it): the pieces below the
    /// confirmed first part go on with the passage it repeats, and are taken back in.
    @Test func quoteCutByAMisreadLineIsWhole() {
        let quote = "Budgets that outlast electoral cycles matter more than any single summit declaration."
        let body = Synthetic.paragraph(
            "Cooperation has been announced many times and delivered far less often. " + quote
                + " The institutions that did endure were funded for five years or more, and their staff stayed.",
            x: 72, y: 120, width: 300, size: 10)
        let pieces: [(String, Double, Bool)] = [
            ("Budgets that outlast", 15, true), ("electoral cycles matter", 15, true), ("more than any", 12, false),
            ("single summit", 15, true), ("declaration.", 15, true),
        ]
        let quoteLines = pieces.enumerated().map { i, piece in
            Synthetic.line(piece.0, x: 400, y: 130 + Double(i) * 19, size: piece.1, italic: piece.2)
        }
        let title = [Synthetic.line("Promises and Budgets", x: 72, y: 60, size: 22, bold: true)]
        let doc = Synthetic.convert([title + body + quoteLines])
        let blocks = doc.allBlocks.map(\.block)
        for b in blocks { print("cut quote: \(b.kind.rawValue) p\(b.page): \(b.text)") }
        #expect(blocks.filter { $0.kind == .pullQuote }.map(\.text) == [quote])
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first.map { TextMetrics.occurrences(of: quote, in: $0.text) } == 1)
        #expect(!blocks.contains { $0.kind == .heading })
    }

    /// A full-width pull-quote that cuts a single-column paragraph mid-sentence, quoting a
    /// sentence from earlier in the paragraph: the paragraph is re-joined and the quote follows it.
    @Test func pullQuoteInterruptingAParagraphMidSentence() {
        let quote = "Regular meetings build the personal trust that formal agreements cannot supply."
        let before = Synthetic.paragraph(
            "The cities that have done better have found ways to shorten the chain of command. "
                + quote
                + " In two of our six pairs the mayors created joint councils that meet every month, and the members told us that",
            x: 72, y: 120, width: 468, size: 10)
        let quoteLines = Synthetic.paragraph(quote, x: 110, y: 200, width: 400, size: 15, italic: true)
        let after = Synthetic.paragraph(
            "the councils could not change national law, but they could decide who answered the telephone at night.",
            x: 72, y: 260, width: 468, size: 10)
        let title = [Synthetic.line("Beyond the Checkpoint", x: 72, y: 60, size: 22, bold: true)]
        let doc = Synthetic.convert([title + before + quoteLines + after])
        let blocks = doc.allBlocks.map(\.block)
        for b in blocks { print("interrupt: \(b.kind.rawValue) p\(b.page): \(b.text)") }
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first?.text.contains("the members told us that the councils could not change") == true)
        #expect(paragraphs.first.map { TextMetrics.occurrences(of: quote, in: $0.text) } == 1)
        #expect(blocks.filter { $0.kind == .pullQuote }.map(\.text) == [quote])
        #expect(blocks.map(\.kind) == [.paragraph, .pullQuote])
    }

    /// The same, but the quoted sentence itself straddles the interruption, so no single
    /// piece of the paragraph holds the quote's words.
    @Test func pullQuoteWhoseSentenceStraddlesTheInterruption() {
        let quote = "Regular meetings build the personal trust that agreements cannot supply."
        let before = Synthetic.paragraph(
            "The cities that have done better have found ways to shorten the chain of command. In two of our six pairs the mayors created joint councils that meet every month, and "
                + "the members told us that regular meetings build the personal trust that",
            x: 72, y: 120, width: 468, size: 10)
        let quoteLines = Synthetic.paragraph(quote, x: 110, y: 200, width: 400, size: 15, italic: true)
        let after = Synthetic.paragraph(
            "agreements cannot supply. The councils could not change national law, but they could decide who answered the telephone at night.",
            x: 72, y: 260, width: 468, size: 10)
        let title = [Synthetic.line("Beyond the Checkpoint", x: 72, y: 60, size: 22, bold: true)]
        let doc = Synthetic.convert([title + before + quoteLines + after])
        let blocks = doc.allBlocks.map(\.block)
        for b in blocks { print("straddle: \(b.kind.rawValue) p\(b.page): \(b.text)") }
        let body = blocks.filter { $0.kind.isBody }.map(\.text).joined(separator: " ")
        #expect(body.contains("regular meetings build the personal trust that"))
        withKnownIssue("the quote is not confirmed and is glued into the paragraph, duplicating its words") {
            #expect(blocks.filter { $0.kind == .pullQuote }.map(\.text) == [quote])
            #expect(TextMetrics.occurrences(of: "agreements cannot supply", in: body) == 1)
        }
    }

    @Test func bodySizeDrivesHeadingDetection() {
        let lines =
            [Synthetic.line("Annual Review", x: 72, y: 50, size: 24, bold: true)]
            + Synthetic.paragraph(
                String(repeating: "Body text fills the page with ordinary words. ", count: 6), x: 72, y: 100,
                width: 468, size: 10)
            + [Synthetic.line("What Routine Cooperation Looks Like", x: 72, y: 200, size: 13, bold: true)]
            + Synthetic.paragraph(
                String(repeating: "More body text follows the section heading here. ", count: 6), x: 72, y: 225,
                width: 468, size: 10)
        let doc = Synthetic.convert([lines])
        let blocks = doc.allBlocks.map(\.block)
        #expect(doc.title == "Annual Review")
        #expect(blocks.map(\.kind) == [.paragraph, .heading, .paragraph])
        #expect(blocks.first { $0.kind == .heading }?.text == "What Routine Cooperation Looks Like")
        // Levels are ranked among all heading-like units before the title is set aside
        // as chapter matter, so the first visible level is 3 here (4 in the sample report).
        #expect(blocks.first { $0.kind == .heading }?.level == 2)
    }
}

/// Small positioned-text pages built in code, run through the document stages.
enum Synthetic {
    static func line(
        _ text: String, x: Double, y: Double, size: Double, bold: Bool = false, italic: Bool = false
    ) -> Line {
        let style = TextStyle(fontName: "Synthetic", size: size, bold: bold, italic: italic)
        let charWidth = 0.5 * size
        var cursor = x
        var words: [Word] = []
        for token in text.split(separator: " ") {
            let width = Double(token.count) * charWidth
            words.append(
                Word(text: String(token), box: Box(x0: cursor, y0: y, x1: cursor + width, y1: y + size), style: style))
            cursor += width + 0.25 * size
        }
        return Line(words: words)
    }

    /// Text wrapped into ragged-right lines of at most `width` points.
    static func paragraph(
        _ text: String, x: Double, y: Double, width: Double, size: Double, italic: Bool = false
    ) -> [Line] {
        let perLine = Int(width / (0.5 * size))
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > perLine {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.enumerated().map { i, l in
            line(l, x: x, y: y + Double(i) * size * 1.2, size: size, italic: italic)
        }
    }

    static func convert(_ pages: [[Line]]) -> Document {
        let pageTexts = pages.enumerated().map { i, lines in
            PageText(number: i + 1, width: 612, height: 792, lines: lines)
        }
        return Converter().assemble(
            pages: pageTexts, source: Source(file: "synthetic.pdf", sha256: "", pageCount: pages.count),
            metadataTitle: nil)
    }
}
