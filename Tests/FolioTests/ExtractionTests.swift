import FolioModel
import FolioText
import Foundation
import TesseractKit
import Testing

@testable import FolioCore
@testable import PopplerKit

@Suite("Extraction")
struct ExtractionTests {
    static func twoPage() throws -> Document {
        try Converter().convert(file: Fixtures.path("two-page.pdf"))
    }

    @Test func twoPageSourceAndPages() throws {
        let doc = try Self.twoPage()
        #expect(doc.source.file == "two-page.pdf")
        #expect(doc.source.pageCount == 2)
        #expect(doc.source.sha256.count == 64)
        #expect(doc.pages.map(\.number) == [1, 2])
        #expect(doc.pages.allSatisfy { $0.method == .text && $0.confidence == nil })
        #expect(doc.metadata.warnings.isEmpty)
    }

    @Test func sha256MatchesTheFileBytes() throws {
        // Independent check with coreutils; skipped where sha256sum is missing.
        let doc = try Self.twoPage()
        guard let tool = which("sha256sum") else { return }
        let result = try run(tool, [try Fixtures.path("two-page.pdf")])
        #expect(result.out.hasPrefix(doc.source.sha256 + " "))
    }

    /// The fixture's raised "1" after "2020." has no note to point to: it is
    /// cut from the word as a superscript, and goes back into the text as one.
    @Test func raisedNumberWithoutANoteStaysInTheText() throws {
        let doc = try Self.twoPage()
        let blocks = doc.allBlocks.map(\.block)
        let withYear = blocks.filter { $0.text.contains("2020.") }
        let paragraph = try #require(withYear.first, "no block contains \"2020.\"")
        #expect(withYear.count == 1)
        #expect(paragraph.kind == .paragraph)
        #expect(paragraph.footnoteRefs == nil)
        #expect(!paragraph.text.contains("2020.1"))
        #expect(paragraph.text.contains("closed in 2020.¹ This sentence is set in italic type."))
        #expect(
            paragraph.text
                == "The second paragraph records that the survey closed in 2020.¹ This sentence is set in italic type. The paragraph then ends in plain roman type."
        )
        // A document without notes has no note references.
        #expect(blocks.allSatisfy { $0.footnoteRefs == nil })
    }

    @Test func firstParagraphJoinsItsLines() throws {
        let doc = try Self.twoPage()
        let first = try #require(doc.allBlocks.map(\.block).first { $0.text.hasPrefix("This is the first") })
        #expect(first.kind == .paragraph)
        #expect(first.page == 1)
        #expect(
            first.text
                == "This is the first body paragraph of the two-page fixture. It is set in Times-Roman at eleven points and wraps onto a second line so that line joining can be tested."
        )
    }

    @Test func headingIsTheTitleAndNotBodyText() throws {
        let doc = try Self.twoPage()
        #expect(doc.title == "Fixture Heading")
        let blocks = doc.allBlocks.map(\.block)
        #expect(!blocks.contains { $0.kind == .paragraph && $0.text.contains("Fixture Heading") })
    }

    @Test func pageTwoParagraphIsOnPageTwo() throws {
        let doc = try Self.twoPage()
        let blocks = doc.allBlocks.map(\.block)
        let p2 = try #require(blocks.first { $0.text.contains("Page two holds") })
        #expect(p2.kind == .paragraph)
        #expect(p2.page == 2)
        #expect(p2.text == "Page two holds one short paragraph and nothing else.")
        #expect(blocks.filter { $0.page == 2 }.count == 1)
        #expect(blocks.filter { $0.page == 1 }.count == 2)
    }

    // MARK: Text layer reader (internal)

    @Test func textLayerReaderCutsTheSuperscriptFromItsWord() throws {
        let pdf = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let layer = try #require(pdf.page(at: 0)).text()
        let page = TextLayerReader().read(layer, number: 1)
        let words = page.lines.flatMap(\.words)
        let index = try #require(words.firstIndex { $0.text == "2020." })
        #expect(!words[index].superscript)
        #expect(words[index + 1].text == "1")
        #expect(words[index + 1].superscript)
        #expect(words.filter(\.superscript).count == 1)

        let heading = try #require(page.lines.first { $0.text == "Fixture Heading" })
        #expect(heading.style.bold)
        #expect(abs(heading.style.size - 18) < 0.5)
        let italic = try #require(words.first { $0.text == "italic" })
        #expect(italic.style.italic)
        #expect(!italic.style.bold)
        let body = try #require(words.first { $0.text == "Times-Roman" })
        #expect(abs(body.style.size - 11) < 0.5)
        #expect(!body.style.italic && !body.style.bold)
    }

    @Test(arguments: [
        ("ABCDEF+Helvetica-Bold", "Helvetica-Bold", true, false),
        ("Times-Roman", "Times-Roman", false, false),
        ("XYZABC+Times-Italic", "Times-Italic", false, true),
        ("Helvetica-BoldOblique", "Helvetica-BoldOblique", true, true),
        ("CMTI10", "CMTI10", false, true),
        ("ABC+Arial", "ABC+Arial", false, false),
    ])
    func fontStyleFromName(name: String, stripped: String, bold: Bool, italic: Bool) {
        let style = TextLayerReader.style(PDFFont(name: name, size: 10, red: 0, green: 0, blue: 0))
        #expect(style.fontName == stripped)
        #expect(style.bold == bold)
        #expect(style.italic == italic)
        #expect(!style.colored)
    }

    @Test func colouredFontIsMarked() {
        #expect(TextLayerReader.style(PDFFont(name: "Times", size: 10, red: 0.8, green: 0.1, blue: 0.1)).colored)
        #expect(!TextLayerReader.style(PDFFont(name: "Times", size: 10, red: 0.5, green: 0.5, blue: 0.5)).colored)
    }

    // MARK: OCR decision (internal)

    @Test func ocrDecision() throws {
        let textPage = try #require(PDFDocument(path: Fixtures.path("two-page.pdf")).page(at: 0))
        let scanPage = try #require(PDFDocument(path: Fixtures.path("scanned.pdf")).page(at: 0))
        let text = textPage.text()
        let scan = scanPage.text()
        #expect(!OCRDecision(glyphs: text.glyphs, mode: .auto, imageCoverage: textPage.imageCoverage).useOCR)
        #expect(OCRDecision(glyphs: text.glyphs, mode: .always, imageCoverage: textPage.imageCoverage).useOCR)
        #expect(OCRDecision(glyphs: scan.glyphs, mode: .auto, imageCoverage: scanPage.imageCoverage).useOCR)
        #expect(!OCRDecision(glyphs: scan.glyphs, mode: .never, imageCoverage: scanPage.imageCoverage).useOCR)
    }

    /// A scanned strip of a page whose body column runs on, across a gutter
    /// hardly wider than a word space, into an italic pull-quote beside it.
    @Test func quoteBesideTheColumnIsReadApart() throws {
        let path = try Fixtures.path("scan-float.pdf")
        var extractor = try PageExtractor(.file(path), name: path, options: ConversionOptions())
        let page = try extractor.extract(pageIndex: 0)
        #expect(page.method == .ocr)
        let texts = page.lines.map { $0.words.map(\.text).joined(separator: " ") }
        // No line runs from the body into the quote.
        #expect(!texts.contains { $0.contains("markets,") && $0.contains("simply") })
        let body = try #require(page.lines.first { $0.words.first?.text == "caliber" })
        let quote = try #require(page.lines.first { $0.words.first?.text == "This" && $0.box.x0 > body.box.x1 })
        // Each side has its own type size: the quote's larger type sets it apart.
        #expect(quote.style.size > body.style.size)
        // Read on its own, the quote's italic comes out whole.
        let quoteText = page.lines.filter { $0.box.x0 >= quote.box.x0 - 2 }
            .map { $0.words.map(\.text).joined(separator: " ") }.joined(separator: " ")
        #expect(quoteText.contains("question of political will"))
    }

    @Test func garbageTextLayerGoesToOCR() {
        // A layer of unmapped glyphs (private-use code points from a font without
        // a usable encoding) reads as nothing: the page is OCR'd, images or not.
        func glyphs(_ text: String) -> [PDFGlyph] {
            text.unicodeScalars.enumerated().map { i, c in
                PDFGlyph(character: c, x0: Double(i) * 6, y0: 100, x1: Double(i) * 6 + 5, y1: 110, font: 0)
            }
        }
        let garbage = glyphs(String(repeating: "\u{E001}\u{E002}\u{E003} \u{FFFD}\u{E004} ", count: 30))
        #expect(OCRDecision(glyphs: garbage, mode: .auto, imageCoverage: { 0 }).useOCR)
        let prose = glyphs(String(repeating: "Plain words on a page. ", count: 30))
        #expect(!OCRDecision(glyphs: prose, mode: .auto, imageCoverage: { 1 }).useOCR)
        // A little text over a page-sized image is a scan with a caption layer.
        let stamp = glyphs("Scanned by the archive")
        #expect(OCRDecision(glyphs: stamp, mode: .auto, imageCoverage: { 0.95 }).useOCR)
    }

    @Test func numberedListMarkers() {
        for marker in ["1.", "12)", "a.", "(b)", "(3)"] {
            #expect(ListMarker.isNumbered(marker), "\(marker)")
        }
        for word in ["123.", "A.", "ab.", "1", "(1", "e.g.", "1.5", "", "(12))"] {
            #expect(!ListMarker.isNumbered(word), "\(word)")
        }
    }

    // MARK: Normalization through the public text API

    @Test func textModeExpandsLigaturesAndKeepsTypography() {
        let doc = Converter().convert(
            text:
                "The \u{FB01}rst \u{FB02}ow of \u{FB00}ort: \u{201C}caf\u{0065}\u{0301}\u{201D} \u{FB03}ce \u{FB04}e.\n",
            fileName: "lig.txt")
        let blocks = doc.allBlocks.map(\.block)
        #expect(blocks.count == 1)
        let text = try? #require(blocks.first?.text)
        #expect(text == "The first flow of ffort: \u{201C}caf\u{00E9}\u{201D} ffice ffle.")
        #expect(doc.source.file == "lig.txt")
        #expect(doc.source.pageCount == 1)
    }

    @Test func textModeSplitsPagesAtFormFeeds() {
        let doc = Converter().convert(
            text: "First page paragraph is here.\n\u{0C}Second page paragraph is here.\n\u{0C}", fileName: "ff.txt")
        #expect(doc.source.pageCount == 2)
        #expect(doc.pages.map(\.number) == [1, 2])
        let blocks = doc.allBlocks.map(\.block)
        #expect(blocks.map(\.page) == [1, 2])
        #expect(blocks.map(\.text) == ["First page paragraph is here.", "Second page paragraph is here."])
    }

    @Test func plainTextReaderGivesOneLinePerTextLine() {
        let pages = PlainTextReader().read("alpha beta\n\ngamma\r\ndelta\u{0C}epsilon")
        #expect(pages.count == 2)
        #expect(pages[0].lines.map(\.text) == ["alpha beta", "gamma", "delta"])
        #expect(pages[1].lines.map(\.text) == ["epsilon"])
        // Lines go down the page.
        let ys = pages[0].lines.map(\.box.y0)
        #expect(ys == ys.sorted() && Set(ys).count == ys.count)
    }

    @Test func progressIsReportedForEveryPage() throws {
        let counter = Counter()
        _ = try Converter(options: ConversionOptions(jobs: 2)).convert(file: Fixtures.path("two-page.pdf")) {
            done, total in
            counter.record(done: done, total: total)
        }
        #expect(counter.steps.sorted() == [1, 2])
        #expect(counter.totals == [2])
    }

    @Test func converterErrorsNameTheFile() throws {
        let missing = "/nonexistent/\(UUID()).pdf"
        let error = #expect(throws: ConversionError.self) { try Converter().convert(file: missing) }
        #expect(error?.file == missing)
        #expect(error?.reason == "file not found")

        let encrypted = try Fixtures.path("encrypted.pdf")
        let locked = #expect(throws: ConversionError.self) { try Converter().convert(file: encrypted) }
        #expect(locked?.reason.contains("password") == true)
        let doc = try Converter(options: ConversionOptions(password: "secret")).convert(file: encrypted)
        #expect(doc.source.pageCount == 1)
        #expect(doc.allBlocks.contains { $0.block.text.contains("encrypted") })
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var _steps: [Int] = []
    private var _totals: Set<Int> = []

    func record(done: Int, total: Int) {
        lock.withLock {
            _steps.append(done)
            _totals.insert(total)
        }
    }

    var steps: [Int] { lock.withLock { _steps } }
    var totals: Set<Int> { lock.withLock { _totals } }
}

/// Names in OCR'd text read again for their accents.
@Suite("Accent re-reading")
struct AccentRereadTests {
    @Test(arguments: [
        ("Bogota", true), ("Medellin,", true), ("Mufioz", true), ("Asunci6n", true), ("Concepcién.", true),
        ("Whitfield", true), ("policy", false), ("The", false), ("State", false), ("of", false),
        ("2020.11", false), ("COVID-19", false),
    ])
    func namesAreReadAgain(_ word: String, _ candidate: Bool) {
        #expect(AccentReread.isCandidate(word) == candidate)
    }

    @Test(arguments: [
        ("Martin", "Zúñiga", true), ("Martin", "Ortíz,", true), ("Martin", "Lewis", false), ("Martin", "Zuniga", false),
        ("martin", "Zúñiga", false), ("MARTIN", "ZÚÑIGA", false), ("Xyzzy", "Zúñiga", false),
    ])
    func givenNamesBeforeAccentedSurnamesAreReadAgain(_ word: String, _ next: String, _ expected: Bool) {
        #expect(AccentReread.isGivenName(word, before: next) == expected)
    }

    @Test(
        arguments: [
            ("Bogota,", "Bogotá", "Bogotá,"), ("Mufioz", "Muñoz", "Muñoz"), ("Asunci6n", "Asunción", "Asunción"),
            ("Concepcién", "Concepción", "Concepción"), ("BOGOTA", "BOGOTÁ", "BOGOTÁ"),
            ("Bogota-Pérez", "Bogotá-Pérez", "Bogotá-Pérez"), ("Gagnon-Roy,", "Gagnón-Roy", "Gagnón-Roy,"),
            // Not the same word, no accents to give, or another case.
            ("Bogota", "Bogata", nil), ("Bogota", "Bogota", nil), ("Lopez", "Lápiz", nil), ("Bogota", "bogotá", nil),
        ] as [(String, String, String?)])
    func secondReadingIsTakenOnlyForTheSameWord(_ first: String, _ second: String, _ result: String?) {
        #expect(AccentReread.accepted(first: first, second: second) == result)
    }
}

/// Figures on a scanned page, found by ink that is not text.
@Suite("Figures on scans")
struct FigureFinderTests {
    /// A white page 1200 px square at 300 dpi with a paragraph of word boxes
    /// (their ink drawn) at the top, so that a line is about 30 px high.
    static func page(_ draw: (inout [UInt8], Int) -> Void) -> (GrayImage, [OCRWord]) {
        let side = 1200
        var pixels = [UInt8](repeating: 255, count: side * side)
        var words: [OCRWord] = []
        for line in 0..<4 {
            for k in 0..<8 {
                let box = OCRBox(
                    x0: Double(100 + k * 120), y0: Double(60 + line * 40), x1: Double(200 + k * 120),
                    y1: Double(90 + line * 40))
                for y in Int(box.y0)..<Int(box.y1) {
                    for x in Int(box.x0)..<Int(box.x1) where (x + y) % 3 == 0 { pixels[y * side + x] = 0 }
                }
                words.append(
                    OCRWord(
                        text: "word", box: box, confidence: 0.9, blockID: 0, paragraphID: 0, lineID: line,
                        lineHeight: 30, fontSizePoints: 7, baseline: box.y1))
            }
        }
        draw(&pixels, side)
        return (GrayImage(width: side, height: side, pixels: pixels, dpi: 300), words)
    }

    static func stroke(_ pixels: inout [UInt8], _ side: Int, from a: (Int, Int), to b: (Int, Int)) {
        let steps = max(abs(b.0 - a.0), abs(b.1 - a.1))
        for i in 0...steps {
            let x = a.0 + (b.0 - a.0) * i / max(steps, 1)
            let y = a.1 + (b.1 - a.1) * i / max(steps, 1)
            for dy in -2...2 { for dx in -2...2 { pixels[(y + dy) * side + x + dx] = 20 } }
        }
    }

    @Test func aLineChartIsAFigure() {
        let (image, words) = Self.page { pixels, side in
            Self.stroke(&pixels, side, from: (150, 1000), to: (1050, 1000))  // axes
            Self.stroke(&pixels, side, from: (150, 1000), to: (150, 400))
            let series = [(150, 900), (300, 700), (450, 800), (600, 550), (750, 650), (900, 450), (1050, 500)]
            for (a, b) in zip(series, series.dropFirst()) { Self.stroke(&pixels, side, from: a, to: b) }
            let other = [(150, 600), (300, 650), (450, 500), (600, 600), (750, 420), (900, 520), (1050, 430)]
            for (a, b) in zip(other, other.dropFirst()) { Self.stroke(&pixels, side, from: a, to: b) }
        }
        let label = OCRWord(
            text: "2019", box: OCRBox(x0: 580, y0: 1020, x1: 640, y1: 1050), confidence: 0.9, blockID: 1,
            paragraphID: 1, lineID: 4, lineHeight: 30, fontSizePoints: 7, baseline: 1050)
        let regions = FigureFinder.regions(in: image, words: words + [label])
        #expect(regions.count == 1)
        #expect(regions.contains { $0.holdsCentre(of: label.box) }, "the tick label under the axis")
        #expect(!words.contains { w in regions.contains { $0.holdsCentre(of: w.box) } }, "the paragraph above")
    }

    @Test func aFramedBoxOrARuleIsNotAFigure() {
        let (image, words) = Self.page { pixels, side in
            for (a, b) in [
                ((120, 400), (1080, 400)), ((1080, 400), (1080, 1000)), ((1080, 1000), (120, 1000)),
                ((120, 1000), (120, 400)), ((120, 1100), (1080, 1100)),
            ] {
                Self.stroke(&pixels, side, from: a, to: b)
            }
        }
        #expect(FigureFinder.regions(in: image, words: words).isEmpty)
    }

    @Test func textOnADarkGroundIsNotAFigure() {
        let (image, words) = Self.page { pixels, side in
            for y in 400..<1100 { for x in 100..<1100 { pixels[y * side + x] = 30 } }
        }
        #expect(FigureFinder.regions(in: image, words: words).isEmpty)
    }
}

@Suite("OCR words")
struct OCRWordTests {
    @Test(arguments: [
        ("evid-_", "evid-"), ("|", ""), ("_", ""), ("~|", ""), ("|Between", "Between"), ("word", "word"),
        ("US$12.4", "US$12.4"), ("—", "—"), ("a_b", "a_b"),
    ])
    func specksAreTrimmedFromWordEnds(_ text: String, _ expected: String) {
        #expect(OCRReader.withoutSpecks(text) == expected)
    }
}

extension OCRWordTests {
    static func word(_ text: String, x: Double, height: Double = 30, width: Double? = nil) -> OCRWord {
        let box = OCRBox(
            x0: x, y0: 100 + (30 - height) / 2, x1: x + (width ?? Double(text.count) * 15), y1: 130 - (30 - height) / 2)
        return OCRWord(
            text: text, box: box, confidence: 0.6, blockID: 0, paragraphID: 0, lineID: 0, lineHeight: 30,
            fontSizePoints: 7, baseline: 128)
    }

    @Test(arguments: ["«", "+", "e", "©", "="])
    func aSmallMarkBeforeACapitalIsABullet(_ mark: String) {
        let line = [
            Self.word(mark, x: 10, height: 12, width: 12), Self.word("Fund", x: 40), Self.word("municipal", x: 110),
        ]
        #expect(OCRReader.withBullet(line).map(\.text) == ["•", "Fund", "municipal"])
    }

    @Test func ordinaryLineStartsStay() {
        // A tall mark, a word in lower case after it, or a line of two words is left alone.
        let tall = [Self.word("+", x: 10, height: 30, width: 20), Self.word("Fund", x: 40), Self.word("more", x: 110)]
        #expect(OCRReader.withBullet(tall).map(\.text).first == "+")
        let lower = [Self.word("e", x: 10, height: 12, width: 12), Self.word("fund", x: 40), Self.word("more", x: 110)]
        #expect(OCRReader.withBullet(lower).map(\.text).first == "e")
        let short = [Self.word("«", x: 10, height: 12, width: 12), Self.word("Fund", x: 40)]
        #expect(OCRReader.withBullet(short).map(\.text).first == "«")
    }
}

/// A name that comes back on a page is read by the second model once, where it
/// first occurs, and that reading serves the rest of the page.
@Suite("Accent re-reading on a page")
struct AccentRereadPageTests {
    @Test func aRepeatedNameTakesThePageFirstReading() throws {
        guard OCREngine.isInstalled(ConversionOptions.defaultAccentModel) else { return }
        let doc = try PDFDocument(path: Fixtures.path("scan-names.pdf"))
        let bitmap = try #require(doc.page(at: 0)?.renderGray(dpi: 300))
        let image = GrayImage(width: bitmap.width, height: bitmap.height, pixels: bitmap.pixels, dpi: bitmap.dpi)
        let words = try OCREngine(languages: "eng").recognize(image).words
        let accents = AccentReread(engine: try OCREngine(languages: ConversionOptions.defaultAccentModel))
        // The first name the second model gives accents to.
        let name = try #require(
            words.first { AccentReread.isCandidate($0.text) && accents.apply([[$0]], in: image)[0][0].text != $0.text })
        // The same word again, its box moved to the blank foot of the page.
        var again = name
        let foot = Double(image.height) - 3 * name.box.height
        again.box = OCRBox(x0: name.box.x0, y0: foot, x1: name.box.x1, y1: foot + name.box.height)
        let alone = accents.apply([[again]], in: image)[0][0]
        #expect(alone.text == name.text, "blank paper read alone gives no accents")
        let both = accents.apply([[name], [again]], in: image).map { $0[0].text }
        #expect(both[0] != name.text)
        #expect(both[1] == both[0], "the later occurrence takes the first one's reading: \(both)")
    }
}
