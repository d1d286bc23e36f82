import FolioModel
import Foundation
import HTMLExporter
import Testing

@testable import FolioCore
@testable import MarkdownExporter

/// A numbered list keeps its numbers: in `label`, which the item's text does
/// not repeat, and in every exporter. Bullets are no label.
@Suite("List labels")
struct ListLabelTests {
    @Test func numberedItemsKeepTheirNumbers() throws {
        let dir = try TempDir("folio-list")
        defer { dir.cleanUp() }
        let pdf = dir.file("steps.pdf")
        try MiniPDF.text([
            .init(text: "Valve Maintenance", size: 20),
            .init(text: "The crew follows three steps on every visit to the station:", size: 10),
            .init(text: "1. Open the valve on the left side of the pump.", size: 10),
            .init(text: "2. Close the gate behind the last truck.", size: 10),
            .init(text: "3. Report the reading to the district office.", size: 10),
            .init(text: "* Keep the logbook dry at all times.", size: 10),
        ]).write(to: pdf)
        let doc = try Converter().convert(file: pdf.path)
        let items = (doc.frontMatter + doc.allBlocks.map(\.block)).filter { $0.kind == .listItem }
        #expect(items.map(\.label) == ["1.", "2.", "3.", nil], "\(items.map { ($0.label, $0.text) })")
        #expect(items.first?.text == "Open the valve on the left side of the pump.")
        let markdown = try MarkdownExporter().render(doc)
        #expect(markdown.contains("\n1. Open the valve"), "\(markdown)")
        #expect(markdown.contains("\n3. Report the reading"))
        #expect(markdown.contains("\n- Keep the logbook dry at all times."))
        let html = try HTMLExporter().render(doc)
        #expect(html.contains("<li><span class=\"marker\">2.</span> Close the gate"))
    }

    @Test func markdownMarkers() {
        let md = MarkdownExporter()
        #expect(md.listMarker("12)") == "12) ")
        #expect(md.listMarker("(b)") == "- (b) ")
        #expect(md.listMarker(nil) == "- ")
    }
}
