import Foundation
import PopplerKit
import TesseractKit
import Testing

@testable import FolioCore

@Suite("Inverted text test")
struct InvertedTextTests {
    static func page(_ fixture: String, dpi: Int = 150) throws -> GrayImage {
        let doc = try PDFDocument(path: Fixtures.path(fixture))
        let bitmap = try #require(doc.page(at: 0)?.renderGray(dpi: dpi))
        return GrayImage(width: bitmap.width, height: bitmap.height, pixels: bitmap.pixels, dpi: bitmap.dpi)
    }

    @Test(arguments: ["scanned.pdf", "scan-names.pdf", "scan-float.pdf"])
    func plainScanHoldsNoInvertedText(fixture: String) throws {
        let image = try Self.page(fixture)
        #expect(!InvertedTextTest.mayHoldInvertedText(image))
    }

    @Test func whiteOnBlackBandMayHoldInvertedText() throws {
        var image = try Self.page("scanned.pdf")
        // A black band half an inch tall across the page, white letters on it.
        let top = image.height / 3
        let band = image.dpi / 2
        for y in top..<(top + band) {
            for x in 0..<image.width {
                let letter = (x / 12) % 3 != 0 && (y - top) > band / 4 && (y - top) < 3 * band / 4
                image.pixels[y * image.bytesPerRow + x] = letter && x % 12 < 4 ? 255 : 0
            }
        }
        #expect(InvertedTextTest.mayHoldInvertedText(image))
    }

    @Test func boldBlackTypeOnWhiteIsNotDarkGround() {
        // Heavy strokes a thirtieth of an inch thick with white between them: type, not a ground.
        var image = GrayImage(width: 1200, height: 1200, dpi: 150)
        for y in 100..<400 {
            for x in 100..<1100 where (x / 5) % 2 == 0 {
                image.pixels[y * image.bytesPerRow + x] = 0
            }
        }
        #expect(!InvertedTextTest.mayHoldInvertedText(image))
    }

    @Test func tinyImageIsNotRuledOut() {
        #expect(InvertedTextTest.mayHoldInvertedText(GrayImage(width: 10, height: 10, dpi: 300)))
    }
}
