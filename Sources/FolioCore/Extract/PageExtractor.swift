import FolioModel
import PopplerKit

/// One worker's extraction state: its own poppler document (poppler objects
/// must not be shared across threads) and, when needed, its own OCR engine.
struct PageExtractor {
    let document: PDFDocument
    let options: ConversionOptions

    init(path: String, options: ConversionOptions) throws(ConversionError) {
        do {
            document = try PDFDocument(path: path, password: options.password)
        } catch {
            throw ConversionError(file: path, reason: error.description)
        }
        self.options = options
    }

    mutating func extract(pageIndex: Int) -> PageText {
        let number = pageIndex + 1
        guard let page = document.page(at: pageIndex) else {
            return PageText(number: number, width: 0, height: 0, lines: [], warnings: ["page \(number) could not be read"])
        }
        let layer = page.text()
        var text = TextNormalizer.clean(TextLayerReader().read(layer, number: number))
        if text.lines.isEmpty && options.ocr == .never {
            text.warnings.append("page \(number) has no text layer (OCR is off)")
        } else if text.lines.isEmpty {
            text.warnings.append("page \(number) has no text layer")
        }
        return text
    }
}
