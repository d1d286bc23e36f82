import FolioModel
import PopplerKit

/// One worker's extraction state: its own poppler document (poppler objects
/// must not be shared across threads) and, once a page needs it, its own OCR engine.
struct PageExtractor {
    let document: PDFDocument
    let options: ConversionOptions
    let path: String
    private var ocr: OCRReader?

    init(path: String, options: ConversionOptions) throws(ConversionError) {
        do {
            document = try PDFDocument(path: path, password: options.password)
        } catch {
            throw ConversionError(file: path, reason: error.description)
        }
        self.options = options
        self.path = path
    }

    mutating func extract(pageIndex: Int) throws(ConversionError) -> PageText {
        let number = pageIndex + 1
        guard let page = document.page(at: pageIndex) else {
            return PageText(
                number: number, width: 0, height: 0, lines: [], warnings: ["page \(number) could not be read"])
        }
        let layer = page.text()
        let text = TextNormalizer.clean(TextLayerReader().read(layer, number: number))
        let decision = OCRDecision(layer: layer, mode: options.ocr)
        guard decision.useOCR else {
            var text = text
            if text.lines.isEmpty && layer.imageCoverage > 0.05 {
                text.warnings.append("page \(number) is an image without a text layer; it was not OCR'd (--ocr never)")
            }
            return text
        }
        if ocr == nil {
            do {
                ocr = try OCRReader(languages: options.ocrLanguages)
            } catch {
                throw ConversionError(file: path, reason: error.reason)
            }
        }
        guard let bitmap = page.renderGray(dpi: options.ocrDPI) else {
            var text = text
            text.warnings.append("page \(number) could not be rendered for OCR")
            return text
        }
        let ocrText = ocr!.read(bitmap, number: number, width: layer.width, height: layer.height, label: layer.label)
        return TextNormalizer.clean(ocrText)
    }
}

/// Whether a page goes to OCR: no text layer, or one that is unusable (mostly
/// unmapped glyphs, or a page-sized image with next to no text on it).
struct OCRDecision {
    let useOCR: Bool

    init(layer: PDFPageText, mode: OCRMode) {
        switch mode {
        case .always: useOCR = true
        case .never: useOCR = false
        case .auto:
            let visible = layer.glyphs.filter { !$0.character.isWhitespace }
            let unusable = visible.filter { ch in
                ch.character.unicodeScalars.contains {
                    $0 == "\u{FFFD}" || $0.properties.generalCategory == .privateUse
                        || ($0.properties.generalCategory == .control)
                }
            }
            if visible.count < 10 {
                // Blank pages stay blank; only pages with images can hold unextracted text.
                useOCR = layer.imageCoverage > 0.05
            } else if Double(unusable.count) > 0.3 * Double(visible.count) {
                useOCR = true
            } else {
                useOCR = layer.imageCoverage > 0.6 && visible.count < 200
            }
        }
    }
}
