import FolioModel
import Foundation
import HTMLExporter
import Testing

@testable import FolioCore
@testable import MarkdownExporter

/// Displayed formulas (`Line.isMostlyMath`, `LayoutAnalyzer.joinFormulas`):
/// a line set apart in a math font, with its number, is one `equation` block,
/// and the sentence it stands in reads on; math inside a sentence stays in it.
@Suite("Equations")
struct EquationTests {
    static func blocks(_ pieces: [MiniPDF.Placed]) throws -> (Document, [Block]) {
        let dir = try TempDir("folio-equation")
        defer { dir.cleanUp() }
        let file = dir.file("page.pdf")
        try MiniPDF.drawn(pieces, drawing: "").write(to: file)
        let doc = try Converter().convert(file: file.path)
        return (doc, doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter)
    }

    static let title = MiniPDF.Placed(text: "A Small Model", x: 72, top: 90, size: 20)

    @Test func aDisplayedFormulaWithItsNumberIsOneBlock() throws {
        let (doc, blocks) = try Self.blocks([
            Self.title,
            .init(text: "The energy of the whole system is the sum of its three parts, written", x: 72, top: 130),
            .init(text: "a = b + g", x: 260, top: 156, symbol: true),
            .init(text: "(1)", x: 520, top: 156),
            .init(text: "where each term stands for one of the parts of the model described above.", x: 72, top: 182),
        ])
        let equations = blocks.filter { $0.kind == .equation }
        #expect(equations.map(\.text) == ["α=β+γ\n(1)"], "\(blocks.map { ($0.kind, $0.text) })")
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first?.text.contains("three parts, written where each term stands") == true)
        #expect(!blocks.contains { $0.kind == .heading && $0.text != "A Small Model" })

        #expect(try MarkdownExporter().render(doc).contains("```equation\nα=β+γ\n(1)\n```"))
        #expect(try HTMLExporter().render(doc).contains("<div class=\"equation\"><pre>α=β+γ\n(1)</pre></div>"))
    }

    /// A Greek letter in a sentence, and a sentence whose last line holds only
    /// math flush with the lines above it: both read on as prose.
    @Test func mathInsideASentenceStaysInIt() throws {
        let (_, blocks) = try Self.blocks([
            Self.title,
            .init(text: "The angle", x: 72, top: 130),
            .init(text: "a", x: 118, top: 130, symbol: true),
            .init(text: "stays small in every case we measured, and the model holds while", x: 126, top: 130),
            .init(text: "a < b.", x: 72, top: 146, symbol: true),
            .init(text: "Beyond that bound the second term grows too fast for the sum to settle.", x: 72, top: 172),
        ])
        #expect(!blocks.contains { $0.kind == .equation }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.kind == .paragraph && $0.text.hasSuffix("the model holds while α < β.") })
    }
}
