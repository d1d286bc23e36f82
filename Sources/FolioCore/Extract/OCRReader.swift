import FolioModel
import FolioText
import Foundation
import PopplerKit
import TesseractKit

/// OCR of one rendered page into positioned text, in the same shape as a text
/// layer: words grouped into Tesseract's lines, boxes in points, and a type size
/// estimated from each line's height so the later stages can rank sizes.
struct OCRReader {
    let engine: OCREngine
    /// The second reading of names for their accents; nil when turned off, or
    /// when the default model is not installed (`missingAccentModel` says so).
    let accents: AccentReread?
    let missingAccentModel: String?

    /// `accentModel` nil: no second reading. The default model is optional
    /// (a warning when missing); one the user named must be there.
    init(languages: String, accentModel: String?) throws(ConversionError) {
        engine = try Self.engine(languages)
        if let accentModel, accentModel == ConversionOptions.defaultAccentModel && !OCREngine.isInstalled(accentModel) {
            accents = nil
            missingAccentModel =
                "accents in OCR'd names may be lost: the \(accentModel) model is not installed (apt-get install \(OCREngine.debianPackage(forLanguage: accentModel)))"
        } else {
            accents = try accentModel.map { model throws(ConversionError) in
                AccentReread(engine: try Self.engine(model))
            }
            missingAccentModel = nil
        }
    }

    private static func engine(_ languages: String) throws(ConversionError) -> OCREngine {
        do {
            return try OCREngine(languages: languages)
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
        // Tesseract's inverted second reading only where white-on-dark text may be.
        let inverted = InvertedTextTest.mayHoldInvertedText(image)
        engine.readsInvertedText = inverted
        accents?.engine.readsInvertedText = inverted
        guard let result = try? engine.recognize(image) else {
            return PageText(
                number: number, width: width, height: height, method: .ocr, lines: [],
                warnings: ["page \(number): OCR failed"])
        }
        let scale = 72 / Double(bitmap.dpi)
        // A chart's ticks and labels are not text of the document.
        let text = FigureFinder.removingFigureText(Self.lines(of: result.words), in: image)
        var grouped = rereadAcrossColumnEdges(text, in: image)
        if let accents { grouped = accents.apply(grouped, in: image) }
        // One style per type size, shared by the words set in it.
        var styles: [Double: TextStyle] = [:]
        func style(of words: ArraySlice<OCRWord>) -> TextStyle {
            let size = Self.typeSize(of: Array(words), scale: scale)
            let style = styles[size] ?? TextStyle(size: size)
            styles[size] = style
            return style
        }
        // Type sizes are taken after the cuts: a quote beside the body is set larger.
        let lines = ColumnEdgeSplitter.split(grouped).map(Self.withBullet).flatMap { words -> [Line] in
            let whole = style(of: words[...])
            let parts = GapSplitter.split(
                Line(
                    words: words.map { w in
                        let box = Box(
                            x0: w.box.x0 * scale, y0: w.box.y0 * scale, x1: w.box.x1 * scale, y1: w.box.y1 * scale)
                        return Word(text: w.text, box: box, style: whole, confidence: w.confidence)
                    }))
            guard parts.count > 1 else { return parts }
            // The parts keep the order of the words, so each is a run of them.
            var start = 0
            return parts.map { part in
                let run = words[start..<(start + part.words.count)]
                start += part.words.count
                let partStyle = style(of: run)
                return Line(
                    words: part.words.map { w in
                        var w = w
                        w.style = partStyle
                        return w
                    })
            }
        }
        let confidence = result.words.isEmpty ? nil : result.meanConfidence
        var page = PageText(
            number: number, width: width, height: height, label: label, method: .ocr, confidence: confidence,
            lines: lines)
        if lines.isEmpty { page.warnings.append("page \(number): OCR found no text") }
        if let missingAccentModel { page.warnings.append(missingAccentModel) }
        return page
    }
}

extension OCRReader {
    /// Words grouped into Tesseract's lines, blank words dropped.
    static func lines(of words: [OCRWord]) -> [[OCRWord]] {
        var grouped: [[OCRWord]] = []
        var currentLine = -1
        for var w in words {
            w.text = withoutSpecks(w.text)
            guard !w.text.isEmpty else { continue }
            if w.lineID != currentLine || grouped.isEmpty { grouped.append([]) }
            currentLine = w.lineID
            grouped[grouped.count - 1].append(w)
        }
        return grouped
    }

    /// A line that starts with a small mark read as one of `ListMarker.ocrBulletReadings`,
    /// then a capitalised word, starts with a bullet: `•`.
    static func withBullet(_ line: [OCRWord]) -> [OCRWord] {
        guard line.count >= 3, ListMarker.ocrBulletReadings.contains(line[0].text), line[0].text != "•",
            line[1].text.first?.isUppercase == true
        else { return line }
        let heights = line.dropFirst().map(\.box.height).sorted()
        let mark = line[0].box
        // A bullet is no taller than a lower-case letter, and about as wide as it is tall.
        guard mark.height <= 0.75 * heights[heights.count / 2], mark.width <= 1.6 * mark.height else { return line }
        var line = line
        line[0].text = "•"
        return line
    }

    /// Marks no report prints as text (`|`, `_`, `~`): specks and rules OCR
    /// read as characters, trimmed from a word's ends (`evid-_` is `evid-`, a
    /// hyphen the line break then joins).
    static let specks = Set(scalarsOf: "|_~^`¦ \t")

    static func withoutSpecks(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            specks.contains(first) || specks.contains(last)
        else { return text }
        return text.trimming(specks)
    }

    /// Where the page's layout analysis read lines on across a column edge (a
    /// quote or sidebar beside the body), the words on both sides were also
    /// recognised as one line, and the float's larger or italic type comes out
    /// garbled. Each side of such an edge is read again on its own, as one
    /// column, and its words replace the first reading's.
    func rereadAcrossColumnEdges(_ lines: [[OCRWord]], in image: GrayImage) -> [[OCRWord]] {
        let edges = ColumnEdgeSplitter.edges(in: lines).edges
        guard !edges.isEmpty else { return lines }
        let boxes = lines.compactMap(OCRBox.enclosing)
        let heights = boxes.map(\.height).sorted()
        let em = heights[heights.count / 2]
        var regions: [OCRBox] = []
        for edge in edges {
            let left = OCRBox(x0: edge.left, y0: edge.top, x1: edge.x, y1: edge.bottom)
            let right = OCRBox(x0: edge.x, y0: edge.top, x1: edge.right, y1: edge.bottom)
            regions.append(Self.grow(left, by: boxes.filter { $0.x1 <= edge.x }, within: em))
            regions.append(Self.grow(right, by: boxes.filter { $0.x0 >= edge.x }, within: em))
        }
        let saved = engine.pageSegmentationMode
        engine.pageSegmentationMode = .singleColumn
        defer { engine.pageSegmentationMode = saved }
        var reread: [[OCRWord]] = []
        var covered: [OCRBox] = []
        for region in regions {
            guard let crop = Self.crop(image, region),
                let result = try? engine.recognize(crop.image)
            else { continue }
            let placed = Self.lines(of: result.words).map { line in
                line.map { w in
                    var w = w
                    w.box = OCRBox(
                        x0: w.box.x0 + crop.x, y0: w.box.y0 + crop.y, x1: w.box.x1 + crop.x, y1: w.box.y1 + crop.y)
                    w.baseline = w.baseline.map { $0 + crop.y }
                    return w
                }
            }
            // Regions of neighbouring edges may overlap: what an earlier one read stays.
            reread += placed.map { line in line.filter { w in !covered.contains { $0.holdsCentre(of: w.box) } } }
                .filter { !$0.isEmpty }
            covered.append(region)
        }
        let kept = lines.map { line in line.filter { w in !covered.contains { $0.holdsCentre(of: w.box) } } }
        return kept.filter { !$0.isEmpty } + reread
    }

    /// The side of a column edge taken up and down over the lines that stay on
    /// that side (the rest of the quote box, the column above and below), up to
    /// the first gap wider than a line.
    static func grow(_ region: OCRBox, by lines: [OCRBox], within em: Double) -> OCRBox {
        var region = region
        var grown = true
        while grown {
            grown = false
            for line in lines where line.x1 > region.x0 && line.x0 < region.x1 {
                let outside = line.y0 < region.y0 - 1 || line.y1 > region.y1 + 1
                let near = line.y0 < region.y1 + em && line.y1 > region.y0 - em
                guard outside, near else { continue }
                region = region.union(line)
                grown = true
            }
        }
        return region
    }

    /// A region of the page image, a little margin added, with its top-left corner.
    static func crop(_ image: GrayImage, _ region: OCRBox) -> (image: GrayImage, x: Double, y: Double)? {
        let margin = 4
        let x0 = max(0, Int(region.x0.rounded(.down)) - margin)
        let y0 = max(0, Int(region.y0.rounded(.down)) - margin)
        let x1 = min(image.width, Int(region.x1.rounded(.up)) + margin)
        let y1 = min(image.height, Int(region.y1.rounded(.up)) + margin)
        guard x1 - x0 >= 8, y1 - y0 >= 8 else { return nil }
        var pixels = [UInt8]()
        pixels.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 {
            let row = y * image.bytesPerRow
            pixels += image.pixels[(row + x0)..<(row + x1)]
        }
        let cropped = GrayImage(width: x1 - x0, height: y1 - y0, pixels: pixels, dpi: image.dpi)
        return (cropped, Double(x0), Double(y0))
    }

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
