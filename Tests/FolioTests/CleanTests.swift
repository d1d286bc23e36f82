import FolioModel
import FolioText
import Foundation
import Testing

@testable import FolioCore

@Suite("Clean")
struct CleanTests {
    // MARK: Scalar trimming

    @Test func trimmingAndLastScalar() {
        let quotes = Set(scalarsOf: "”\"’' ")
        #expect("“Done.” ".trimming(quotes) == "“Done.")
        #expect("– 12 –".trimming(PageNumber.punctuation) == "12")
        #expect("\"\"".trimming(quotes).isEmpty)
        #expect("It ended.”’ ".lastScalar(skipping: quotes) == ".")
        #expect("”’".lastScalar(skipping: quotes) == nil)
        #expect(SentenceEnd.quote("She said “yes.”"))
        #expect(!SentenceEnd.quote("and then"))
    }

    // MARK: Dehyphenator

    static let dehyphenator = Dehyphenator(vocabulary: Vocabulary())

    @Test(arguments: [
        ("better-", "paid", "better-paid"),
        ("U.S.-", "Mexico", "U.S.-Mexico"),
        ("21st-", "century", "21st-century"),
        ("long-", "term", "long-term"),
        ("n-", "tridecanal", "n-tridecanal"),
        ("COVID-", "related", "COVID-related"),
    ])
    func keepsCompounds(head: String, tail: String, expected: String) {
        #expect(Self.dehyphenator.join(head, tail) == expected)
    }

    @Test(arguments: [
        ("re\u{2010}", "ceive", "receive"),
        ("govern-", "ment", "government"),
        ("infor-", "mation", "information"),
        ("coop-", "eration", "cooperation"),
    ])
    func joinsBrokenWords(head: String, tail: String, expected: String) {
        #expect(Self.dehyphenator.join(head, tail) == expected)
    }

    @Test(arguments: [
        ("bet\u{00AD}", "ter", "better"),
        ("long\u{00AD}", "term", "longterm"),
        ("U.S.\u{00AD}", "Mexico", "U.S.Mexico"),
        ("21st\u{00AD}", "century", "21stcentury"),
    ])
    func softHyphenIsAlwaysJoined(head: String, tail: String, expected: String) {
        #expect(Self.dehyphenator.join(head, tail) == expected)
    }

    @Test func trailingPunctuationOnTheTailIsKept() {
        #expect(Self.dehyphenator.join("govern-", "ment,") == "government,")
        #expect(Self.dehyphenator.join("better-", "paid.") == "better-paid.")
    }

    @Test func noHyphenMeansTwoWords() {
        #expect(Self.dehyphenator.join("plain", "word") == "plain word")
    }

    @Test func documentVocabularyDecides() {
        // "data-set" spelled whole in the document keeps the hyphen even though both
        // halves are words; without it the dictionary's "dataset" (if any) decides.
        var vocabulary = Vocabulary()
        vocabulary.add("the cross-border data-set is large")
        let d = Dehyphenator(vocabulary: vocabulary)
        #expect(d.join("data-", "set") == "data-set")
        #expect(d.join("cross-", "border") == "cross-border")
    }

    // MARK: TextNormalizer

    @Test func expandsLigatures() {
        #expect(TextNormalizer.normalize("\u{FB01}") == "fi")
        #expect(TextNormalizer.normalize("\u{FB02}") == "fl")
        #expect(TextNormalizer.normalize("\u{FB00}") == "ff")
        #expect(TextNormalizer.normalize("\u{FB03}") == "ffi")
        #expect(TextNormalizer.normalize("\u{FB04}") == "ffl")
        #expect(TextNormalizer.normalize("e\u{FB03}cient o\u{FB04}ine \u{FB01}nal") == "efficient offline final")
    }

    /// A TeX PDF without a Unicode map hands on its T1 ligature codes as control
    /// characters (pdftotext writes them too): inside a word they are the ligature.
    @Test func t1LigatureCodesInsideWords() {
        #expect(TextNormalizer.normalize("di\u{1B}erent") == "different")
        #expect(TextNormalizer.normalize("\u{1C}rst") == "first")
        #expect(TextNormalizer.normalize("a\u{1D}attened") == "aflattened")
        #expect(TextNormalizer.normalize("e\u{1E}cient") == "efficient")
        #expect(TextNormalizer.normalize("\u{1B}") == "")
        let text = "The formats are di\u{1B}erent: the \u{1D}attened tree is de\u{1C}ned \u{1C}rst.\n"
        let doc = Converter().convert(text: text, fileName: "tex.txt")
        let body = doc.chapters.flatMap(\.blocks).map(\.text).joined(separator: " ")
        #expect(body.contains("The formats are different: the flattened tree is defined first."))
    }

    @Test func keepsTypographyAndComposesAccents() {
        let quoted = "\u{201C}It\u{2019}s\u{201D} \u{2018}x\u{2019} \u{2014} 2015\u{2013}2023"
        #expect(TextNormalizer.normalize(quoted) == quoted)
        let composed = TextNormalizer.normalize("e\u{0301}")
        #expect(composed == "\u{00E9}")
        #expect(composed.unicodeScalars.count == 1)
        #expect(
            TextNormalizer.normalize("Asunci\u{00F3}n Ibarra-C\u{00E9}spedes")
                == "Asunci\u{00F3}n Ibarra-C\u{00E9}spedes")
        #expect(TextNormalizer.normalize("Bje\u{0301}lanc\u{0327}on") == "Bj\u{00E9}lan\u{00E7}on")
    }

    @Test func dropsControlAndInvisibleCharacters() {
        #expect(TextNormalizer.normalize("a\u{0007}b\u{0000}c") == "abc")
        #expect(TextNormalizer.normalize("zero\u{200B}width\u{FEFF}") == "zerowidth")
        #expect(TextNormalizer.normalize("priv\u{E000}ate") == "private")
        // The soft hyphen stays for the dehyphenator.
        #expect(TextNormalizer.normalize("co\u{00AD}") == "co\u{00AD}")
    }

    @Test func cleanDropsWordsLeftEmpty() {
        let style = TextStyle(size: 10)
        let words = [
            Word(text: "\u{FB01}ne", box: Box(x0: 0, y0: 0, x1: 10, y1: 10), style: style),
            Word(text: "\u{200B}", box: Box(x0: 12, y0: 0, x1: 14, y1: 10), style: style),
        ]
        let page = PageText(
            number: 1, width: 100, height: 100,
            lines: [
                Line(words: words),
                Line(words: [Word(text: "\u{0007}", box: Box(x0: 0, y0: 20, x1: 5, y1: 30), style: style)]),
            ])
        let cleaned = TextNormalizer.clean(page)
        #expect(cleaned.lines.count == 1)
        #expect(cleaned.lines.first?.text == "fine")
    }

    // MARK: PageFurniture

    @Test func twoColumnFurnitureIsRemovedAndLabelsKept() throws {
        let doc = try Converter().convert(file: Fixtures.path("two-column.pdf"))
        #expect(doc.pages.map(\.label) == ["7", "8"])
        let blocks = doc.allBlocks.map(\.block)
        for b in blocks {
            #expect(!b.text.contains("S E C U R I T Y"), "running header left in: \(b.text.prefix(60))")
            #expect(!b.text.uppercased().hasPrefix("SECURITY"))
            #expect(b.text != "7" && b.text != "8", "page number left as a block")
            #expect(!b.text.hasSuffix(" 7") && !b.text.hasSuffix(" 8"), "page number glued on: …\(b.text.suffix(40))")
        }
        // Furniture is cut, not the body text next to it (word loss is checked in SegmentTests).
        #expect(blocks.contains { $0.text.contains("Until then, the lesson for policymakers") })
        #expect(blocks.filter { $0.page == 2 }.count >= 3)
    }

    /// A line of 10-point words, 5 points a character, starting at `x`.
    static func line(_ text: String, x: Double = 50, y: Double, size: Double = 10) -> Line {
        var x = x
        let width = size / 2
        let words = text.split(separator: " ").map { token -> Word in
            defer { x += Double(token.count + 1) * width }
            return Word(
                text: String(token), box: Box(x0: x, y0: y, x1: x + Double(token.count) * width, y1: y + size),
                style: TextStyle(size: size))
        }
        return Line(words: words)
    }

    /// Slides that repeat a list, its last item just above a small running
    /// footer on a few of them: the item is content, the footer furniture.
    @Test func aRepeatedSlideLineAboveTheFooterIsContent() {
        let pages = (1...9).map { n in
            var lines = [
                Self.line(["Rivers cross borders.", "Trucks wait.", "Cities share radios."][n % 3], y: 200, size: 18),
                Self.line(
                    ["Treaties age badly.", "Customs duplicate work.", "Councils meet."][n % 3], y: 400, size: 18),
                Self.line("Cycling Training Software - User Survey", y: 740, size: 8),
            ]
            if n >= 6 { lines.append(Self.line("10. Planning is important but unsupported.", y: 700, size: 18)) }
            return PageText(number: n, width: 792, height: 612 * 1.3, lines: lines)
        }
        let cleaned = PageFurniture.remove(pages)
        for page in cleaned {
            #expect(!page.lines.contains { $0.text.hasPrefix("Cycling Training") })
            #expect(page.lines.contains { $0.text.hasPrefix("10. Planning") } == (page.number >= 6))
        }
    }

    @Test func furnitureOnSyntheticPages() {
        let pages = (1...3).map { n in
            PageText(
                number: n, width: 612, height: 792,
                lines: [
                    Self.line("Policy Brief No. 14 | \(n + 10)", y: 40),
                    Self.line(
                        ["Rivers cross borders.", "Trucks wait at posts.", "Cities share radios."][n - 1], y: 300),
                    Self.line(
                        ["Treaties age badly.", "Customs duplicate work.", "Councils meet monthly."][n - 1], y: 400),
                    Self.line(["Data must be shared.", "Delay is a tax.", "Trust takes time."][n - 1], y: 700),
                ])
        }
        let cleaned = PageFurniture.remove(pages)
        #expect(cleaned.map(\.label) == ["11", "12", "13"])
        for page in cleaned {
            #expect(page.lines.count == 3)
            #expect(!page.lines.contains { $0.text.hasPrefix("Policy Brief") })
        }
    }

    /// An audit report's pages: a four-line letterhead, "N/12" page numbers, and
    /// "Ibid." notes at the foot that read alike once their numbers are masked.
    @Test func letterheadPageOfPagesAndIbidNotes() {
        let pages = (1...4).map { n in
            PageText(
                number: n, width: 612, height: 792,
                lines: [
                    Self.line("Dr. Jane Roe, Audit Lab", x: 400, y: 40), Self.line("Main Street 14", x: 400, y: 51),
                    Self.line("10709 Berlin", x: 400, y: 62),
                    Self.line("audit.example · jane@audit.example", x: 400, y: 73),
                    Self.line(
                        ["Rivers cross borders.", "Trucks wait at posts.", "Cities share radios.", "Ports grow."][
                            n - 1], y: 200),
                    Self.line(
                        ["Treaties age badly.", "Customs duplicate work.", "Councils meet.", "Roads wear."][n - 1],
                        y: 400),
                    Self.line("\(n * 3) Ibid., \(20 + 7 * n).", y: 700),
                    Self.line("\(n)/4", x: 540, y: 740),
                ])
        }
        let cleaned = PageFurniture.remove(pages)
        #expect(cleaned.map(\.label) == ["1", "2", "3", "4"])
        for page in cleaned {
            #expect(page.lines.count == 3)
            #expect(page.lines.last?.text.contains("Ibid.") == true)
            #expect(page.removed.filter { $0.role == .runningHeader }.count == 4)
            #expect(page.removed.contains { $0.role == .pageNumber && $0.line.text == "\(page.number)/4" })
        }
    }

    @Test(
        arguments: [
            ("12", "12"), ("xiv", "xiv"), ("Page 3", "3"), ("3 of 40", "3"), ("Page 4 of 9", "4"),
            ("6/12", "6"), ("5 / 21", "5"), ("13/12", nil), ("and/or", nil),
            ("civil", nil), ("The 12 apostles", nil),
        ] as [(String, String?)])
    func pageNumberRecognition(text: String, expected: String?) {
        #expect(PageFurniture.pageNumber(in: text) == expected)
    }

    @Test func maskedKeyIgnoresLetterSpacingAndDigits() {
        #expect(PageFurniture.maskedKey("S E C U R I T Y") == PageFurniture.maskedKey("SECURITY"))
        #expect(PageFurniture.maskedKey("S E C U R I T Y") != PageFurniture.maskedKey("S H A R E D"))
        #expect(
            PageFurniture.maskedKey("Policy Brief No. 14 | 7") == PageFurniture.maskedKey("Policy Brief No. 15 | 8"))
        #expect(PageFurniture.maskedKey("Chapter iv") == PageFurniture.maskedKey("Chapter xii"))
        #expect(PageFurniture.maskedKey("Chapter One") != PageFurniture.maskedKey("Chapter Two"))
        #expect(PageNumber.isRoman("xiv") && PageNumber.isRoman("III"))
        #expect(!PageNumber.isRoman("civil") && !PageNumber.isRoman("lix x"))
    }
}
