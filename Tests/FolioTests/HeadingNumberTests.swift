import FolioModel
import FolioText
import Foundation
import Testing

@testable import FolioCore

/// Numbered headings keep their numbers in one heading, and a run-in heading
/// (a bold lead-in on a paragraph's first line) stays its paragraph's opening words.
@Suite("Numbered and run-in headings")
struct HeadingNumberTests {
    static func blocks(_ doc: Document) -> [Block] { doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter }

    @Test func aSectionNumberSetApartJoinsItsTitle() {
        let heading = [
            Synthetic.line("2.1", x: 72, y: 100, size: 12, bold: true),
            Synthetic.line("High-Level Architecture", x: 72 + 3 * 6 + 14, y: 100, size: 12, bold: true),
        ]
        let body = Synthetic.paragraph(
            "The daemon reads requests from a character device and answers them through the same device, one by one.",
            x: 72, y: 120, width: 300, size: 10)
        let blocks = Self.blocks(Synthetic.convert([heading + body]))
        let headings = blocks.filter { $0.kind == .heading }.map(\.text)
        #expect(headings == ["2.1 High-Level Architecture"], "\(blocks.map { ($0.kind, $0.text) })")
    }

    @Test func aRunInHeadingStaysWithItsParagraph() {
        let lead = Synthetic.line("Tracing.", x: 72, y: 100, size: 10, bold: true)
        let first = Synthetic.line(
            "To understand the costs we record every request", x: 72 + 8 * 5 + 10, y: 100, size: 10)
        let rest = Synthetic.paragraph(
            "with its arrival time and the time its answer was written back to the kernel queue.",
            x: 72, y: 112, width: 300, size: 10)
        let blocks = Self.blocks(Synthetic.convert([[lead, first] + rest]))
        #expect(!blocks.contains { $0.kind == .heading }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.first?.text.hasPrefix("Tracing. To understand the costs we record every request with") == true)
    }

    /// "1. Background" in bold before its paragraph is a heading with its
    /// number; a bold numbered list stays a list.
    @Test func aNumberedHeadingIsNotAListItem() {
        var lines = [
            Synthetic.line("The Archive Review", x: 72, y: 60, size: 20),
            Synthetic.line("1. Background", x: 72, y: 100, size: 10, bold: true),
        ]
        lines += Synthetic.paragraph(
            "Version control grew out of the need to share one source tree among many developers at once.",
            x: 72, y: 116, width: 300, size: 10)
        lines.append(Synthetic.line("2. Recommendations", x: 72, y: 160, size: 10, bold: true))
        lines += Synthetic.paragraph("The board should act on three points.", x: 72, y: 176, width: 300, size: 10)
        for (k, item) in ["Fund the archive", "Hire two curators", "Publish the catalogue"].enumerated() {
            lines.append(Synthetic.line("\(k + 1). \(item)", x: 72, y: 200 + Double(k) * 16, size: 10, bold: true))
        }
        let blocks = Self.blocks(Synthetic.convert([lines]))
        #expect(
            blocks.filter { $0.kind == .heading }.map(\.text) == ["1. Background", "2. Recommendations"],
            "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.filter { $0.kind == .listItem }.map(\.label) == ["1.", "2.", "3."])
    }

    /// A numbered heading whose words the contents list repeats stays a heading:
    /// pull-quotes are not numbered.
    @Test func aNumberedHeadingListedInTheContentsIsNoPullQuote() {
        var lines = [Synthetic.line("The Gas Tables", x: 72, y: 60, size: 20)]
        lines += Synthetic.paragraph(
            "This report has three parts, and the second of them, 2.2 Equation of State for Ideal Mixtures, sets out"
                + " the relation the programme solves at every step of the calculation.",
            x: 72, y: 100, width: 300, size: 10)
        lines.append(Synthetic.line("2.2 Equation of State for Ideal Mixtures", x: 72, y: 200, size: 14, bold: true))
        lines += Synthetic.paragraph(
            "The pressure of a mixture is the sum of the pressures its gases would exert alone in the same volume.",
            x: 72, y: 224, width: 300, size: 10)
        let blocks = Self.blocks(Synthetic.convert([lines]))
        #expect(!blocks.contains { $0.kind == .pullQuote }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.kind == .heading && $0.text == "2.2 Equation of State for Ideal Mixtures" })
    }

    @Test(arguments: [
        ("2.1", true), ("5.2.1", true), ("A.3", true), ("3.1.", true), ("2", false), ("2.15.2024.1.1", false),
        ("v2.1", false), ("e.g.", false),
    ])
    func sectionNumbers(text: String, expected: Bool) {
        #expect(ListMarker.isSectionNumber(text) == expected)
    }
}
