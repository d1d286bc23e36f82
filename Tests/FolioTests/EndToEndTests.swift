import FolioModel
import Foundation
import Testing

@testable import FolioCore

/// The sample report (input/sample-report.pdf) against its truth, with metrics computed here.
@Suite("End to end")
struct EndToEndTests {
    struct Sample: Sendable {
        var predicted: Document
        var truth: Document
        /// Each truth chapter's running header, from the truth file's extra key.
        var runningHeaders: [String]
        var pageLabels: [String?]
    }

    static let sample: Result<Sample, ConversionError> = {
        do throws(ConversionError) {
            let predicted = try Converter().convert(file: Repo.sampleReport.path)
            guard let data = try? Fixtures.data("sample-report.truth.json"),
                let truth = try? JSONDecoder().decode(Document.self, from: data),
                let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let chapters = raw["chapters"] as? [[String: Any]]
            else { throw ConversionError(file: "sample-report.truth.json", reason: "cannot read the truth") }
            let headers = chapters.compactMap { $0["running_header"] as? String }
            let labels = (raw["page_labels"] as? [Any] ?? []).map { $0 as? String }
            return .success(Sample(predicted: predicted, truth: truth, runningHeaders: headers, pageLabels: labels))
        } catch {
            return .failure(error)
        }
    }()

    static func load() throws -> Sample { try sample.get() }

    static func bodyText(_ doc: Document) -> String {
        doc.allBlocks.map(\.block).filter { $0.kind.isBody }.map(\.text).joined(separator: "\n")
    }

    @Test func sourceAndPages() throws {
        let s = try Self.load()
        #expect(s.predicted.source.file == "sample-report.pdf")
        #expect(s.predicted.source.pageCount == 12)
        #expect(s.predicted.source.sha256 == s.truth.source.sha256)
        #expect(s.predicted.pages.map(\.number) == Array(1...12))
        #expect(s.predicted.pages.allSatisfy { $0.method == .text && $0.confidence == nil })
    }

    @Test func chapterTitlesAuthorsAndStartPages() throws {
        let s = try Self.load()
        let predicted = s.predicted.chapters
        #expect(predicted.count == s.truth.chapters.count, "chapters: \(predicted.map { $0.title ?? "nil" })")
        var titleHits = 0
        var authorHits = 0
        var pageHits = 0
        for t in s.truth.chapters {
            let title = try #require(t.title)
            guard
                let match = predicted.first(where: {
                    $0.title == title || TextMetrics.normalized($0.title ?? "") == TextMetrics.normalized(title)
                })
            else {
                Issue.record("no chapter titled \"\(title)\"; got \(predicted.map { $0.title ?? "nil" })")
                continue
            }
            titleHits += 1
            #expect(match.authors == t.authors, "authors of \"\(title)\"")
            #expect(match.startPage == t.startPage, "start page of \"\(title)\"")
            if match.authors == t.authors { authorHits += 1 }
            if match.startPage == t.startPage { pageHits += 1 }
        }
        print("sample chapters: titles \(titleHits)/3, authors \(authorHits)/3, start pages \(pageHits)/3")
        #expect(s.predicted.chapters.map(\.index) == Array(1...predicted.count))
    }

    @Test func endPages() throws {
        let s = try Self.load()
        #expect(s.predicted.chapters.map(\.endPage) == s.truth.chapters.map(\.endPage))
    }

    @Test func documentTitle() throws {
        let s = try Self.load()
        print("sample title: \(s.predicted.title ?? "nil")")
        let title = try #require(s.predicted.title)
        #expect(s.truth.title?.hasPrefix(title) == true)
        // The title page sets "Bridges and Borders" and its subtitle in different sizes;
        // only the main line is taken.
        withKnownIssue("the subtitle is not joined to the document title") {
            #expect(s.predicted.title == s.truth.title)
        }
    }

    @Test func pullQuotesAppearOnceAndNotAsBody() throws {
        let s = try Self.load()
        let truthQuotes = s.truth.allBlocks.map(\.block).filter { $0.kind == .pullQuote }.map(\.text)
        #expect(truthQuotes.count == 3)
        let blocks = s.predicted.allBlocks.map(\.block)
        for quote in truthQuotes {
            let n = TextMetrics.normalized(quote)
            let asQuote = blocks.filter { $0.kind == .pullQuote && TextMetrics.normalized($0.text) == n }
            #expect(asQuote.count == 1, "\"\(quote)\" appears \(asQuote.count) times as pull_quote")
            let asBody = blocks.filter { $0.kind.isBody && TextMetrics.normalized($0.text) == n }
            #expect(asBody.isEmpty, "\"\(quote)\" is also a separate body block")
            // The sentence itself stays in the running text, once.
            let inBody = blocks.filter { $0.kind.isBody }.map { TextMetrics.occurrences(of: quote, in: $0.text) }
                .reduce(0, +)
            #expect(inBody == 1, "\"\(quote)\" is \(inBody) times in the body text")
        }
        #expect(blocks.filter { $0.kind == .pullQuote }.count == truthQuotes.count)
    }

    @Test func bodySimilarity() throws {
        let s = try Self.load()
        let truth = Self.bodyText(s.truth)
        let predicted = Self.bodyText(s.predicted)
        let recall = TextMetrics.trigramShare(truth: truth, predicted: predicted)
        let precision = TextMetrics.trigramShare(truth: predicted, predicted: truth)
        print("sample body trigram recall \(TextMetrics.format(recall)), precision \(TextMetrics.format(precision))")
        // Measured 0.9942 / 0.9470 when written; floors are those minus a small margin.
        #expect(recall >= 0.98, "body trigram recall \(recall)")
        // Junk in the body (running headers, footnotes read as paragraphs) lowers precision.
        #expect(precision >= 0.94, "body trigram precision \(precision)")
    }

    @Test func blockKinds() throws {
        let s = try Self.load()
        func count(_ doc: Document, _ kind: BlockKind) -> Int { doc.allBlocks.filter { $0.block.kind == kind }.count }
        func texts(_ doc: Document, _ kind: BlockKind) -> Set<String> {
            Set(doc.allBlocks.map(\.block).filter { $0.kind == kind }.map { TextMetrics.normalized($0.text) })
        }
        for kind in [BlockKind.heading, .listItem, .caption] {
            let t = texts(s.truth, kind)
            let hits = t.intersection(texts(s.predicted, kind)).count
            print(
                "sample \(kind.rawValue): \(hits)/\(t.count) truth blocks matched, \(count(s.predicted, kind)) predicted"
            )
        }
        // Headings, list items and captions the truth has are all found.
        #expect(texts(s.truth, .heading).isSubset(of: texts(s.predicted, .heading)))
        #expect(texts(s.truth, .caption).isSubset(of: texts(s.predicted, .caption)))
        let listHits = texts(s.truth, .listItem).intersection(texts(s.predicted, .listItem)).count
        // A list item wrapped onto a second line used to be split into a list item and a paragraph.
        #expect(listHits == 9, "list items matched: \(listHits)/9")
        #expect(s.predicted.allBlocks.map(\.block).filter { $0.kind == .heading }.allSatisfy { $0.level == 2 })
    }

    @Test func footnotesAndReferences() throws {
        let s = try Self.load()
        let truthRefs = s.truth.allBlocks.map(\.block).filter { $0.footnoteRefs != nil }
        var refHits = 0
        for t in truthRefs {
            let key = String(t.text.prefix(40))
            if let p = s.predicted.allBlocks.map(\.block).first(where: { $0.text.hasPrefix(key) }),
                p.footnoteRefs == t.footnoteRefs
            {
                refHits += 1
            }
        }
        let truthNotes = texts(s.truth)
        let predictedNotes = texts(s.predicted)
        let noteHits = truthNotes.intersection(predictedNotes).count
        print("sample footnote refs \(refHits)/\(truthRefs.count), footnotes \(noteHits)/\(truthNotes.count)")
        #expect(
            refHits >= truthRefs.count - 1, "paragraphs with the right footnote refs: \(refHits)/\(truthRefs.count)")
        #expect(noteHits >= 3)
        #expect(noteHits == truthNotes.count)

        func texts(_ doc: Document) -> Set<String> {
            Set(doc.allBlocks.map(\.block).filter { $0.kind == .footnote }.map { TextMetrics.normalized($0.text) })
        }
    }

    @Test func runningHeadersAndPageLabels() throws {
        let s = try Self.load()
        #expect(s.runningHeaders.count == 3)
        let body = s.predicted.allBlocks.map(\.block)
        let spaced = s.runningHeaders.map {
            $0.uppercased().filter { !$0.isWhitespace }.map(String.init).joined(separator: " ")
        }
        let leaks = body.filter { b in spaced.contains { b.text.contains($0) } }
        let labels = s.predicted.pages.map(\.label)
        let labelHits = zip(labels, s.pageLabels).filter { $0 == $1 }.count
        print("sample running-header leaks \(leaks.count); page labels \(labelHits)/12: \(labels.map { $0 ?? "nil" })")
        #expect(labelHits >= 8)
        #expect(leaks.isEmpty)
        #expect(labels == s.pageLabels)
    }

    @Test func noHyphenationArtefacts() throws {
        let s = try Self.load()
        let body = Self.bodyText(s.predicted)
        #expect(!body.contains("replica-ble"))
        #expect(!body.contains("\u{00AD}"))
    }

    // MARK: OCR

    @Test func scannedPageIsOCRd() throws {
        let doc = try Converter().convert(file: Fixtures.path("scanned.pdf"))
        let truth = try Fixtures.string("scanned.txt")
        #expect(doc.pages.count == 1)
        let page = try #require(doc.pages.first)
        #expect(page.method == .ocr)
        let confidence = try #require(page.confidence)
        #expect(confidence > 0.5 && confidence <= 1)
        let text = Self.bodyText(doc)
        let share = TextMetrics.trigramShare(truth: truth, predicted: text)
        print(
            "scanned.pdf OCR trigram share \(TextMetrics.format(share)), confidence \(TextMetrics.format(confidence))")
        #expect(share >= 0.9, "OCR text: \(text)")
    }

    /// An English model reads `Bogota`, `Mufioz`, `Asunci6n`; the names are read
    /// again with the Latin-script model and keep their accents.
    @Test func scannedNamesKeepTheirAccents() throws {
        let truth = try Fixtures.string("scan-names.txt")
        let names = truth.split(whereSeparator: { !$0.isLetter }).map(String.init).filter {
            $0.unicodeScalars.contains { $0.value > 127 }
        }
        #expect(names.count == 12)
        func found(_ options: ConversionOptions) throws -> [String] {
            let text = Self.bodyText(try Converter(options: options).convert(file: Fixtures.path("scan-names.pdf")))
            let words = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
            return names.filter(words.contains)
        }
        let reread = try found(ConversionOptions())
        #expect(reread.count >= names.count - 1, "accented names read: \(reread)")
        let englishOnly = try found(ConversionOptions(accentModel: nil))
        #expect(englishOnly.count < names.count / 2, "the English model alone read \(englishOnly)")
    }

    /// `Martin` is an English word (the bird) and a name, so it is no candidate
    /// of its own; before a surname that came out with accents it is read again
    /// and keeps its own. The bird, the same name before an English surname and
    /// a place printed without accents stay as printed.
    @Test func givenNameBeforeAnAccentedSurnameKeepsItsAccent() throws {
        let doc = try Converter().convert(file: Fixtures.path("scan-given-names.pdf"))
        let text = Self.bodyText(doc)
        #expect(text.contains("Martín Zúñiga"), "\(text)")
        #expect(text.contains("purple martin nested"))
        #expect(text.contains("Martin Lewis"))
        #expect(text.contains("Mexico City") && !text.contains("México"))
    }

    /// A chart's tick labels and legend, read by OCR, stay out of the body; the
    /// paragraphs around it and its caption are kept.
    @Test func scannedChartLabelsAreNotBodyText() throws {
        let doc = try Converter().convert(file: Fixtures.path("scan-figure.pdf"))
        let truth = try Fixtures.string("scan-figure.txt").components(separatedBy: "\n\n")
        let blocks = doc.allBlocks.map(\.block)
        let paragraphs = blocks.filter { $0.kind == .paragraph }.map(\.text)
        #expect(paragraphs.count == 2, "paragraphs: \(paragraphs)")
        for (paragraph, expected) in zip(paragraphs, [truth[0], truth[2]]) {
            #expect(TextMetrics.trigramShare(truth: expected, predicted: paragraph) >= 0.9, "\(paragraph)")
        }
        let body = Self.bodyText(doc)
        for label in ["Paraguay", "Uruguay", "2016", "2019", "2022"] {
            #expect(!body.contains(label), "chart label \(label) in the body: \(body)")
        }
        let captions = blocks.filter { $0.kind == .caption }.map(\.text)
        #expect(captions.count == 1 && captions.first?.hasPrefix("Figure 1.") == true, "captions: \(captions)")
    }

    @Test func scannedPageWithoutOCRIsEmptyWithAWarning() throws {
        let doc = try Converter(options: ConversionOptions(ocr: .never)).convert(file: Fixtures.path("scanned.pdf"))
        #expect(doc.pages.map(\.method) == [.text])
        #expect(!doc.allBlocks.contains { $0.block.kind.isBody })
        #expect(doc.metadata.warnings.count == 1)
        #expect(doc.metadata.warnings.first?.contains("page 1") == true)
        #expect(doc.metadata.warnings.first?.contains("OCR") == true)
    }
}
