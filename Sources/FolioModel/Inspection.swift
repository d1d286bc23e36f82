/// What the pipeline saw on each page, for `folio inspect`: every region it
/// kept or removed, with its kind and reading-order position, the column
/// gutters, and OCR word confidences.
public struct Inspection: Sendable {
    public var document: Document
    public var pages: [InspectedPage]

    public init(document: Document, pages: [InspectedPage]) {
        self.document = document
        self.pages = pages
    }
}

public struct InspectedPage: Sendable {
    public var number: Int
    public var width: Double
    public var height: Double
    public var method: ExtractionMethod
    public var confidence: Double?
    /// Blocks in reading order, then removed page furniture.
    public var regions: [InspectedRegion]
    /// x positions (points) of column gutters found on the page.
    public var gutters: [Double]
    /// OCR words with their confidence (0…1); empty on text-layer pages.
    public var ocrWords: [InspectedWord]
    /// Where the page draws ink that is not text (`PageText.drawings`): the
    /// regions whose labels can become a figure's text.
    public var drawings: [Box] = []

    public init(
        number: Int, width: Double, height: Double, method: ExtractionMethod, confidence: Double?,
        regions: [InspectedRegion], gutters: [Double], ocrWords: [InspectedWord]
    ) {
        self.number = number
        self.width = width
        self.height = height
        self.method = method
        self.confidence = confidence
        self.regions = regions
        self.gutters = gutters
        self.ocrWords = ocrWords
    }
}

public struct InspectedRegion: Sendable {
    /// A block kind (`paragraph`, `heading`, `list_item`, `pull_quote`, `caption`,
    /// `footnote`), `chapter_matter` (title, subtitle, byline), or removed furniture:
    /// `running_header`, `running_footer`, `page_number`.
    public var kind: String
    public var box: Box
    public var text: String
    /// 1-based reading-order position on the page; nil for removed furniture.
    public var order: Int?

    public init(kind: String, box: Box, text: String, order: Int?) {
        self.kind = kind
        self.box = box
        self.text = text
        self.order = order
    }

    public var isFurniture: Bool { order == nil }
}

public struct InspectedWord: Sendable {
    public var box: Box
    public var confidence: Double

    public init(box: Box, confidence: Double) {
        self.box = box
        self.confidence = confidence
    }
}

/// A line taken off a page as furniture, kept for inspection.
public struct RemovedLine: Sendable, Equatable {
    public enum Role: String, Sendable {
        case runningHeader = "running_header", runningFooter = "running_footer", pageNumber = "page_number"
    }
    public var role: Role
    public var line: Line

    public init(role: Role, line: Line) {
        self.role = role
        self.line = line
    }
}
