import FolioDiff
import FolioModel
import Foundation
import JSONExporter
import Testing

/// Small editions built by hand: each test changes one thing and checks that
/// the diff reports exactly that (or nothing, for the differences CONTRACT.md
/// says are not changes).
@Suite("Diff: editions compared")
struct DiffTests {
    // MARK: Building editions

    static let intro = "Introduction"
    static let security = "Shared Borders: Security Cooperation in Central America"
    static let health = "After the Emergency: Building Resilient Health Systems"

    static let securityBody = [
        "Two decades of bilateral security assistance have produced few durable justice institutions in the region.",
        "Three factors help explain this pattern: weak financial supervision, the diffusion of firearms, and fragmented markets.",
        "Prosecutors in the capital report that caseloads doubled between 2015 and 2020 while budgets stayed flat.",
        "Regional cooperation agreements were signed in 2012 but their verification mechanisms were never funded.",
    ]
    static let healthBody = [
        "The pandemic revealed how thin primary care had become in rural districts across the isthmus.",
        "Vaccine supply chains depended on a single cold-storage warehouse in the capital for most of 2021.",
        "Health workers left for private clinics and for jobs abroad faster than training programs could replace them.",
    ]

    static func paragraph(_ text: String, page: Int = 1, refs: [String]? = nil) -> Block {
        Block(kind: .paragraph, text: text, page: page, footnoteRefs: refs)
    }

    static func chapter(
        _ index: Int, _ title: String, authors: [String] = ["Jane Q. Author"], _ blocks: [Block]
    ) -> Chapter {
        Chapter(index: index, title: title, authors: authors, startPage: index, endPage: index, blocks: blocks)
    }

    static func document(_ chapters: [Chapter], file: String = "edition.pdf", ocr: Bool = false) -> Document {
        let pageCount = max(1, chapters.flatMap(\.blocks).map(\.page).max() ?? 1)
        return Document(
            source: Source(file: file, sha256: String(repeating: "0", count: 64), pageCount: pageCount),
            title: "Partnerships in a Fragmented Decade",
            pages: (1...pageCount).map { Page(number: $0, method: ocr ? .ocr : .text, confidence: ocr ? 0.9 : nil) },
            chapters: chapters)
    }

    /// The first edition: an introduction and two chapters, one with notes.
    static var base: Document {
        document([
            chapter(
                1, intro,
                [Block(kind: .heading, text: "About This Volume", page: 1, level: 2)]
                    + [
                        paragraph(
                            "This volume asks what kinds of partnership still deliver results when trust is scarce.")
                    ]),
            chapter(
                2, security,
                securityBody.map { paragraph($0, page: 2) } + [
                    Block(kind: .heading, text: "Protection and Asylum Capacity", page: 2, level: 2),
                    paragraph(
                        "Asylum offices in the south processed twice as many claims in 2022 as in 2019.", page: 2),
                    Block(
                        kind: .footnote, text: "Author interview with a prosecutor, Tegucigalpa, May 2022.", page: 2,
                        label: "1"),
                ]),
            chapter(
                3, health,
                [paragraph(healthBody[0], page: 3, refs: ["1"])] + healthBody.dropFirst().map { paragraph($0, page: 3) }
                    + [
                        Block(
                            kind: .footnote, text: "Pan American Health Observatory, Annual Report 2021.", page: 3,
                            label: "1"),
                        Block(
                            kind: .footnote, text: "Author interview with an epidemiologist, San Pedro Sula, 2022.",
                            page: 3, label: "2"),
                    ]),
        ])
    }

    static func diff(_ old: Document, _ new: Document) -> EditionDiff { EditionDiffer().diff(old: old, new: new) }

    static func edit(_ document: Document, _ change: (inout [Chapter]) -> Void) -> Document {
        var copy = document
        change(&copy.chapters)
        return copy
    }

    // MARK: Not changes

    @Test func theSameEditionHasNoChanges() {
        let result = Self.diff(Self.base, Self.base)
        #expect(result.changes.isEmpty)
        #expect(result.noise.isEmpty)
        #expect(result.isUnchanged)
    }

    /// Ligatures, quote style, re-hyphenation, line breaks and case are not edits.
    @Test func typographyIsNotAChange() {
        let old = Self.edit(Self.base) {
            $0[2].blocks[0].text = "The pandemic’s toll showed how “thin” primary care had become in rural districts."
        }
        let new = Self.edit(Self.base) {
            $0[2].blocks[0].text =
                "The pandemic's toll showed how \"thin\" pri-\nmary care had be- come in rural\n districts."
        }
        let ligature = Self.edit(Self.base) {
            $0[2].blocks[1].text = Self.healthBody[1].replacingOccurrences(of: "fi", with: "\u{FB01}")
                .replacingOccurrences(of: "Vaccine", with: "VACCINE")
        }
        #expect(Self.diff(old, new).changes.isEmpty, "\(Self.diff(old, new).changes)")
        #expect(Self.diff(Self.base, ligature).changes.isEmpty)
    }

    /// A note inserted before the others renumbers them: only the new note and
    /// the sentence citing it are changes.
    @Test func renumberedNotesAreNotChanges() {
        let new = Self.edit(Self.base) {
            $0[2].blocks[0].footnoteRefs = ["2"]
            $0[2].blocks[3].label = "2"
            $0[2].blocks[4].label = "3"
            $0[2].blocks.insert(
                Block(kind: .footnote, text: "World Health Survey, 2023 wave.", page: 3, label: "1"), at: 3)
        }
        let result = Self.diff(Self.base, new)
        #expect(result.changes.count == 1, "\(result.changes)")
        #expect(result.changes.first?.type == .blockAdded)
        #expect(result.changes.first?.kind == .footnote)
        #expect(result.changes.first?.newText == "World Health Survey, 2023 wave.")
        #expect(result.changes.first?.newChapter == Self.health)
    }

    /// A paragraph broken in two at a page in one edition only is the same text.
    @Test func aParagraphSplitDifferentlyIsNoise() throws {
        let text = Self.securityBody[1]
        let cut = try #require(text[text.index(text.startIndex, offsetBy: 60)...].firstIndex(of: " "))
        let new = Self.edit(Self.base) {
            $0[1].blocks[1].text = String(text[..<cut])
            $0[1].blocks.insert(Self.paragraph(String(text[cut...]), page: 3), at: 2)
        }
        let result = Self.diff(Self.base, new)
        #expect(result.changes.isEmpty, "\(result.changes)")
        #expect(result.noise.map(\.reason) == [.blockSplit])
    }

    /// Letters misread inside words are noise on an OCR'd page, and an edit on a text page.
    @Test func ocrSlipsAreNoiseOnlyOnScannedPages() throws {
        let slipped = { (document: Document) in
            Self.edit(document) {
                $0[1].blocks[0].text =
                    "Two decades of bilateral securlty assistance have produced few durahle justice institutions in the region."
            }
        }
        let scanned = Self.document(Self.base.chapters, ocr: true)
        let ocr = Self.diff(Self.base, slipped(scanned))
        #expect(ocr.changes.isEmpty, "\(ocr.changes)")
        #expect(ocr.noise.map(\.reason) == [.ocrSlips])
        let text = Self.diff(Self.base, slipped(Self.base))
        #expect(text.changes.map(\.type) == [.blockEdited])
        // A changed number is never a slip.
        let figures = Self.diff(
            Self.base,
            Self.edit(scanned) {
                $0[1].blocks[2].text = Self.securityBody[2].replacingOccurrences(of: "2020", with: "2021")
            })
        #expect(figures.changes.map(\.type) == [.blockEdited])
        // Accented names misread, "rn" for "m" and marks beside a line are slips;
        // "a" becoming "an" is an edit even on a scan.
        let named = Self.edit(Self.base) {
            $0[1].blocks[3].text = "Ana Núñez said regional agreements were signed in 2012 but never funded."
        }
        let misread = Self.edit(scanned) {
            $0[1].blocks[3].text = "Ana Nihez said F I Ss regional agreements were signed in 2012 but never funded."
            $0[1].blocks[1].text = Self.securityBody[1].replacingOccurrences(of: "from", with: "frorn")
                .replacingOccurrences(of: "pattern", with: "pattem")
        }
        #expect(Self.diff(named, misread).changes.isEmpty, "\(Self.diff(named, misread).changes)")
        let article = Self.edit(scanned) {
            $0[1].blocks[0].text = Self.securityBody[0].replacingOccurrences(of: "few", with: "a few")
        }
        #expect(Self.diff(Self.base, article).changes.map(\.type) == [.blockEdited])
    }

    /// Text mode may leave a note marker in the text; a PDF's text layer never does.
    @Test func noteMarkersLeftInExtractedTextAreNoise() {
        let marked = { (document: Document) in
            Self.edit(document) {
                $0[1].blocks[0].text = Self.securityBody[0].replacingOccurrences(
                    of: "institutions", with: "institutions3")
                $0[1].blocks[2].text = Self.securityBody[2].replacingOccurrences(of: "flat.", with: "flat. 12")
            }
        }
        var textMode = Self.base
        textMode.source.file = "edition.txt"
        let fromText = Self.diff(Self.base, marked(textMode))
        #expect(fromText.changes.isEmpty, "\(fromText.changes)")
        #expect(fromText.noise.map(\.reason) == [.noteMarkers, .noteMarkers])
        #expect(Self.diff(Self.base, marked(Self.base)).changes.map(\.type) == [.blockEdited, .blockEdited])
    }

    /// A pull quote one extraction set apart and the other read into the
    /// paragraph it interrupted is noise on both sides; a real edit next to it is not.
    @Test func aPullQuoteReadIntoTheTextIsNoise() {
        let quote = "Health workers left faster than training programs could replace them."
        let old = Self.edit(Self.base) {
            $0[2].blocks.insert(Block(kind: .pullQuote, text: quote, page: 3), at: 1)
        }
        let interleaved = Self.edit(Self.base) {
            $0[2].blocks[1].text =
                "Vaccine supply chains depended on a single cold-storage " + quote
                + " warehouse in the capital for most of 2021."
        }
        let result = Self.diff(old, interleaved)
        #expect(result.changes.isEmpty, "\(result.changes)")
        #expect(result.noise.map(\.reason) == [.quoteInText, .quoteInText])
        let edited = Self.edit(interleaved) {
            $0[2].blocks[1].text = $0[2].blocks[1].text.replacingOccurrences(of: "2021", with: "2022")
        }
        #expect(
            Self.diff(old, edited).changes.map(\.type).sorted { $0.rawValue < $1.rawValue } == [
                .blockEdited, .blockRemoved,
            ])
    }

    /// A running header one extraction kept, repeated through the edition, is
    /// furniture; a heading that also stands in the other edition is not.
    @Test func aRunningHeaderKeptByOneExtractionIsNoise() {
        let header = Block(kind: .heading, text: "Institute for Hemispheric Affairs", page: 2, level: 2)
        let kept = Self.edit(Self.base) {
            $0[1].blocks.insert(header, at: 2)
            $0[2].blocks.insert(header, at: 1)
        }
        let result = Self.diff(Self.base, kept)
        #expect(result.changes.isEmpty, "\(result.changes)")
        #expect(result.noise.map(\.reason) == [.pageFurniture, .pageFurniture])
        let once = Self.edit(Self.base) { $0[1].blocks.insert(header, at: 2) }
        #expect(Self.diff(Self.base, once).changes.map(\.type) == [.blockAdded])
    }

    // MARK: Chapters

    @Test func chaptersAddedRemovedRetitledAndAuthorsChanged() throws {
        let water = Self.chapter(
            4, "Water and Harvests: Drought in the Dry Corridor",
            [
                Self.paragraph(
                    "Recurrent drought has pushed smallholders in the corridor to migrate seasonally.", page: 4),
                Self.paragraph(
                    "Irrigation schemes reached fewer than one in ten farms by the end of the decade.", page: 4),
            ])
        let new = Self.edit(Self.base) {
            $0[1].authors.append("Rodrigo Acevedo Paz")
            $0[2].title = "After the Emergency: Primary Care and the Health Workforce"
            $0.remove(at: 1)
            $0.append(water)
        }
        let result = Self.diff(Self.base, new)
        let byType = Dictionary(grouping: result.changes, by: \.type)
        #expect(byType[.chapterRemoved]?.map(\.oldChapter) == [Self.security])
        #expect(byType[.chapterAdded]?.map(\.newChapter) == [water.title])
        #expect(byType[.chapterRetitled]?.first?.oldChapter == Self.health)
        #expect(
            byType[.chapterRetitled]?.first?.newChapter == "After the Emergency: Primary Care and the Health Workforce")
        // The blocks of added and removed chapters are not listed one by one.
        #expect(result.changes.count == 3, "\(result.changes.map(\.type))")

        let coauthor = Self.edit(Self.base) { $0[1].authors.append("Rodrigo Acevedo Paz") }
        let authors = Self.diff(Self.base, coauthor).changes
        #expect(authors.map(\.type) == [.authorsChanged])
        #expect(authors.first?.oldAuthors == ["Jane Q. Author"])
        #expect(authors.first?.newAuthors == ["Jane Q. Author", "Rodrigo Acevedo Paz"])
        #expect(authors.first?.newChapter == Self.security)
    }

    /// Contributors pages the segmentation left in the last chapter are back
    /// matter: their changes carry the scope, the chapter's own do not.
    @Test func contributorsInTheLastChapterAreBackMatter() {
        let bios = { (bio: String) in
            Self.edit(Self.base) {
                $0[2].blocks += [
                    Block(kind: .heading, text: "ABOUT THE CONTRIBUTORS", page: 4, level: 2),
                    Self.paragraph(bio, page: 4),
                ]
            }
        }
        let old = bios("Jane Q. Author directs the regional program on justice and security at the institute.")
        var new = bios(
            "Jane Q. Author directs the regional program on justice, security and migration at the institute.")
        new.chapters[2].blocks[1].text = Self.healthBody[1] + " Stocks ran out twice."
        let changes = Self.diff(old, new).changes
        #expect(changes.count == 2)
        #expect(changes.map(\.scope) == [nil, .backMatter], "\(changes)")
    }

    // MARK: Blocks

    @Test func anEditedParagraphHasAWordDiff() throws {
        let new = Self.edit(Self.base) {
            $0[1].blocks[2].text =
                "Prosecutors in the capital report that caseloads tripled between 2015 and 2020 while budgets stayed flat."
        }
        let result = Self.diff(Self.base, new)
        let change = try #require(result.changes.first)
        #expect(result.changes.count == 1)
        #expect(change.type == .blockEdited)
        #expect(change.kind == .paragraph)
        #expect(change.oldChapter == Self.security && change.newChapter == Self.security)
        #expect(change.oldText == Self.securityBody[2])
        #expect(
            change.words?.filter { $0.op != .equal } == [
                .init(op: .delete, text: "doubled"), .init(op: .insert, text: "tripled"),
            ])
        #expect(change.oldID != change.newID)
    }

    /// A section (heading, paragraph and its note) moved to another chapter is
    /// one move per block; the blocks around it merely shift and have not moved.
    @Test func aSectionMovedToAnotherChapter() throws {
        let new = Self.edit(Self.base) {
            let section = Array($0[1].blocks[4...6])
            $0[1].blocks.removeSubrange(4...6)
            $0[2].blocks.insert(contentsOf: section.dropLast(), at: 3)
            $0[2].blocks.append(section[2])
        }
        let result = Self.diff(Self.base, new)
        #expect(result.changes.map(\.type) == [.blockMoved, .blockMoved, .blockMoved], "\(result.changes)")
        #expect(result.changes.allSatisfy { $0.oldChapter == Self.security && $0.newChapter == Self.health })
        #expect(result.changes.map(\.kind) == [.heading, .paragraph, .footnote])
    }

    @Test func aBlockMovedWithinItsChapter() throws {
        let new = Self.edit(Self.base) { $0[1].blocks.swapAt(0, 3) }
        let result = Self.diff(Self.base, new)
        // Swapping the first and last of four: two blocks left the run that kept its order.
        #expect(result.changes.allSatisfy { $0.type == .blockMoved && $0.oldChapter == $0.newChapter })
        #expect(result.changes.count == 2)
        // Inserting a block before others shifts them without moving them.
        let shifted = Self.edit(Self.base) {
            $0[1].blocks.insert(Self.paragraph("A new opening paragraph about the report's method and sources."), at: 0)
        }
        #expect(Self.diff(Self.base, shifted).changes.map(\.type) == [.blockAdded])
    }

    /// A text replaced beyond recognition is a removal plus an addition.
    @Test func aReplacedQuoteIsRemovedAndAdded() {
        let old = Self.edit(Self.base) {
            $0[2].blocks.insert(
                Block(kind: .pullQuote, text: "A vaccine in a warehouse protects nobody.", page: 3), at: 1)
        }
        let new = Self.edit(Self.base) {
            $0[2].blocks.insert(
                Block(kind: .pullQuote, text: "Clinics were the first to close and the last to reopen.", page: 3), at: 1
            )
        }
        let types = Self.diff(old, new).changes.map(\.type)
        #expect(types.sorted { $0.rawValue < $1.rawValue } == [.blockAdded, .blockRemoved])
    }

    // MARK: Identities

    @Test func identitiesLastWhileTheTextDoes() {
        let a = Self.base.withIdentities()
        let b = Self.edit(Self.base) {
            $0[1].blocks[0].text =
                "Two decades of bilateral security assis-\ntance have produced few durable justice institutions in the region."
            $0[1].blocks[1].text = "Changed entirely."
        }.withIdentities()
        #expect(a.chapters[1].blocks[0].id == b.chapters[1].blocks[0].id)
        #expect(a.chapters[1].blocks[1].id != b.chapters[1].blocks[1].id)
        #expect(a.chapters.map(\.id) == b.chapters.map(\.id))
        let ids = a.allBlocks.compactMap { $0.block.id }
        #expect(ids.count == a.allBlocks.count && Set(ids).count == ids.count)
        // A repeated text gets its occurrence number.
        let repeated = Self.document([
            Self.chapter(
                1, "Notes",
                [Block(kind: .footnote, text: "Ibid.", page: 1), Block(kind: .footnote, text: "Ibid.", page: 1)])
        ]).withIdentities()
        let notes = repeated.chapters[0].blocks.compactMap(\.id)
        #expect(notes.count == 2 && notes[1] == notes[0] + "-2")
        #expect(notes[0].range(of: "^[0-9a-f]{16}$", options: .regularExpression) != nil)
    }

    // MARK: Output

    /// Every change type, written as JSON, validates against schema/folio-diff-1.schema.json.
    @Test func jsonValidatesAgainstTheSchema() throws {
        let validator = JSONSchemaValidator(
            root: try JSONValue.parse(
                Data(contentsOf: Repo.root.appendingPathComponent("schema/folio-diff-1.schema.json"))))
        #expect(validator.unsupportedKeywords().isEmpty, "\(validator.unsupportedKeywords())")
        var new = Self.edit(Self.base) {
            $0[1].authors.append("Rodrigo Acevedo Paz")
            $0[2].title = "After the Emergency: Primary Care and the Health Workforce"
            $0[2].blocks[1].text = Self.healthBody[1] + " Stocks ran out twice."
            $0[2].blocks.append(Block(kind: .caption, text: "Figure 2. Coverage of the third dose.", page: 3))
            $0[1].blocks.remove(at: 0)
            let moved = $0[1].blocks.remove(at: 3)
            $0[0].blocks.append(moved)
            $0.append(
                Self.chapter(4, "Water and Harvests", [Self.paragraph("Drought pushed farmers to migrate.", page: 4)]))
        }
        new.chapters[0].blocks[0].text += " (Revised)"
        let result = Self.diff(Self.base, Self.document(new.chapters, ocr: true))
        #expect(Set(result.changes.map(\.type)).count == 7, "\(result.changes.map(\.type))")
        let data = Data(try DiffRenderer.json(result).utf8)
        let problems = validator.validate(try JSONValue.parse(data))
        #expect(problems.isEmpty, "\(problems)")
        #expect(try JSONDecoder().decode(EditionDiff.self, from: data) == result)
        // Not vacuous: a change without its text fails.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var changes = try #require(object["changes"] as? [[String: Any]])
        let edited = try #require(changes.firstIndex { $0["type"] as? String == "block_edited" })
        changes[edited]["old_text"] = nil
        object["changes"] = changes
        let broken = try JSONValue.parse(JSONSerialization.data(withJSONObject: object))
        #expect(!validator.validate(broken).isEmpty)
    }

    @Test func markdownAndHTMLEscapeEverything() {
        let new = Self.edit(Self.base) {
            $0[1].blocks[2].text = Self.securityBody[2] + " <script>alert('x')</script> *bold* & more"
        }
        let result = Self.diff(Self.base, new)
        let html = DiffRenderer.html(result)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("<ins>"))
        let markdown = DiffRenderer.markdown(result)
        #expect(markdown.contains("\\*bold\\*"))
        #expect(markdown.contains("**&lt;script&gt;") || markdown.contains("\\<script\\>"))
        #expect(DiffRenderer.markdown(Self.diff(Self.base, Self.base)).contains("No changes."))
    }
}

@Suite("Diff: the folio diff command")
struct DiffCommandTests {
    static var schema: JSONSchemaValidator {
        get throws {
            JSONSchemaValidator(
                root: try JSONValue.parse(
                    Data(contentsOf: Repo.root.appendingPathComponent("schema/folio-diff-1.schema.json"))))
        }
    }

    static let editions = Repo.shared.appendingPathComponent("corpus/editions")

    @Test func exitStatusFormatsAndOutputFile() throws {
        let dir = try TempDir("folio-diff")
        defer { dir.cleanUp() }
        let old = dir.file("old.json")
        let new = dir.file("new.json")
        try Data(JSONExporter().render(DiffTests.base).utf8).write(to: old)
        let edited = DiffTests.edit(DiffTests.base) {
            $0[1].blocks[2].text = DiffTests.securityBody[2].replacingOccurrences(of: "doubled", with: "tripled")
        }
        try Data(JSONExporter().render(edited).utf8).write(to: new)

        let json = try PluginHarness.folio(["diff", old.path, new.path])
        #expect(json.status == 1, "stderr: \(json.err)")
        let problems = try Self.schema.validate(JSONValue.parse(json.stdout))
        #expect(problems.isEmpty, "\(problems)")
        let report = try JSONDecoder().decode(EditionDiff.self, from: json.stdout)
        #expect(report.changes.map(\.type) == [.blockEdited])
        #expect(report.old.source == "edition.pdf")

        let same = try PluginHarness.folio(["diff", old.path, old.path])
        #expect(same.status == 0, "stderr: \(same.err)")
        #expect(try JSONDecoder().decode(EditionDiff.self, from: same.stdout).changes.isEmpty)

        let markdown = dir.file("changes.md")
        let md = try PluginHarness.folio(["diff", old.path, new.path, "--format", "md", "--output", markdown.path])
        #expect(md.status == 1 && md.stdout.isEmpty)
        let text = try String(contentsOf: markdown, encoding: .utf8)
        #expect(text.contains("Edited paragraph") && text.contains("~~doubled~~ **tripled**"), "\(text)")

        let html = try PluginHarness.folio(["diff", old.path, new.path, "--format", "html"])
        #expect(html.status == 1)
        #expect(html.out.contains("<del>doubled</del>") && html.out.contains("<ins>tripled</ins>"))

        // Trouble is 2: a missing input, a file that is not a Folio document, a bad format.
        #expect(try PluginHarness.folio(["diff", old.path, dir.file("missing.pdf").path]).status == 2)
        try Data("{\"schema\": \"other\"}".utf8).write(to: dir.file("other.json"))
        let other = try PluginHarness.folio(["diff", old.path, dir.file("other.json").path])
        #expect(other.status == 2 && other.err.contains("not a Folio document"), "\(other.err)")
        #expect(try PluginHarness.folio(["diff", old.path, new.path, "--format", "pdf"]).status == 2)
    }

    /// The side-by-side page parses as written in a real browser: every row,
    /// deletion and insertion survives, and hostile text stays text.
    @Test(
        .enabled(if: HTMLExporterTests.chromium != nil, "chromium is not installed"))
    func htmlRendersInChromium() throws {
        let new = DiffTests.edit(DiffTests.base) {
            $0[1].blocks[2].text = DiffTests.securityBody[2] + " <script>document.title='x'</script> & <b>more</b>"
            $0[2].title = "After the Emergency: Primary Care & <i>Workforce</i>"
            $0[1].blocks.remove(at: 0)
        }
        let html = DiffRenderer.html(DiffTests.diff(DiffTests.base, new))
        let dir = try TempDir("folio-diff-chromium")
        defer { dir.cleanUp() }
        let page = dir.file("diff.html")
        try Data(html.utf8).write(to: page)
        let dumped = try HTMLExporterTests.chrome(["--dump-dom", page.absoluteString], profile: dir)
        #expect(dumped.status == 0, "chromium: \(dumped.err.suffix(500))")
        let dom = dumped.out
        try #require(dom.contains("<body>"), "no DOM dumped: \(dumped.err.suffix(500))")
        for tag in ["tr", "td", "del", "ins", "th"] {
            #expect(
                HTMLExporterTests.count("<\(tag)[ >]", in: dom) == HTMLExporterTests.count("<\(tag)[ >]", in: html),
                "<\(tag)> count changed in the DOM")
        }
        #expect(HTMLExporterTests.count("<(script|b|i)[ >]", in: dom) == 0)
        #expect(dom.contains("&lt;script&gt;"))
        #expect(HTMLExporterTests.count("<tr[ >]", in: html) == 4)  // the header row and three changes
    }

    /// A PDF converted twice is the same edition.
    @Test func theSamePDFTwiceIsUnchanged() throws {
        let pdf = try Fixtures.path("two-column.pdf")
        let r = try PluginHarness.folio(["diff", pdf, pdf, "--format", "md"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("No changes."))
    }

    /// The editions pair's text layers: the diff validates against the schema
    /// and finds each kind of chapter change the pair holds.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: editions.path), "needs ../shared/corpus/editions"))
    func editionsDiffValidates() throws {
        let r = try PluginHarness.folio([
            "diff", Self.editions.appendingPathComponent("old.pdf").path,
            Self.editions.appendingPathComponent("new.pdf").path,
        ])
        #expect(r.status == 1, "stderr: \(r.err)")
        let problems = try Self.schema.validate(JSONValue.parse(r.stdout))
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        let types = Set(try JSONDecoder().decode(EditionDiff.self, from: r.stdout).changes.map(\.type))
        #expect(types == Set(ChangeType.allCases))
    }
}
