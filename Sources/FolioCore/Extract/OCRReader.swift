import FolioModel
import Foundation
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
        var grouped: [[OCRWord]] = []
        var currentLine = -1
        for w in result.words where !w.text.trimmingCharacters(in: .whitespaces).isEmpty {
            if w.lineID != currentLine || grouped.isEmpty { grouped.append([]) }
            currentLine = w.lineID
            grouped[grouped.count - 1].append(w)
        }
        // One style per type size, shared by the words set in it.
        var styles: [Double: TextStyle] = [:]
        let lines = grouped.flatMap { words -> [Line] in
            let size = Self.typeSize(of: words, scale: scale)
            let style = styles[size] ?? TextStyle(size: size)
            styles[size] = style
            return GapSplitter.split(
                Line(
                    words: words.map { w in
                        let box = Box(
                            x0: w.box.x0 * scale, y0: w.box.y0 * scale, x1: w.box.x1 * scale, y1: w.box.y1 * scale)
                        return Word(text: w.text, box: box, style: style, confidence: w.confidence)
                    }))
        }
        let confidence = result.words.isEmpty ? nil : result.meanConfidence
        var page = PageText(
            number: number, width: width, height: height, label: label, method: .ocr, confidence: confidence,
            lines: lines)
        if lines.isEmpty { page.warnings.append("page \(number): OCR found no text") }
        return page
    }
}

extension OCRReader {
    /// A line's type size from its words' ascent above the baseline. The line
    /// box grows with skew and with descenders; the ascent of the tallest letters
    /// (capitals, b d f h k l t, found in nearly every line) is about 0.7 em in
    /// common text faces. Half-point steps keep noise from scattering the ranks.
    static func typeSize(of words: [OCRWord], scale: Double) -> Double {
        let ascents = words.compactMap { w -> Double? in
            guard let base = w.baseline, w.text.count >= 2 else { return nil }
            return base - w.box.y0
        }.sorted()
        guard !ascents.isEmpty else { return ((words.first?.fontSizePoints ?? 10) * 2).rounded() / 2 }
        // The second tallest, so one speck or bracket does not decide.
        let ascent = ascents.count >= 3 ? ascents[ascents.count - 2] : ascents.last!
        return (ascent * scale / 0.7 * 2).rounded() / 2
    }
}
