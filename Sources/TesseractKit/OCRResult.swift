/// An axis-aligned rectangle in image pixels, origin top-left, y down.
/// `x1`/`y1` are exclusive (Tesseract's right/bottom convention).
public struct OCRBox: Sendable, Hashable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
}

/// One recognised word.
public struct OCRWord: Sendable, Hashable {
    public var text: String
    /// Word bounding box in pixels.
    public var box: OCRBox
    /// Tesseract's word confidence scaled to 0...1.
    public var confidence: Double
    /// Layout indices, numbered from 0 in reading order and unique per page
    /// (a `lineID` is not reset at a new paragraph or block).
    public var blockID: Int
    public var paragraphID: Int
    public var lineID: Int
    /// Height in pixels of the bounding box of the text line holding this word
    /// (ascender to descender). The C API gives no font size for the LSTM
    /// engine, so this is the best size signal available.
    public var lineHeight: Double
    /// Rough font size: `lineHeight` converted to points at the image's dpi.
    /// Line boxes span ascender to descender, so this tracks the nominal size
    /// to within ~15-20%; compare sizes relative to each other, not absolutely.
    public var fontSizePoints: Double
    /// y (pixels, top-left origin) of the word's baseline at its horizontal
    /// centre, when Tesseract reports one.
    public var baseline: Double?

    public init(
        text: String, box: OCRBox, confidence: Double, blockID: Int, paragraphID: Int, lineID: Int,
        lineHeight: Double, fontSizePoints: Double, baseline: Double?
    ) {
        self.text = text
        self.box = box
        self.confidence = confidence
        self.blockID = blockID
        self.paragraphID = paragraphID
        self.lineID = lineID
        self.lineHeight = lineHeight
        self.fontSizePoints = fontSizePoints
        self.baseline = baseline
    }
}

/// Everything recognised on one page image.
public struct OCRResult: Sendable {
    /// Words in Tesseract's reading order.
    public var words: [OCRWord]
    /// Mean of the word confidences (0...1); 0 when there are no words.
    public var meanConfidence: Double
    public var imageWidth: Int
    public var imageHeight: Int
    public var dpi: Int
    /// Skew Tesseract measured (and compensated for) on the first text block:
    /// degrees to rotate the image anti-clockwise to level the text. nil when
    /// the page has no text.
    public var deskewAngle: Double?

    public init(
        words: [OCRWord], meanConfidence: Double, imageWidth: Int, imageHeight: Int, dpi: Int,
        deskewAngle: Double?
    ) {
        self.words = words
        self.meanConfidence = meanConfidence
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.dpi = dpi
        self.deskewAngle = deskewAngle
    }
}

public enum OCRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No traineddata for `language`; `package` is the Debian package providing it.
    case missingLanguage(String, package: String)
    /// Tesseract refused to initialise for a reason other than a missing language.
    case initializationFailed(languages: String)
    /// The image has non-positive size/dpi or too few pixels for its rows.
    case invalidImage
    /// TessBaseAPIRecognize returned an error.
    case recognitionFailed
    /// libtesseract could not be loaded (the loader's reason).
    case libraryMissing(String)

    public var description: String {
        switch self {
        case .missingLanguage(let lang, let package):
            return "Tesseract language data '\(lang)' is not installed (apt install \(package))"
        case .initializationFailed(let languages):
            return "Tesseract failed to initialise for languages '\(languages)'"
        case .invalidImage:
            return "Image dimensions or pixel buffer are invalid"
        case .recognitionFailed:
            return "Tesseract recognition failed"
        case .libraryMissing(let reason):
            return "OCR needs the Tesseract library (apt install libtesseract5): \(reason)"
        }
    }
}
