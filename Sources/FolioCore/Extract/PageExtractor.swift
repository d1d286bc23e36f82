import FolioModel
import FolioText
import Foundation
import PopplerKit

/// Where a PDF comes from: a file, or bytes held in memory.
enum PDFSource: Sendable {
    case file(String)
    case data(Data)

    func open(password: String?) throws(PDFOpenError) -> PDFDocument {
        switch self {
        case .file(let path): return try PDFDocument(path: path, password: password)
        case .data(let data): return try PDFDocument(data: data, password: password)
        }
    }
}

/// One worker's extraction state: its own poppler document (poppler objects
/// must not be shared across threads) and, once a page needs it, its own OCR engine.
struct PageExtractor {
    let document: PDFDocument
    let options: ConversionOptions
    /// The input's name in errors.
    let name: String
    private var ocr: OCRReader?

    init(_ pdf: PDFSource, name: String, options: ConversionOptions) throws(ConversionError) {
        do {
            document = try pdf.open(password: options.password)
        } catch {
            throw ConversionError(file: name, reason: error.description)
        }
        self.options = options
        self.name = name
    }

    mutating func extract(pageIndex: Int) throws(ConversionError) -> PageText {
        let number = pageIndex + 1
        guard let page = document.page(at: pageIndex) else {
            return PageText(
                number: number, width: 0, height: 0, lines: [], warnings: ["page \(number) could not be read"])
        }
        let layer = page.text()
        let text = TextLayerReader().read(layer, number: number)
        let decision = OCRDecision(
            glyphs: layer.glyphs, mode: options.ocr, imageCoverage: page.imageCoverage,
            inkCoverage: { page.inkCoverage() })
        guard decision.useOCR else {
            var text = text
            if text.lines.isEmpty && page.imageCoverage() > 0.05 {
                text.warnings.append("page \(number) is an image without a text layer; it was not OCR'd (--ocr never)")
            }
            if DrawingFinder.mayHoldDrawing(text), let bitmap = page.renderGray(dpi: DrawingFinder.dpi) {
                text.drawings = DrawingFinder.regions(in: bitmap, page: text)
            }
            return text
        }
        if ocr == nil {
            do {
                ocr = try OCRReader(languages: options.ocrLanguages, accentModel: options.accentModel)
            } catch {
                throw ConversionError(file: name, reason: error.reason)
            }
        }
        guard let bitmap = page.renderGray(dpi: options.ocrDPI) else {
            var text = text
            text.warnings.append("page \(number) could not be rendered for OCR")
            return text
        }
        return ocr!.read(bitmap, number: number, width: layer.width, height: layer.height, label: layer.label)
    }
}

/// Whether a page goes to OCR: no text layer, or one that is unusable (mostly
/// unmapped glyphs, or a page-sized image with next to no text on it).
struct OCRDecision {
    let useOCR: Bool

    /// `imageCoverage` is a pass over the page of its own, taken only for pages
    /// with little text.
    /// `inkCoverage` (a coarse rendering) is asked only of a page without text
    /// whose image mapping reports nothing: a scan drawn rotated or in strips.
    init(glyphs: [PDFGlyph], mode: OCRMode, imageCoverage: () -> Double, inkCoverage: () -> Double = { 0 }) {
        switch mode {
        case .always: useOCR = true
        case .never: useOCR = false
        case .auto:
            var visible = 0
            var unusable = 0
            for g in glyphs where !g.isSpace {
                visible += 1
                if Self.isUnusable(g.character) { unusable += 1 }
            }
            if visible < 10 {
                // Blank pages stay blank; only pages with images can hold unextracted text.
                useOCR = imageCoverage() > 0.05 || inkCoverage() > 0.01
            } else if Double(unusable) > 0.3 * Double(visible) {
                useOCR = true
            } else {
                useOCR = visible < 200 && imageCoverage() > 0.6
            }
        }
    }

    /// Unmapped (U+FFFD), private-use or control characters: glyphs without meaning.
    static func isUnusable(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c.value < 0x20 || c.value == 0x7F }
        let category = c.properties.generalCategory
        return c == "\u{FFFD}" || category == .privateUse || category == .control
    }
}
