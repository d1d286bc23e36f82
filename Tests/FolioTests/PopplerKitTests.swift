import Foundation
import PopplerKit
import Testing

@Suite("PopplerKit")
struct PopplerKitTests {
    /// Glyphs of the first occurrence of `needle` in the page's glyph stream.
    func glyphs(of needle: String, in text: PDFPageText) throws -> ArraySlice<PDFGlyph> {
        let chars = text.glyphs.map(\.character)
        let target = Array(needle.unicodeScalars)
        let start = try #require(
            chars.indices.first { i in
                i + target.count <= chars.count && Array(chars[i..<(i + target.count)]) == target
            }, "\"\(needle)\" not found in the glyph stream")
        return text.glyphs[start..<(start + target.count)]
    }

    @Test func opensTwoPageFixture() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        #expect(doc.pageCount == 2)
        #expect(doc.info.pageCount == 2)
        #expect(doc.page(at: 2) == nil)
        #expect(doc.page(at: -1) == nil)
        for index in 0..<2 {
            let page = try #require(doc.page(at: index))
            // US Letter.
            #expect(abs(page.size.width - 612) < 0.5)
            #expect(abs(page.size.height - 792) < 0.5)
        }
    }

    @Test func glyphBoxesLieInsideThePage() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        for index in 0..<doc.pageCount {
            let text = try #require(doc.page(at: index)).text()
            let visible = text.glyphs.filter { !$0.isSpace }
            #expect(visible.count > 40, "page \(index + 1) has only \(visible.count) visible glyphs")
            for g in visible {
                #expect(g.x0 >= 0 && g.y0 >= 0 && g.x1 <= text.width && g.y1 <= text.height)
                #expect(g.x1 > g.x0 && g.y1 > g.y0, "glyph \(g.character) has an empty box")
                #expect(text.fonts.indices.contains(g.font))
            }
        }
    }

    @Test func pageTextMatchesTheFixtureStrings() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let p1 = String(String.UnicodeScalarView(try #require(doc.page(at: 0)).text().glyphs.map(\.character)))
        let p2 = String(String.UnicodeScalarView(try #require(doc.page(at: 1)).text().glyphs.map(\.character)))
        #expect(p1.contains("Fixture Heading"))
        #expect(p1.contains("This sentence is set in italic type."))
        #expect(!p1.contains("Page two holds"))
        #expect(p2.contains("Page two holds one short paragraph and nothing else."))
    }

    @Test func fontNamesAndSizes() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let text = try #require(doc.page(at: 0)).text()

        let heading = try glyphs(of: "Fixture Heading", in: text).filter { !$0.isSpace }
        for g in heading {
            let font = text.fonts[g.font]
            #expect(abs(font.size - 18) < 0.5, "heading glyph \(g.character) is \(font.size) pt")
            #expect(font.name.lowercased().contains("bold"), "heading font is \(font.name)")
            #expect(font.name.contains("Helvetica"), "heading font is \(font.name)")
        }

        let body = try glyphs(of: "This is the first body paragraph", in: text).filter { !$0.isSpace }
        for g in body {
            let font = text.fonts[g.font]
            #expect(abs(font.size - 11) < 0.5, "body glyph \(g.character) is \(font.size) pt")
            #expect(font.name.contains("Times"), "body font is \(font.name)")
            #expect(!font.name.lowercased().contains("bold"))
        }

        let italic = try glyphs(of: "set in italic type", in: text).filter { !$0.isSpace }
        for g in italic {
            #expect(
                text.fonts[g.font].name.lowercased().contains("italic"), "italic font is \(text.fonts[g.font].name)")
        }

        // The heading sits above the first paragraph.
        let headingBottom = heading.map(\.y1).max() ?? 0
        let bodyTop = body.map(\.y0).min() ?? 0
        #expect(headingBottom < bodyTop)
    }

    @Test func footnoteMarkerIsSmallerAndRaised() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let text = try #require(doc.page(at: 0)).text()
        let run = try glyphs(of: "2020.1", in: text)
        let digitZero = run[run.startIndex + 3]
        let marker = run[run.endIndex - 1]
        #expect(marker.character == "1")
        #expect(text.fonts[marker.font].size < 0.85 * text.fonts[digitZero.font].size)
        #expect(marker.y1 < digitZero.y1 - 1, "marker bottom \(marker.y1) vs baseline \(digitZero.y1)")
    }

    // MARK: Open errors

    @Test func damagedFileIsReportedAsDamaged() throws {
        let path = try Fixtures.path("damaged.pdf")
        let error = #expect(throws: PDFOpenError.self) { try PDFDocument(path: path) }
        guard case .damaged(let why) = error else {
            Issue.record("expected .damaged, got \(String(describing: error))")
            return
        }
        #expect(!why.isEmpty)
        #expect(error?.description.hasPrefix("damaged PDF") == true)
    }

    @Test func textFileIsNotAPDF() throws {
        let path = try Fixtures.path("not-a-pdf.pdf")
        #expect(throws: PDFOpenError.notAPDF) { try PDFDocument(path: path) }
    }

    @Test func emptyFileIsReportedAsEmpty() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = dir.file("empty.pdf").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: PDFOpenError.emptyFile) { try PDFDocument(path: path) }
    }

    @Test func missingFileIsNotFound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).pdf").path
        #expect(throws: PDFOpenError.fileNotFound) { try PDFDocument(path: path) }
    }

    @Test func directoryIsUnreadable() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = dir.url.path
        let error = #expect(throws: PDFOpenError.self) { try PDFDocument(path: path) }
        guard case .unreadable = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
    }

    @Test func encryptedNeedsThePassword() throws {
        let path = try Fixtures.path("encrypted.pdf")
        #expect(throws: PDFOpenError.passwordRequired) { try PDFDocument(path: path) }
        #expect(throws: PDFOpenError.wrongPassword) { try PDFDocument(path: path, password: "nope") }
        let doc = try PDFDocument(path: path, password: "secret")
        #expect(doc.pageCount == 1)
        let text = String(String.UnicodeScalarView(try #require(doc.page(at: 0)).text().glyphs.map(\.character)))
        #expect(text.contains("encrypted"), "decrypted text: \(text)")
    }

    // MARK: Rendering

    @Test func renderGrayAt72DPI() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let page = try #require(doc.page(at: 0))
        let text = page.text()
        let bitmap = try #require(page.renderGray(dpi: 72))
        #expect(bitmap.width == 612)
        #expect(bitmap.height == 792)
        #expect(bitmap.dpi == 72)
        #expect(bitmap.pixels.count == bitmap.width * bitmap.height)

        func darkShare(x0: Double, y0: Double, x1: Double, y1: Double) -> Double {
            var dark = 0
            var total = 0
            for y in max(0, Int(y0))..<min(bitmap.height, Int(y1.rounded(.up))) {
                for x in max(0, Int(x0))..<min(bitmap.width, Int(x1.rounded(.up))) {
                    total += 1
                    if bitmap.pixels[y * bitmap.width + x] < 128 { dark += 1 }
                }
            }
            return total == 0 ? 0 : Double(dark) / Double(total)
        }

        // Ink where the heading's glyphs are…
        let heading = try glyphs(of: "Fixture Heading", in: text)
        let box = (
            x0: heading.map(\.x0).min()!, y0: heading.map(\.y0).min()!,
            x1: heading.map(\.x1).max()!, y1: heading.map(\.y1).max()!
        )
        let inkInHeading = darkShare(x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1)
        #expect(inkInHeading > 0.1, "dark share in the heading box: \(inkInHeading)")
        // …and white paper in the margins and below the text.
        #expect(darkShare(x0: 0, y0: 0, x1: 612, y1: 30) == 0)
        #expect(darkShare(x0: 0, y0: 700, x1: 612, y1: 792) == 0)
        #expect(darkShare(x0: 0, y0: 0, x1: 20, y1: 792) == 0)
    }

    @Test func renderScalesWithDPI() throws {
        let doc = try PDFDocument(path: Fixtures.path("two-page.pdf"))
        let page = try #require(doc.page(at: 1))
        let bitmap = try #require(page.renderGray(dpi: 144))
        #expect(bitmap.width == 1224)
        #expect(bitmap.height == 1584)
        #expect(bitmap.pixels.contains { $0 < 64 })
    }

    @Test func scannedPageHasImageButNoText() throws {
        let doc = try PDFDocument(path: Fixtures.path("scanned.pdf"))
        let text = try #require(doc.page(at: 0)).text()
        #expect(text.glyphs.filter { !$0.isSpace }.isEmpty)
        #expect(try #require(doc.page(at: 0)).imageCoverage() > 0.05)
    }
}
