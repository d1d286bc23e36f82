import CSVExporter
import FolioModel
import Foundation
import HTMLExporter
import MarkdownExporter
import Testing

@testable import FolioCore

/// Tables found on the page (`TableFinder`): cells aligned over rows become one
/// `table` block, and what is not a table stays text.
@Suite("Tables")
struct TableTests {
    /// One row of cells, each cell a line of its own at its column's left edge
    /// (numbers are right-aligned at `numberRight` when `right` is set).
    static func row(_ cells: [String], y: Double, columns: [Double], size: Double = 10) -> [Line] {
        zip(cells, columns).map { cell, x in Synthetic.line(cell, x: x, y: y, size: size) }
    }

    static func blocks(_ doc: Document) -> [Block] { doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter }

    @Test func anUnruledTableBetweenTwoHalvesOfAParagraph() throws {
        let before = Synthetic.paragraph(
            "The survey counted households in every region of the country and the results, set out in the table"
                + " below for the three largest regions, show how far the",
            x: 72, y: 100, width: 300, size: 10)
        let top = before.last!.box.y1 + 14
        let columns = [72.0, 200, 260]
        let cells = [
            ["Region", "2019", "2020"], ["North", "12.5", "13.1"], ["South", "8.2", "9.0"], ["East", "10.4", "11.7"],
        ]
        var table: [Line] = []
        for (i, r) in cells.enumerated() { table += Self.row(r, y: top + Double(i) * 13, columns: columns) }
        let after = Synthetic.paragraph(
            "regions differ in how quickly incomes recovered after the drought years, and why that matters for policy.",
            x: 72, y: table.last!.box.y1 + 14, width: 300, size: 10)
        let doc = Synthetic.convert([before + table + after])
        let blocks = Self.blocks(doc)
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        let tables = blocks.filter { $0.kind == .table }
        #expect(paragraphs.count == 1, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(paragraphs.first?.text.contains("show how far the regions differ") == true)
        #expect(tables.count == 1)
        #expect(tables.first?.rows == cells)
        #expect(tables.first?.text == "Region\t2019\t2020\nNorth\t12.5\t13.1\nSouth\t8.2\t9.0\nEast\t10.4\t11.7")
        // Never a heading, list item or note: no other kind than the paragraph and the table.
        #expect(blocks.allSatisfy { $0.kind == .paragraph || $0.kind == .table })
    }

    @Test func aTwoColumnBodyPageIsNotATable() {
        let left = Synthetic.paragraph(
            String(repeating: "Left column words run on here. ", count: 12), x: 72, y: 100, width: 220, size: 10)
        let right = Synthetic.paragraph(
            String(repeating: "Right column text goes on too. ", count: 12), x: 330, y: 100, width: 220, size: 10)
        let doc = Synthetic.convert([left + right])
        #expect(!Self.blocks(doc).contains { $0.kind == .table })
    }

    @Test func aTableInOneColumnLeavesTheTextOfTheOtherColumn() {
        let prose = Synthetic.paragraph(
            String(repeating: "Right column text goes on and on here. ", count: 10), x: 330, y: 100, width: 220,
            size: 10)
        let cells = [
            ["Stage", "Time", "Share"], ["Reading", "1.4", "2.4"], ["Waiting", "10.7", "18.9"],
            ["Writing", "3.3", "5.8"],
        ]
        var table: [Line] = []
        for (i, r) in cells.enumerated() { table += Self.row(r, y: 100 + Double(i) * 12, columns: [72, 180, 240]) }
        let left = Synthetic.paragraph(
            String(repeating: "Left column words run on here. ", count: 8), x: 72, y: 160, width: 220, size: 10)
        let blocks = Self.blocks(Synthetic.convert([table + left + prose]))
        let tables = blocks.filter { $0.kind == .table }
        #expect(tables.count == 1)
        #expect(tables.first?.rows == cells, "\(tables.map { $0.rows ?? [] })")
    }

    @Test func aNumberedListIsNotATable() {
        // The markers stand a tab away from their items, as aligned as table cells.
        var lines = [Synthetic.line("The plan has three parts:", x: 72, y: 100, size: 10)]
        for (i, item) in ["Train officers.", "Review programs.", "Publish results."].enumerated() {
            let y = 114 + Double(i) * 13
            lines += Self.row(["\(i + 1).", item], y: y, columns: [72, 92])
        }
        let doc = Synthetic.convert([lines])
        let blocks = Self.blocks(doc)
        #expect(!blocks.contains { $0.kind == .table })
        #expect(blocks.filter { $0.kind == .listItem }.count == 3, "\(blocks.map { ($0.kind, $0.text) })")
    }

    @Test func columnHeadsWrappedOverLinesAreOneHeaderRow() {
        let wrapped = [
            ["", "Some Year 1", "No Year 1", ""], ["", "Head Start", "Head Start", ""],
            ["Sample Group", "Participation", "Participation", "Total"],
            ["Head Start Group", "85.1%", "14.9%", "100%"],
        ]
        #expect(
            TableFinder.joiningWrappedHeader(wrapped) == [
                [
                    "Sample Group", "Some Year 1 Head Start Participation", "No Year 1 Head Start Participation",
                    "Total",
                ],
                ["Head Start Group", "85.1%", "14.9%", "100%"],
            ])
        // Years over quarters are two header rows, as printed.
        let spanning = [
            ["", "2007", "", "2008", ""], ["Country", "Q1", "Q2", "Q1", "Q2"], ["Chile", "1", "2", "3", "4"],
        ]
        #expect(TableFinder.joiningWrappedHeader(spanning) == spanning)
    }

    @Test func rowLabelsWrappedOverLinesAreOneCell() {
        let rows = [
            ["Total expenditure on", "", ""], ["health (% of GDP)", "5.6", "7.8"], ["Persons employed", "12", "14"],
            ["in agriculture", "", ""], ["Group label:", "", ""], ["Chile", "1", "2"],
        ]
        #expect(
            TableFinder.joiningWrappedStubs(rows) == [
                ["Total expenditure on health (% of GDP)", "5.6", "7.8"],
                ["Persons employed in agriculture", "12", "14"], ["Group label:", "", ""], ["Chile", "1", "2"],
            ])
    }

    @Test func exportersRenderATable() throws {
        let block = Block.table(rows: [["Region", "a|b"], ["North", "1\n2"]], page: 1)
        #expect(block.cells == [["Region", "a|b"], ["North", "1\n2"]])
        var plain = block
        plain.rows = nil
        #expect(plain.cells == [["Region", "a|b"], ["North", "1"], ["2"]])

        let doc = Document(
            source: Source(file: "t.pdf", sha256: "", pageCount: 1), title: nil, pages: [],
            chapters: [Chapter(index: 1, title: nil, startPage: 1, endPage: 1, blocks: [block])])
        let markdown = try MarkdownExporter().render(doc)
        #expect(markdown.contains("| Region | a\\|b |\n| --- | --- |\n| North | 1 2 |"), "\(markdown)")
        let html = try HTMLExporter().render(doc)
        #expect(
            html.contains(
                "<table>\n<tr><td>Region</td><td>a|b</td></tr>\n<tr><td>North</td><td>1\n2</td></tr>\n</table>"))
        let csv = try CSVExporter().render(doc)
        #expect(csv.contains(",table,,,\"Region\ta|b\nNorth\t1\n2\","))
    }

    /// Rows in a frame whose cells share left edges but never overlap from row
    /// to row (narrow pieces, slightly staggered): no column can be drawn, and
    /// the frame is read as no table instead of trapping.
    @Test func staggeredPiecesInAFrameAreNoTableAndNoTrap() {
        let style = TextStyle(size: 20)
        let lines = [(100.0, 100.0), (95, 130), (105, 160), (90, 190)].flatMap { x, y in
            [x, x + 200].map { left in
                Line(words: [Word(text: "a", box: Box(x0: left, y0: y, x1: left + 2, y1: y + 20), style: style)])
            }
        }
        let page = PageText(number: 1, width: 612, height: 792, lines: lines)
        let layout = PageLayout(page: page, blocks: [TextBlock(lines: lines)])
        #expect(TableFinder().framedTable(lines, on: layout) == nil)
    }
}
