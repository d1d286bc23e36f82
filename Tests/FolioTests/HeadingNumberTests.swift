import FolioModel
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

    @Test(arguments: [
        ("2.1", true), ("5.2.1", true), ("A.3", true), ("3.1.", true), ("2", false), ("2.15.2024.1.1", false),
        ("v2.1", false), ("e.g.", false),
    ])
    func sectionNumbers(text: String, expected: Bool) {
        #expect(LayoutAnalyzer.isSectionNumber(text) == expected)
    }
}
