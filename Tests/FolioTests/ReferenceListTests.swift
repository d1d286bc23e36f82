import FolioModel
import Foundation
import HTMLExporter
import Testing

@testable import FolioCore

/// Reference lists (`ReferenceList`): the entries under a "References" heading
/// are `reference` blocks, one an entry, in PDF and in text mode; what follows
/// the list under another heading is the document's again.
@Suite("Reference lists")
struct ReferenceListTests {
    static func blocks(_ doc: Document) -> [Block] { doc.frontMatter + doc.allBlocks.map(\.block) + doc.backMatter }

    static let entries = [
        "[1] A. Smith. Harbours of the north coast. Journal of Ports, 12(3):4-19, 2001.",
        "[2] B. Jones and C. Brown. Ships and tides. Sea Press, 2002.",
        "[3] D. White. Trade routes of the Baltic. In Proceedings of the Harbour Conference, 2003.",
    ]

    @Test func aPapersReferencesAreOneBlockAnEntry() throws {
        let pdf = MiniPDF.text([
            .init(text: "Harbour Studies", size: 20),
            .init(text: "The ports of the north coast grew in every decade of the last century.", size: 10),
            .init(text: "References", size: 14),
            .init(text: Self.entries[0], size: 10),
            .init(text: Self.entries[1], size: 10),
            // A link the entry runs on to, on a line of its own.
            .init(text: "http://example.org/ships-and-tides.pdf", size: 10),
            .init(text: Self.entries[2], size: 10),
            .init(text: "Appendix", size: 14),
            .init(text: "The tables below list every harbour by its tonnage in the last year.", size: 10),
        ])
        let dir = try TempDir("folio-references")
        defer { dir.cleanUp() }
        let file = dir.file("paper.pdf")
        try pdf.write(to: file)
        let doc = try Converter().convert(file: file.path)
        let blocks = Self.blocks(doc)
        let references = blocks.filter { $0.kind == .reference }.map(\.text)
        #expect(
            references == [
                Self.entries[0], Self.entries[1] + " http://example.org/ships-and-tides.pdf", Self.entries[2],
            ], "\(blocks.map { ($0.kind, $0.text) })")
        // The list ends at the next heading of its level.
        #expect(blocks.contains { $0.kind == .paragraph && $0.text.hasPrefix("The tables below list") })
        #expect(try HTMLExporter().render(doc).contains("<p class=\"reference\">[1] A. Smith."))
    }

    /// Plain text runs the heading and the entries together into one paragraph.
    @Test func plainTextsRunTogetherEntriesAreCutApart() {
        let text = """
            Harbour Studies

            The ports of the north coast grew in every decade of the last century, and the
            harbour board kept a record of every ship that called.

            8. References \(Self.entries[0]) \(Self.entries[1])
            \(Self.entries[2])
            """
        let doc = Converter().convert(text: text, fileName: "paper.txt")
        let blocks = Self.blocks(doc)
        #expect(
            blocks.contains { $0.kind == .heading && $0.text == "8. References" },
            "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.filter { $0.kind == .reference }.map(\.text) == Self.entries)
    }

    /// A bare number under the heading (a stray folio) is no entry, and a
    /// bracketed page reference inside an entry cuts nothing.
    @Test func entriesAreCutOnlyAtTheirOwnLabels() {
        #expect(
            ReferenceList.entries(in: "[1] A. Smith. Ports [p114]. 2001. [3] Out of order. [2] B. Jones. Tides.")
                == ["[1] A. Smith. Ports [p114]. 2001. [3] Out of order.", "[2] B. Jones. Tides."])
        #expect(
            ReferenceList.entries(in: "[BAY77] Bayer, R. Trees. 1977. [TPC90] Council. Benchmark.")
                == ["[BAY77] Bayer, R. Trees. 1977.", "[TPC90] Council. Benchmark."])
        let marked = ReferenceList.mark([
            Block(kind: .heading, text: "References", page: 3, level: 2),
            Block(kind: .paragraph, text: "Brokaw, R.S., 1960, Thermal conductivity of gas mixtures.", page: 3),
            Block(kind: .paragraph, text: "31", page: 3),
        ])
        #expect(marked.map(\.kind) == [.heading, .reference, .paragraph])
    }

    /// Author–year entries that plain text ran together are cut where an entry
    /// ends and the next author begins, never inside an entry.
    @Test func authorYearEntriesRunTogetherAreCutApart() {
        let entries = [
            "A. Borg and M. Sariyar. RecordLinkage: Record linkage in R, 2012. URL http://example.org/rl. [p111]",
            "L. Boytsov. Indexing methods for approximate dictionary searching. Journal of Algorithms, 16:1-91, 2011.",
            "Brokaw, R.S., 1960, Thermal conductivity of gas mixtures in chemical equilibrium. In J. Smith, editor, Gases, Vol. 4.",
            "W. Cohen, P. Ravikumar, and S. Fienberg. A comparison of string metrics. In Proceedings of the Workshop, 2003.",
        ]
        #expect(ReferenceList.authorEntries(in: entries.joined(separator: " ")) == entries)
        // One entry, however many names and stops it holds.
        #expect(ReferenceList.authorEntries(in: entries[2] + " " + entries[2]).count == 2)
        #expect(ReferenceList.authorEntries(in: entries[1]) == [entries[1]])
    }
}
