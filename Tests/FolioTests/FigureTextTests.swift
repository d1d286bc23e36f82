import CSVExporter
import FolioModel
import Foundation
import HTMLExporter
import PopplerKit
import Testing

@testable import FolioCore
@testable import MarkdownExporter

/// The text of drawn charts and diagrams (`DrawingFinder`, `FigureTextFinder`):
/// labels on a drawing become one `figure` block, never headings, list items or
/// pieces of a sentence, and the paragraph around the chart reads on. Text in
/// a frame that reads as prose, and short lines with no drawing under them, stay prose.
@Suite("Figure text")
struct FigureTextTests {
    static func blocks(_ doc: Document) -> [Block] { doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter }

    static func convert(_ pdf: Data) throws -> Document {
        let dir = try TempDir("folio-figure")
        defer { dir.cleanUp() }
        let file = dir.file("page.pdf")
        try pdf.write(to: file)
        return try Converter().convert(file: file.path)
    }

    /// A bar chart drawn with paths between two halves of a sentence: axes,
    /// four bars, tick labels beside the axis, quarter labels under the bars, a
    /// unit label, and the caption under it.
    static func chartPage() -> Data {
        let body: [MiniPDF.Placed] = [
            .init(text: "Quarterly Exports", x: 72, top: 90, size: 20),
            .init(text: "Exports grew in every quarter of the year, and the chart below sets the", x: 72, top: 130),
            .init(text: "figures side by side for each port. The steepest rise came", x: 72, top: 146),
            .init(text: "Figure 1. Exports by quarter, in thousands of tonnes.", x: 72, top: 410),
            .init(text: "in the third quarter, when two new routes opened and the older harbours", x: 72, top: 440),
            .init(text: "took on night shifts to clear the waiting ships.", x: 72, top: 456),
        ]
        let labels: [MiniPDF.Placed] = [
            .init(text: "150", x: 80, top: 244, size: 8), .init(text: "100", x: 80, top: 284, size: 8),
            .init(text: "50", x: 84, top: 324, size: 8), .init(text: "0", x: 88, top: 364, size: 8),
            .init(text: "Q1", x: 142, top: 378, size: 8), .init(text: "Q2", x: 212, top: 378, size: 8),
            .init(text: "Q3", x: 282, top: 378, size: 8), .init(text: "Q4", x: 352, top: 378, size: 8),
            .init(text: "Tonnes", x: 404, top: 250, size: 8),
        ]
        // Origin at the bottom left: the axes meet at (100, 792 - 360).
        let drawing = """
            0 g 1 w 100 432 m 100 592 l S 100 432 m 400 432 l S
            0.5 g 130 432 40 60 re f 200 432 40 90 re f 270 432 40 140 re f 340 432 40 110 re f
            """
        return MiniPDF.drawn(body + labels, drawing: drawing)
    }

    @Test func aChartsLabelsAreOneFigureBlockAndTheParagraphReadsOn() throws {
        let doc = try Self.convert(Self.chartPage())
        let blocks = Self.blocks(doc)
        let figures = blocks.filter { $0.kind == .figure }
        #expect(figures.count == 1, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(figures.first?.text == "150\nTonnes\n100\n50\n0\nQ1\nQ2\nQ3\nQ4", "\(figures.first?.text ?? "")")
        for label in ["Q1", "Q3", "150", "Tonnes"] {
            #expect(figures.first?.text.contains(label) == true, "\(label) not in the figure")
            #expect(!blocks.contains { $0.kind != .figure && $0.text.contains(label) }, "\(label) outside the figure")
        }
        // Read top to bottom: the highest tick first, the quarters last.
        #expect(figures.first?.text.hasPrefix("150") == true)
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1, "\(paragraphs.map(\.text))")
        #expect(paragraphs.first?.text.contains("The steepest rise came in the third quarter") == true)
        #expect(
            blocks.filter { $0.kind == .caption }.map(\.text) == [
                "Figure 1. Exports by quarter, in thousands of tonnes."
            ])
        #expect(!blocks.contains { $0.kind == .heading && $0.text != "Quarterly Exports" })
        #expect(!blocks.contains { $0.kind == .listItem || $0.kind == .footnote })

        let markdown = try MarkdownExporter().render(doc)
        #expect(markdown.contains("```figure\n150\n"), "\(markdown)")
        let html = try HTMLExporter().render(doc)
        #expect(html.contains("<figure class=\"figure-text\"><pre>150\n"))
        let csv = try CSVExporter().render(doc)
        #expect(csv.contains(",figure,,,\"150\n"))
    }

    /// The same labels with no drawing under them: nothing says they are a
    /// figure's, so they stay the document's text.
    @Test func labelsWithoutADrawingStayText() throws {
        let body: [MiniPDF.Placed] = [
            .init(text: "Quarterly Exports", x: 72, top: 90, size: 20),
            .init(text: "Exports grew in every quarter of the year, and the ports kept pace.", x: 72, top: 130),
            .init(text: "Q1", x: 142, top: 378, size: 8), .init(text: "Q2", x: 212, top: 378, size: 8),
            .init(text: "Q3", x: 282, top: 378, size: 8), .init(text: "Q4", x: 352, top: 378, size: 8),
            .init(text: "Tonnes", x: 410, top: 250, size: 8), .init(text: "150", x: 80, top: 244, size: 8),
        ]
        let doc = try Self.convert(MiniPDF.drawn(body, drawing: ""))
        let blocks = Self.blocks(doc)
        #expect(!blocks.contains { $0.kind == .figure }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.text.contains("Q3") })
    }

    /// A boxed table whose middle column holds phrases, between two halves of
    /// a paragraph: the rows read like text split by wide spaces, so the
    /// tables stage leaves them, but the frame and the rows' shared left edges
    /// make them a table, not a figure's labels.
    @Test func aBoxedTableOfPhrasesIsATable() throws {
        let rows = [
            ("Workload", "Description", "Results"),
            ("seq-read", "Threads read one large file from start to end", "rows 1-8"),
            ("rnd-read", "Threads read blocks of one file in random order", "rows 9-16"),
            ("seq-write", "One thread writes a new file from start to end", "rows 17-20"),
            ("file-create", "Threads create small files over many directories", "rows 21-22"),
        ]
        var pieces: [MiniPDF.Placed] = [
            .init(text: "Workloads", x: 72, top: 90, size: 20),
            .init(text: "Each workload below ran three times on both devices, and the", x: 72, top: 130),
            .init(text: "results tables give the mean. The workloads are", x: 72, top: 146),
            .init(text: "listed with the rows of the results that belong to them.", x: 72, top: 360),
        ]
        for (i, row) in rows.enumerated() {
            let top = 200 + 24 * Double(i)
            pieces += [
                .init(text: row.0, x: 80, top: top, size: 8), .init(text: row.1, x: 160, top: top, size: 8),
                .init(text: row.2, x: 440, top: top, size: 8),
            ]
        }
        // The frame, a rule under every row and between the columns (origin at the bottom left).
        var grid = "0 g 0.5 w 72 474 432 120 re S"
        for i in 1..<rows.count { grid += " 72 \(594 - 24 * i) m 504 \(594 - 24 * i) l S" }
        grid += " 152 474 m 152 594 l S 432 474 m 432 594 l S"
        let doc = try Self.convert(MiniPDF.drawn(pieces, drawing: grid))
        let blocks = Self.blocks(doc)
        #expect(!blocks.contains { $0.kind == .figure }, "\(blocks.map { ($0.kind, $0.text) })")
        let table = try #require(blocks.first { $0.kind == .table }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(table.rows == rows.map { [$0.0, $0.1, $0.2] }, "\(table.rows ?? [])")
        #expect(blocks.contains { $0.kind == .paragraph && $0.text.contains("The workloads are listed with the rows") })
    }

    /// A framed sidebar of prose, on a page whose scattered short lines make
    /// it worth rendering: the frame is a drawing, but what it holds reads as
    /// sentences, so it stays prose.
    @Test func proseInAFrameIsNoFigure() throws {
        let sidebar = [
            "The port authority reviewed every berth in the spring and found that",
            "most of the older quays can take the larger ships once they are dredged",
            "to the new depth, which the council agreed to fund over three years",
            "from the harbour dues rather than from the general budget of the city.",
        ]
        let pieces: [MiniPDF.Placed] =
            [.init(text: "Harbour Notes", x: 72, top: 90, size: 20)]
            + sidebar.enumerated().map { .init(text: $1, x: 90, top: 160 + 16 * Double($0)) } + [
                .init(text: "North", x: 300, top: 300, size: 8), .init(text: "South quay", x: 420, top: 330, size: 8),
                .init(text: "East", x: 150, top: 360, size: 8), .init(text: "West basin", x: 480, top: 390, size: 8),
                .init(text: "Dock 7", x: 230, top: 420, size: 8),
            ]
        // A frame around the four lines of prose (origin at the bottom left).
        let frame = "0 g 1 w 80 572 440 74 re S"
        let pdf = MiniPDF.drawn(pieces, drawing: frame)
        // The page is rendered and the frame found: it is the reading that says no.
        #expect(try Self.drawings(pdf)?.count == 1)
        let doc = try Self.convert(pdf)
        let blocks = Self.blocks(doc)
        #expect(!blocks.contains { $0.kind == .figure }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.kind == .paragraph && $0.text.contains("found that most of the older quays") })
    }

    /// A quote set in short centred lines inside a frame: the lines stand apart
    /// like labels, but they read as a sentence (four words in ten carry it), so
    /// they are no figure.
    @Test func aQuoteInShortLinesInAFrameIsNoFigure() throws {
        let body = (0..<4).map {
            MiniPDF.Placed(
                text: "The harbour board met in March and agreed on the new schedule for all the ships.", x: 72,
                top: 130 + 16 * Double($0))
        }
        let quote = [
            "Three factors", "help explain", "this pattern:", "the pull of", "the buyers and", "the rise of",
            "the utilities.",
        ]
        let pieces =
            body + quote.enumerated().map { .init(text: $1, x: 250 - 3 * Double($1.count), top: 260 + 16 * Double($0)) }
        // A frame around the quote (origin at the bottom left).
        let doc = try Self.convert(MiniPDF.drawn(pieces, drawing: "0 g 1 w 150 400 220 150 re S"))
        let blocks = Self.blocks(doc)
        #expect(!blocks.contains { $0.kind == .figure }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.text.contains("explain this pattern:") })
    }

    /// A cover: the title in display type over a picture, with a few short lines
    /// about it. The title stays the document's.
    @Test func aTitleOverAPictureStaysTheTitle() throws {
        let pieces: [MiniPDF.Placed] =
            [
                .init(text: "Harbours of the North", x: 120, top: 220, size: 28),
                .init(text: "Policy Brief", x: 90, top: 180, size: 9), .init(text: "No. 14", x: 400, top: 180, size: 9),
                .init(text: "May 2024", x: 250, top: 300, size: 9),
                .init(text: "Trade Institute", x: 150, top: 330, size: 9),
            ]
            + (0..<6).map {
                .init(
                    text: "The ports of the north coast handled more freight this year than in any year before.", x: 72,
                    top: 420 + 16 * Double($0))
            }
        // A tinted picture behind the title (origin at the bottom left).
        let doc = try Self.convert(MiniPDF.drawn(pieces, drawing: "0.6 g 72 442 468 200 re f"))
        #expect(doc.title == "Harbours of the North", "\(Self.blocks(doc).map { ($0.kind, $0.text) })")
        #expect(!Self.blocks(doc).contains { $0.kind == .figure && $0.text.contains("Harbours") })
    }

    /// The drawing itself, found under the words' own ink: one region that
    /// holds the axes and bars, and nothing where only text is.
    /// The drawings `DrawingFinder` finds on the first page of `pdf`, or nil when
    /// its text gives no hint of a figure (the page is then not rendered).
    static func drawings(_ pdf: Data) throws -> [Box]? {
        let page = try #require(try PDFDocument(data: pdf).page(at: 0))
        let text = TextLayerReader().read(page.text(), number: 1)
        guard DrawingFinder.mayHoldDrawing(text) else { return nil }
        let bitmap = try #require(page.renderGray(dpi: DrawingFinder.dpi))
        return DrawingFinder.regions(in: bitmap, page: text)
    }

    @Test func theDrawingIsFoundUnderTheText() throws {
        let drawings = try #require(try Self.drawings(Self.chartPage()))
        #expect(drawings.count == 1, "\(drawings)")
        let drawing = try #require(drawings.first)
        // `folio inspect` shows it.
        let dir = try TempDir("folio-figure")
        defer { dir.cleanUp() }
        let file = dir.file("chart.pdf")
        try Self.chartPage().write(to: file)
        #expect(try Converter().inspect(file: file.path).pages.first?.drawings == drawings)
        // The axes span x 100…400 and, from the top, y 200…360.
        #expect(abs(drawing.x0 - 100) < 4 && abs(drawing.x1 - 400) < 4, "\(drawing)")
        #expect(abs(drawing.y0 - 200) < 4 && abs(drawing.y1 - 360) < 4, "\(drawing)")
    }
}

/// Real documents nobody here wrote (`../shared/real/wild`): an architecture
/// diagram in a paper, a UML diagram in a specification, and a paper's
/// displayed formulas come out as figure and equation blocks, not as headings
/// and one-word paragraphs.
@Suite("Figures and formulas in real documents")
struct RealFigureTests {
    static func wild(_ name: String) -> URL { Repo.shared.appendingPathComponent("real/wild/\(name)/\(name).pdf") }
    static let present = FileManager.default.fileExists(atPath: wild("fast17-vangoor").path)

    static func blocks(_ name: String) throws -> [Block] {
        let doc = try Converter().convert(file: wild(name).path)
        return doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter
    }

    @Test(.enabled(if: present, "needs ../shared/real/wild"))
    func aPapersArchitectureDiagramIsAFigure() throws {
        let blocks = try Self.blocks("fast17-vangoor")
        let onPage3 = blocks.filter { $0.page == 3 }
        let diagram = try #require(onPage3.first { $0.kind == .figure && $0.text.contains("FUSE library") })
        for label in ["Kernel", "User", "VFS", "Application"] {
            #expect(diagram.text.split(separator: "\n").contains { $0.hasPrefix(label) }, "\(label)")
            #expect(!onPage3.contains { $0.kind == .heading && $0.text == label }, "\(label) is a heading")
        }
        // The caption stays the document's, and the numbered heading above the diagram stays a heading.
        #expect(onPage3.contains { $0.kind == .caption && $0.text.hasPrefix("Figure 1: FUSE high-level architecture") })
        #expect(onPage3.contains { $0.kind == .heading && $0.text == "2.1 High-Level Architecture" })
    }

    /// A paper's boxed table of workloads, whose descriptions are phrases, is a
    /// table; a diagram whose labels happen to stand in two columns (a revision
    /// tree beside its tags) stays a figure.
    @Test(.enabled(if: present, "needs ../shared/real/wild"))
    func aBoxedTableIsATableAndALabelledDiagramAFigure() throws {
        let paper = try Self.blocks("fast17-vangoor")
        let table = try #require(paper.first { $0.kind == .table && $0.page == 8 })
        let rows = table.rows ?? []
        #expect(rows.count == 13 && rows.allSatisfy { $0.count == 3 }, "\(rows)")
        #expect(rows.first == ["Workload Name", "Description", "Results"])
        #expect(rows.contains { $0.first == "file-server" && $0.last == "[row #43]" }, "\(rows)")
        #expect(!paper.contains { $0.kind == .figure && $0.text.contains("Workload Name") })

        let cvs = try Self.blocks("cvs-paper")
        #expect(cvs.contains { $0.kind == .figure && $0.page == 4 && $0.text.contains("SunOS_4_0_3") })
        #expect(!cvs.contains { $0.kind == .table && $0.page == 4 })
    }

    /// A specification's gridded revision history, its descriptions wrapped
    /// over lines: one row a revision, the wrapped lines in their cell, and the
    /// heading over the grid stays a heading.
    @Test(.enabled(if: present, "needs ../shared/real/wild"))
    func aGriddedTableKeepsItsWrappedCellsInTheirRows() throws {
        let blocks = try Self.blocks("GeoBase_NHNC1_Data_Model_UML_EN").filter { $0.page == 3 }
        #expect(blocks.contains { $0.kind == .heading && $0.text == "REVISION HISTORY" }, "\(blocks.map(\.text))")
        let rows = try #require(blocks.first { $0.kind == .table }?.rows)
        #expect(rows.count == 9 && rows.first == ["Date", "Version", "Description"], "\(rows)")
        #expect(
            rows.contains {
                $0.first == "July 2003" && $0.last?.hasSuffix("and the Yukon. Meeting in Victoria, May 2003.") == true
            }, "\(rows)")
    }

    /// A report's back cover in three columns (points, a blurb, a tinted box)
    /// whose rules and tint join into one drawing: its lines run on as
    /// sentences in two columns, so they are neither a table nor a figure.
    @Test(.enabled(if: redpPresent, "needs ../shared/real/docling-redp5110"))
    func proseInColumnsOverADrawingIsNoTable() throws {
        let url = Repo.shared.appendingPathComponent("real/docling-redp5110/docling-redp5110.pdf")
        let doc = try Converter().convert(file: url.path)
        let cover = (doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter).filter { $0.page == 18 }
        #expect(!cover.contains { $0.kind == .table || $0.kind == .figure }, "\(cover.map { ($0.kind, $0.text) })")
        #expect(cover.contains { $0.text.contains("offers a broad description of the function and advantages") })
    }
    static let redpPresent = FileManager.default.fileExists(
        atPath: Repo.shared.appendingPathComponent("real/docling-redp5110/docling-redp5110.pdf").path)

    @Test(.enabled(if: present, "needs ../shared/real/wild"))
    func aUMLDiagramsBoxesAreNoHeadings() throws {
        let blocks = try Self.blocks("GeoBase_NHNC1_Data_Model_UML_EN")
        let onPage17 = blocks.filter { $0.page == 17 }
        #expect(onPage17.contains { $0.kind == .figure && $0.text.contains("ManMadeHydrographicPointEntity") })
        #expect(!onPage17.contains { $0.kind == .heading && $0.text.contains("Entity") }, "\(onPage17.map(\.text))")
    }

    @Test(.enabled(if: present, "needs ../shared/real/wild"))
    func aPapersFormulasAreEquationsAndItsSentencesReadOn() throws {
        let blocks = try Self.blocks("RJournal-stringdist-2014")
        let equations = blocks.filter { $0.kind == .equation }
        // The Hamming distance with its limits and number, the LCS distance's cases with theirs.
        #expect(equations.contains { $0.text.contains("dhamming (s, t) =") && $0.text.contains("(2)") })
        #expect(equations.contains { $0.text.contains("0 if s = t = ε,") && $0.text.contains("(3)") })
        // Math at the end of a sentence stays in its paragraph.
        #expect(blocks.contains { $0.kind == .paragraph && $0.text.hasSuffix("giving a distance of 1 − 25·3 ≈ 0.17.") })
        #expect(!equations.contains { $0.text.contains("giving") })
    }
}
