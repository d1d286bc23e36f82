import FolioModel
import PopplerKit
import TesseractKit

/// OCR of one rendered page into positioned text, in the same shape as a text
/// layer: words grouped into Tesseract's lines, boxes in points, and a type size
/// estimated from each line's height so the later stages can rank sizes.
struct OCRReader {
    let engine: OCREngine

    init(languages: String) throws(ConversionError) {
        do {
            engine = try OCREngine(languages: languages)
        } catch let error as OCRError {
            switch error {
            case .missingLanguage(let lang, let package):
                throw ConversionError(
                    file: "", reason: "OCR language '\(lang)' is not installed (apt-get install \(package))")
            default:
                throw ConversionError(file: "", reason: "OCR could not start: \(error)")
            }
        } catch {
            throw ConversionError(file: "", reason: "OCR could not start: \(error)")
        }
    }

    func read(_ bitmap: PDFGrayBitmap, number: Int, width: Double, height: Double, label: String?) -> PageText {
        let image = GrayImage(width: bitmap.width, height: bitmap.height, pixels: bitmap.pixels, dpi: bitmap.dpi)
        guard let result = try? engine.recognize(image) else {
            return PageText(
                number: number, width: width, height: height, method: .ocr, lines: [],
                warnings: ["page \(number): OCR failed"])
        }
        let scale = 72 / Double(bitmap.dpi)
        var lines: [Line] = []
        var current: [Word] = []
        var currentLine = -1
        for w in result.words where !w.text.trimmingCharacters(in: .whitespaces).isEmpty {
            if w.lineID != currentLine, !current.isEmpty {
                lines.append(Line(words: current))
                current = []
            }
            currentLine = w.lineID
            let box = Box(x0: w.box.x0 * scale, y0: w.box.y0 * scale, x1: w.box.x1 * scale, y1: w.box.y1 * scale)
            // Half-point steps keep the estimate from scattering the size ranks.
            let size = (w.fontSizePoints * 2).rounded() / 2
            current.append(Word(text: w.text, box: box, style: TextStyle(size: size), confidence: w.confidence))
        }
        if !current.isEmpty { lines.append(Line(words: current)) }
        let confidence = result.words.isEmpty ? nil : result.meanConfidence
        var page = PageText(
            number: number, width: width, height: height, label: label, method: .ocr, confidence: confidence,
            lines: lines)
        if lines.isEmpty { page.warnings.append("page \(number): OCR found no text") }
        return page
    }
}

import Foundation
