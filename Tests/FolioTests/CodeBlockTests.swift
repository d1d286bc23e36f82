import CSVExporter
import FolioModel
import Foundation
import HTMLExporter
import Testing

@testable import FolioCore
@testable import MarkdownExporter

/// Code listings (`CodeListing`): lines in a fixed-width face, in a document
/// whose prose is not, become one `code` block with their line breaks and
/// indentation, and the paragraph around them reads on.
@Suite("Code listings")
struct CodeBlockTests {
    static func blocks(_ doc: Document) -> [Block] { doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter }

    /// A PDF page: a sentence that breaks off for a Courier listing (one line
    /// indented by four characters) and goes on after it.
    static func listingPage() -> Data {
        MiniPDF.text([
            .init(text: "Folio Field Notes", size: 20),
            .init(text: "Each release is tagged in the repository with one command, and the tag", size: 10),
            .init(text: "names every file as it was on that day. The commands", size: 10),
            .init(text: "example% cvs tag RELEASE_1_4 kernel", size: 10, mono: true),
            .init(text: "example% cvs patch -rRELEASE_1_0 \\", size: 10, mono: true),
            .init(text: "-rRELEASE_1_4 kernel", size: 10, x: 72 + 4 * 6, mono: true),
            .init(text: "turn the tags into a patch that brings an old release up to date.", size: 10),
        ])
    }

    @Test func aListingBetweenTwoHalvesOfASentence() throws {
        let dir = try TempDir("folio-code")
        defer { dir.cleanUp() }
        let pdf = dir.file("listing.pdf")
        try Self.listingPage().write(to: pdf)
        let doc = try Converter().convert(file: pdf.path)
        let blocks = Self.blocks(doc)
        let code = blocks.filter { $0.kind == .code }
        #expect(code.count == 1, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(
            code.first?.text
                == "example% cvs tag RELEASE_1_4 kernel\nexample% cvs patch -rRELEASE_1_0 \\\n    -rRELEASE_1_4 kernel")
        let paragraphs = blocks.filter { $0.kind == .paragraph }
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first?.text.contains("The commands turn the tags into a patch") == true)
        // Never headings, list items or notes.
        #expect(blocks.allSatisfy { [.paragraph, .code].contains($0.kind) })

        let markdown = try MarkdownExporter().render(doc)
        #expect(markdown.contains("```\nexample% cvs tag RELEASE_1_4 kernel\n"), "\(markdown)")
        #expect(markdown.contains("\n    -rRELEASE_1_4 kernel\n```"))
        let html = try HTMLExporter().render(doc)
        #expect(html.contains("<pre><code>example% cvs tag RELEASE_1_4 kernel\n"))
        let csv = try CSVExporter().render(doc)
        #expect(csv.contains(",code,,,\"example% cvs tag RELEASE_1_4 kernel\n"))
    }

    /// A typewritten report, all in Courier: fixed width sets nothing apart.
    @Test func aDocumentAllInCourierHasNoListings() throws {
        let dir = try TempDir("folio-code")
        defer { dir.cleanUp() }
        let pdf = dir.file("typed.pdf")
        try MiniPDF.text([
            .init(text: "Memorandum on the Harbour", size: 14, mono: true),
            .init(text: "The harbour board met on Monday and agreed to dredge", size: 10, mono: true),
            .init(text: "the northern channel before the winter storms arrive.", size: 10, mono: true),
        ]).write(to: pdf)
        let blocks = Self.blocks(try Converter().convert(file: pdf.path))
        #expect(!blocks.contains { $0.kind == .code }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.text.contains("agreed to dredge the northern channel") })
    }

    /// A listing's fence is longer than any run of backticks inside it.
    @Test func fencesOutlastBackticks() {
        #expect(MarkdownExporter().fencedCode("a ``` b") == "````\na ``` b\n````")
        #expect(MarkdownExporter().fencedCode("x = 1") == "```\nx = 1\n```")
    }

    @Test(arguments: [
        ("Courier", true), ("ABCDEF+LiberationMono-Bold", true), ("CMTT10", true), ("SFTT1000", true),
        ("LMTypewriter10-Regular", true), ("Inconsolata-zi4r", true), ("Helvetica", false),
        ("ArialUnicodeMS", false), ("CMR10", false), ("Times-Roman", false),
    ])
    func monospaceFaces(name: String, expected: Bool) {
        #expect(TextStyle.isMonospace(name) == expected)
    }
}
