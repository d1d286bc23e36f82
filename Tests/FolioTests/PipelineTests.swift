import FolioModel
import FolioText
import Foundation
import PopplerKit
import TesseractKit
import Testing

@testable import FolioCore

/// The pipeline as a whole (its order, its documentation, its entry points)
/// and each stage alone on a small input made for it.
@Suite("Pipeline")
struct PipelineTests {
    // MARK: The order, in one place

    /// The stage table of `docs/architecture.md`: (name, pipelines) per row, in order.
    static func documentedStages() throws -> [(name: String, pipelines: Set<String>)] {
        let doc = try String(
            contentsOf: Repo.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let begin = try #require(doc.range(of: "<!-- stages:begin -->"))
        let end = try #require(doc.range(of: "<!-- stages:end -->"))
        return doc[begin.upperBound..<end.lowerBound].split(separator: "\n").compactMap { row in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[0].hasPrefix("`") else { return nil }
            let pipelines = Set(cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            return (cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), pipelines)
        }
    }

    @Test func architectureListsTheStagesThePipelinesRun() throws {
        let rows = try Self.documentedStages()
        #expect(!rows.isEmpty)
        for (label, pipeline) in [("pdf", Pipeline.pdf), ("text", Pipeline.text)] {
            let documented = rows.filter { $0.pipelines.contains(label) }.map(\.name)
            #expect(documented == pipeline.stageNames, "the \(label) pipeline's stages in docs/architecture.md")
        }
    }

    @Test func everyStageReportsItsTime() throws {
        let collected = Collected()
        let doc = try Converter().convert(file: try Fixtures.path("two-page.pdf"), stages: { collected.add($0) })
        #expect(doc.chapters.count >= 1)
        // Reading first, then the page stages (summed), then the document stages in order.
        #expect(Set(collected.names) == Set(Pipeline.pdf.stageNames))
        #expect(collected.names.filter { $0 != "unicode" } == Pipeline.pdf.stageNames.filter { $0 != "unicode" })
        #expect(collected.timings.allSatisfy { $0.seconds >= 0 })
        #expect(collected.timings.first { $0.name == "unicode" }?.perPage == true)
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var timings: [StageTiming] = []
        var names: [String] { lock.withLock { timings.map(\.name) } }
        func add(_ t: StageTiming) { lock.withLock { timings.append(t) } }
    }

    // MARK: Documents held in memory

    @Test func aPDFInMemoryConvertsLikeTheFile() throws {
        let path = try Fixtures.path("two-column.pdf")
        let fromFile = try Converter().convert(file: path)
        let fromData = try Converter().convert(data: try Fixtures.data("two-column.pdf"), fileName: "two-column.pdf")
        #expect(fromData == fromFile)
    }

    @Test func textInMemoryIsTextMode() throws {
        let text = try Fixtures.string("two-page.txt")
        let fromData = try Converter().convert(data: Data(text.utf8), fileName: "two-page.txt")
        #expect(fromData == Converter().convert(text: text, fileName: "two-page.txt"))
        #expect(fromData.pages.allSatisfy { $0.method == .text })
    }

    /// The library decodes text as `folio convert` does: a byte-order mark
    /// selects the encoding, other bytes that are not UTF-8 are Windows-1252 (with
    /// a warning, handed over and kept in the document), binary data is refused.
    @Test func textIsDecodedBeforeTextMode() throws {
        let text = "The café opened in 2020.\n\nIt closed a year later.\n"
        let plain = Converter().convert(text: text, fileName: "cafe.txt")

        let utf16 = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        let fromUTF16 = try Converter().convert(data: utf16, fileName: "cafe.txt")
        #expect(fromUTF16.chapters == plain.chapters)
        #expect(fromUTF16.metadata.warnings.isEmpty)
        #expect(fromUTF16.source.sha256 != plain.source.sha256)  // the bytes', not the text's

        let latin = Data(text.replacingOccurrences(of: "é", with: "\u{1}").utf8).map { $0 == 1 ? 0xE9 : $0 }
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let file = dir.file("cafe.txt")
        try Data(latin).write(to: file)
        let said = Said()
        let fromFile = try Converter().convert(file: file.path, warnings: said.add)
        #expect(fromFile.chapters == plain.chapters)
        #expect(fromFile.metadata.warnings.last == "not valid UTF-8; read as Windows-1252")
        #expect(said.all == ["not valid UTF-8; read as Windows-1252"])

        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x41, count: 64)
        do {
            _ = try Converter().convert(data: png, fileName: "image.txt")
            Issue.record("binary data became a document")
        } catch {
            #expect(error.file == "image.txt")
            #expect(error.reason == "not a text file (a PNG image)")
        }
    }

    /// pdftotext writes a glyph its font does not map as U+0001: a real
    /// extraction with some of them is text; bytes that are mostly control are not.
    @Test func unmappedGlyphsInAnExtractionAreStillText() throws {
        let word = "The survey closed in 2020 and the report followed a year later. "
        var text = String(repeating: word, count: 40)
        for i in stride(from: 10, to: text.count, by: 60) {
            text.insert("\u{01}", at: text.index(text.startIndex, offsetBy: i))
        }
        #expect(try TextDecoding.decode(Data(text.utf8)).text.contains("The survey closed"))
        let junk = Data((0..<4000).map { UInt8(($0 * 7) % 31 + 1) })
        #expect(throws: (any Error).self) { try TextDecoding.decode(junk) }
    }

    @Test func damagedBytesInMemoryGiveOneLine() throws {
        var bytes = try Fixtures.data("two-page.pdf")
        bytes = bytes.prefix(bytes.count / 3)
        #expect(throws: ConversionError.self) {
            try Converter().convert(data: bytes, fileName: "cut.pdf")
        }
    }

    /// A scan drawn as a rotated image, no text layer: OCR'd under `--ocr auto`,
    /// seen by its ink whatever the image's placement.
    @Test func aPageDrawnAsARotatedImageGoesToOCR() throws {
        let document = try PDFDocument(data: MiniPDF.rotatedImagePage())
        let page = try #require(document.page(at: 0))
        #expect(page.inkCoverage() > 0.5)
        let decision = OCRDecision(
            glyphs: page.text().glyphs, mode: .auto, imageCoverage: { 0 }, inkCoverage: { page.inkCoverage() })
        #expect(decision.useOCR)
        // A blank page stays blank.
        let blank = try PDFDocument(data: MiniPDF.text([])).page(at: 0)
        #expect(blank.map { $0.inkCoverage() } == 0)
    }

    // MARK: Layout    // MARK: Layout

    @Test func layoutFindsTheGutterAndReadsTheLeftColumnFirst() {
        let left = Synthetic.paragraph(
            String(repeating: "Left column words run on here. ", count: 12), x: 72, y: 100, width: 220, size: 10)
        let right = Synthetic.paragraph(
            String(repeating: "Right column text goes on too. ", count: 12), x: 330, y: 100, width: 220, size: 10)
        // Lines interleaved as extraction may hand them over: row by row across the page.
        var lines: [Line] = []
        for i in 0..<max(left.count, right.count) {
            if i < left.count { lines.append(left[i]) }
            if i < right.count { lines.append(right[i]) }
        }
        let layout = LayoutAnalyzer().analyze(PageText(number: 1, width: 612, height: 792, lines: lines))
        #expect(layout.blocks.count == 2)
        #expect(layout.blocks.first?.lines.first?.text.hasPrefix("Left") == true)
        #expect(layout.blocks.last?.lines.first?.text.hasPrefix("Right") == true)
    }

    // MARK: Clean

    static func ocrPage(_ text: String, confidence: Double = 0.95) -> PageText {
        var page = PlainTextReader().read(text)[0]
        page.method = .ocr
        page.lines = page.lines.map { line in
            Line(
                words: line.words.map {
                    var w = $0; w.confidence = confidence; return w
                })
        }
        return page
    }

    @Test func ocrRepairTakesTheSpellingTheDocumentUses() {
        let page = Self.ocrPage(
            """
            The mayor of Bogotá met the council. Bogotá has grown fast.
            Visitors to Bogota often take the cable car, and Bogotá plans more.
            """)
        let (repaired, count) = OCRRepair.repair([page])
        let text = repaired[0].lines.map(\.text).joined(separator: " ")
        #expect(count == 1)
        #expect(!text.contains("Bogota "))
        #expect(text.contains("Visitors to Bogotá often"))
    }

    /// Accented vowels read as "d" (`Bogotd`, `Zdfiga`) take the spelling the
    /// document uses; a place printed without accents keeps its spelling.
    @Test func ocrRepairMendsAccentsReadAsD() {
        let page = Self.ocrPage(
            """
            The mayor of Bogotá met Martín Zúñiga at the council. Bogotá has grown fast.
            By Ana Bogotd-Pérez and Martin Zdfiga, with notes from Mexico and Mexico City.
            """)
        let text = OCRRepair.repair([page]).pages[0].lines.map(\.text).joined(separator: " ")
        #expect(text.contains("Ana Bogotá-Pérez"))
        #expect(text.contains("Zúñiga,"))
        #expect(text.contains("from Mexico and Mexico City."))
    }

    @Test func ocrRepairLeavesTextLayersAlone() {
        var page = Self.ocrPage("Bogotá and Bogota and Bogotá again.")
        page.method = .text
        #expect(OCRRepair.repair([page]).repairs == 0)
    }

    // MARK: Extract

    @Test func gapSplitterCutsAtTheOneWideGap() {
        let style = TextStyle(size: 10)
        var x = 72.0
        var words: [Word] = []
        for (i, text) in ["the", "body", "runs", "on", "Quote", "beside"].enumerated() {
            if i == 4 { x += 60 }  // a gutter, far wider than the word spaces
            words.append(Word(text: text, box: Box(x0: x, y0: 100, x1: x + 20, y1: 110), style: style))
            x += 23
        }
        let parts = GapSplitter.split(Line(words: words))
        #expect(parts.map(\.text) == ["the body runs on", "Quote beside"])
        // Even spacing: one line.
        let even = Line(
            words: words.enumerated().map { i, w in
                var w = w
                w.box = Box(x0: 72 + Double(i) * 23, y0: 100, x1: 92 + Double(i) * 23, y1: 110)
                return w
            })
        #expect(GapSplitter.split(even).count == 1)
    }

    static func ocrWord(_ text: String, x: Double, line: Int, width: Double = 60) -> OCRWord {
        let y = Double(line) * 40
        return OCRWord(
            text: text, box: OCRBox(x0: x, y0: y, x1: x + width, y1: y + 30), confidence: 0.9, blockID: 0,
            paragraphID: 0, lineID: line, lineHeight: 30, fontSizePoints: 10, baseline: y + 24)
    }

    @Test func columnEdgeSplitterCutsAtARecurringEdge() {
        // Five lines: body words end at x = 700 (a justified edge), a float starts at
        // x = 740, a gap a little wider than the word spaces but the same on every line.
        let lines = (0..<5).map { l in
            [
                Self.ocrWord("body", x: 100, line: l), Self.ocrWord("text", x: 175, line: l, width: 140),
                Self.ocrWord("ends", x: 330, line: l, width: 370), Self.ocrWord("Quote", x: 740, line: l),
                Self.ocrWord("side", x: 815, line: l),
            ]
        }
        let split = ColumnEdgeSplitter.split(lines)
        #expect(split.count == 10)
        #expect(split.allSatisfy { line in line.allSatisfy { $0.box.x0 < 720 } || line.allSatisfy { $0.box.x0 > 720 } })
        // The same gap on one line only is a river, not an edge.
        var single = lines.map { [$0[0], $0[1]] }
        single[2] = lines[2]
        #expect(ColumnEdgeSplitter.split(single).count == 5)
    }

    // MARK: Text mode

    @Test func interleavedQuoteIsLiftedWithItsRole() {
        let text = TextModeTests.quoteGluedToLineEnds
        let pages = InterleavedQuoteExtractor.extract(PlainTextReader().read(text))
        let lifted = pages[0].lines.filter { $0.words.allSatisfy { $0.role == .liftedQuote } }
        #expect(
            lifted.map(\.text).joined(separator: " ")
                == "Local leaders say that the balance between patrols and prevention must change soon.")
        let body = pages[0].lines.filter { $0.words.first?.role == nil }.map(\.text)
        #expect(body.contains("Most of the new money still goes to patrols, while programs"))
        #expect(!body.contains("change soon."))
        // A second pass finds nothing more: lifted lines are neither body nor quote.
        #expect(InterleavedQuoteExtractor.findQuotes(in: pages).isEmpty)
    }

    // MARK: Structure, stage by stage

    static func draft(_ lines: [Line], height: Double = 792) -> Draft {
        let layout = LayoutAnalyzer().analyze(PageText(number: 1, width: 612, height: height, lines: lines))
        var draft = Draft(layouts: [layout], fallbackTitle: nil)
        TypeScaleMeasure().run(&draft, workers: 1)
        UnitCutting().run(&draft, workers: 1)
        return draft
    }

    @Test func typeScaleIsTheSizeMostCharactersUse() {
        let lines =
            [Synthetic.line("A Title In Large Type", x: 72, y: 60, size: 24)]
            + Synthetic.paragraph(
                String(repeating: "Body words in ten point type. ", count: 10), x: 72, y: 120, width: 400, size: 10)
        let draft = Self.draft(lines)
        #expect(draft.scale.body == 10)
        #expect(!draft.scale.typeless)
        #expect(draft.scale.titleSize == 13)
    }

    @Test func unitsAreCutAtListMarkersAndRendered() {
        let lines = [
            Synthetic.line("The plan has two parts:", x: 72, y: 100, size: 10),
            Synthetic.line("• Train officers in every district.", x: 72, y: 112, size: 10),
            Synthetic.line("• Review each program every year.", x: 72, y: 124, size: 10),
        ]
        let units = Self.draft(lines).units
        #expect(
            units.map(\.text) == [
                "The plan has two parts:", "Train officers in every district.", "Review each program every year.",
            ])
        #expect(units.map(\.hadMarker) == [false, true, true])
    }

    @Test func kindsComeFromTypeAndWording() {
        let lines =
            [Synthetic.line("Findings", x: 72, y: 80, size: 14, bold: true)]
            + Synthetic.paragraph(
                String(repeating: "Body words in ten point type. ", count: 8), x: 72, y: 110, width: 400, size: 10)
            + [Synthetic.line("Figure 2. Apprehensions by month, 2019-2021.", x: 72, y: 200, size: 9)]
        var draft = Self.draft(lines)
        UnitClassification().run(&draft, workers: 1)
        let kinds = draft.units.map(\.kind)
        #expect(kinds.first == .heading)
        #expect(kinds.contains(.paragraph))
        #expect(kinds.last == .caption)
    }

    @Test func numberedEntriesAfterANotesHeadingAreNotes() {
        var lines = [Synthetic.line("Notes", x: 72, y: 80, size: 14, bold: true)]
        for n in 1...3 {
            lines.append(
                Synthetic.line(
                    "\(n). Ministry of Finance, Annual Report \(2017 + n).", x: 72, y: 100 + Double(n) * 20, size: 10))
        }
        var draft = Self.draft(lines)
        UnitClassification().run(&draft, workers: 1)
        NoteFinding().run(&draft, workers: 1)
        let notes = draft.units.filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1", "2", "3"])
        #expect(notes.first?.text == "Ministry of Finance, Annual Report 2018.")
    }

    /// Raised runs in running text: note markers only where a note carries the label.
    @Test func onlyNoteMarkersAreNoteMarkers() throws {
        func raisedWord(_ text: String, after x: Double) -> Word {
            Word(text: text, box: Box(x0: x, y0: 96, x1: x + 6, y1: 102), style: TextStyle(size: 6), superscript: true)
        }
        var line = Synthetic.line(
            "On the 3 day the rate was 10 per litre and grew as 2 for every year.", x: 72, y: 100, size: 10)
        var words = line.words
        // "3rd", "10⁻³", "2^(k+1)", and a marker "7" after "year." whose note exists.
        words.insert(raisedWord("rd", after: 100), at: 3)
        words.insert(raisedWord("-3", after: 200), at: 9)
        words.insert(raisedWord("k+1", after: 300), at: 16)
        words.append(raisedWord("7", after: 500))
        line = Line(words: words)
        var unit = try #require(Self.draft([line]).units.first)
        #expect(unit.refs == ["rd", "-3", "k+1", "7"])
        // A note labelled 7 exists: only the 7 is a marker.
        var noted = unit
        NoteReferenceCheck.restore(&noted, labels: ["7"])
        #expect(noted.text == "On the 3rd day the rate was 10⁻³ per litre and grew as 2^(k+1) for every year.")
        #expect(noted.refs == ["7"])
        // No note at all: every raised run is text.
        NoteReferenceCheck.restore(&unit, labels: [])
        #expect(unit.refs.isEmpty)
        #expect(unit.text.hasSuffix("for every year.⁷"))
    }

    @Test func headingLevelsRankSizesAcrossChapters() {
        func heading(_ size: Double) -> FolioCore.Unit {
            var u = FolioCore.Unit(
                lines: [Synthetic.line("Heading", x: 72, y: 100, size: size)], page: 1, pageHeight: 792)
            u.kind = .heading
            u.text = "Heading"
            return u
        }
        var chapters = [
            ChapterFinder.Found(title: "A", authors: [], startPage: 1, endPage: 1, units: [heading(16), heading(13)]),
            // A smaller heading before the chapter's first section heading is a section.
            ChapterFinder.Found(
                title: "B", authors: [], startPage: 2, endPage: 2, units: [heading(13), heading(16), heading(13)]),
        ]
        HeadingLevelRanking.assign(&chapters)
        #expect(chapters[0].units.map(\.level) == [2, 3])
        #expect(chapters[1].units.map(\.level) == [2, 2, 3])
    }

    @Test func aPageOfThousandsOfUnitsCountsAsSeveralInThePullQuoteSearch() {
        func units(_ counts: [(page: Int, count: Int)]) -> [FolioCore.Unit] {
            counts.flatMap { page, count in
                (0..<count).map { _ in
                    FolioCore.Unit(
                        lines: [Synthetic.line("A line of text.", x: 72, y: 100, size: 10)], page: page, pageHeight: 792
                    )
                }
            }
        }
        // Printed pages count as themselves.
        let printed = units([(1, 40), (2, 200), (3, 12)])
        #expect(PullQuoteFinder.searchPages(printed) == printed.map(\.page))
        // A page of 450 units counts as three (200, 200 and 50 units); the page after it as page 2 + 2.
        let long = PullQuoteFinder.searchPages(units([(1, 450), (2, 3)]))
        #expect(long[0] == 1 && long[199] == 1 && long[200] == 2 && long[399] == 2 && long[400] == 3)
        #expect(long[449] == 3 && long[450...] == [4, 4, 4])
    }

    @Test func paragraphsRejoinAcrossAnInterruption() {
        func unit(_ text: String, _ kind: FolioCore.Unit.Kind, block: Int) -> FolioCore.Unit {
            var u = FolioCore.Unit(lines: [Synthetic.line(text, x: 72, y: 100, size: 10)], page: 1, pageHeight: 792)
            u.text = text
            u.kind = kind
            u.blockID = block
            return u
        }
        let assembler = BlockAssembler(dehyphenator: Dehyphenator(vocabulary: Vocabulary()))
        let blocks = assembler.blocks(from: [
            unit("The reform was slow because the budget", .paragraph, block: 1),
            unit("A quote set apart.", .pullQuote, block: 2),
            unit("arrived late in the year.", .paragraph, block: 3),
        ])
        #expect(blocks.map(\.kind) == [.paragraph, .pullQuote])
        #expect(blocks.first?.text == "The reform was slow because the budget arrived late in the year.")
    }
}

private final class Said: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var add: Converter.WarningHandler { { warning in self.lock.withLock { self.items.append(warning) } } }
    var all: [String] { lock.withLock { items } }
}
