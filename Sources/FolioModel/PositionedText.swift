/// Positioned text: what extraction gives and cleaning and segmentation read.
/// The same shape for text-layer pages, OCR pages and plain-text input.

/// A rectangle in points, top-left origin.
public struct Box: Sendable, Equatable, Codable {
    public var x0: Double, y0: Double, x1: Double, y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    public func union(_ o: Box) -> Box {
        Box(x0: min(x0, o.x0), y0: min(y0, o.y0), x1: max(x1, o.x1), y1: max(y1, o.y1))
    }

    /// Horizontal overlap length.
    public func xOverlap(_ o: Box) -> Double { max(0, min(x1, o.x1) - max(x0, o.x0)) }
    /// Vertical overlap length.
    public func yOverlap(_ o: Box) -> Double { max(0, min(y1, o.y1) - max(y0, o.y0)) }

    public func contains(_ o: Box, tolerance: Double = 1) -> Bool {
        o.x0 >= x0 - tolerance && o.x1 <= x1 + tolerance && o.y0 >= y0 - tolerance && o.y1 <= y1 + tolerance
    }

    public static func enclosing(_ boxes: [Box]) -> Box? {
        guard var b = boxes.first else { return nil }
        for o in boxes.dropFirst() { b = b.union(o) }
        return b
    }
}

/// Typographic style of a run of text.
public struct TextStyle: Sendable, Equatable, Hashable {
    public var fontName: String
    public var size: Double
    public var bold: Bool
    public var italic: Bool
    /// Grey level 0 (black) … 1 (white) is not kept; only whether the colour is not black.
    public var colored: Bool

    public init(fontName: String = "", size: Double, bold: Bool = false, italic: Bool = false, colored: Bool = false) {
        self.fontName = fontName
        self.size = size
        self.bold = bold
        self.italic = italic
        self.colored = colored
    }
}

/// A word with its box and style. `superscript` marks a raised, smaller run
/// (a footnote marker) cut from the word it was glued to.
public struct Word: Sendable, Equatable {
    public var text: String
    public var box: Box
    public var style: TextStyle
    public var superscript: Bool
    /// OCR confidence 0…1; nil for text-layer words.
    public var confidence: Double?

    public init(text: String, box: Box, style: TextStyle, superscript: Bool = false, confidence: Double? = nil) {
        self.text = text
        self.box = box
        self.style = style
        self.superscript = superscript
        self.confidence = confidence
    }
}

/// A line (or a fragment of one, where a wide gap splits it) of words.
public struct Line: Sendable, Equatable {
    /// Changing the words recomputes the box and style.
    public var words: [Word] {
        didSet { measure() }
    }
    public private(set) var box = Box(x0: 0, y0: 0, x1: 0, y1: 0)
    /// The style covering most characters of the line (superscripts aside).
    /// Stored, not computed: layout asks for it many times per line.
    public private(set) var style = TextStyle(size: 0)

    public init(words: [Word]) {
        self.words = words
        measure()
    }

    public var text: String { words.map(\.text).joined(separator: " ") }

    private mutating func measure() {
        guard var b = words.first?.box else {
            box = Box(x0: 0, y0: 0, x1: 0, y1: 0)
            style = TextStyle(size: 0)
            return
        }
        for w in words.dropFirst() { b = b.union(w.box) }
        box = b
        style = TextStyle.dominant(in: words)
    }
}

extension TextStyle {
    /// The style most characters are set in (superscripts aside); ties go to the larger size.
    public static func dominant(in words: [Word]) -> TextStyle {
        // Most lines are set in one style: no counting needed.
        if let first = words.first(where: { !$0.superscript })?.style,
            !words.contains(where: { !$0.superscript && $0.style != first })
        {
            return first
        }
        var weight: [TextStyle: Int] = [:]
        for w in words where !w.superscript { weight[w.style, default: 0] += w.text.unicodeScalars.count }
        return weight.max { a, b in a.value != b.value ? a.value < b.value : a.key.size < b.key.size }?.key
            ?? words.first?.style ?? TextStyle(size: 0)
    }
}

/// The positioned text of one physical page: the output of extraction.
public struct PageText: Sendable {
    /// Physical, 1-based.
    public var number: Int
    public var width: Double
    public var height: Double
    public var label: String?
    public var method: ExtractionMethod
    public var confidence: Double?
    public var lines: [Line]
    /// Non-fatal problems on this page.
    public var warnings: [String]
    /// Furniture the cleaning stage took off the page.
    public var removed: [RemovedLine] = []

    public init(
        number: Int, width: Double, height: Double, label: String? = nil, method: ExtractionMethod = .text,
        confidence: Double? = nil, lines: [Line], warnings: [String] = []
    ) {
        self.number = number
        self.width = width
        self.height = height
        self.label = label
        self.method = method
        self.confidence = confidence
        self.lines = lines
        self.warnings = warnings
    }
}

/// Lines that belong together visually (a paragraph, a heading, a box of a
/// sidebar), as the layout stage groups them.
public struct TextBlock: Sendable, Equatable {
    public let lines: [Line]
    public let box: Box
    public let style: TextStyle

    public init(lines: [Line]) {
        self.lines = lines
        self.box = Box.enclosing(lines.map(\.box)) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0)
        self.style = TextStyle.dominant(in: lines.flatMap(\.words))
    }
}

/// A page after cleaning and layout: furniture removed, blocks in reading order.
public struct PageLayout: Sendable {
    public var number: Int
    public var width: Double
    public var height: Double
    /// The printed page number, when the page shows one.
    public var label: String?
    public var method: ExtractionMethod
    public var confidence: Double?
    /// Blocks in reading order.
    public var blocks: [TextBlock]
    public var warnings: [String]
    /// Furniture removed from the page, and the column gutters found on it.
    public var removed: [RemovedLine]
    public var gutters: [Double]

    public init(page: PageText, blocks: [TextBlock], gutters: [Double] = []) {
        number = page.number
        width = page.width
        height = page.height
        label = page.label
        method = page.method
        confidence = page.confidence
        self.blocks = blocks
        warnings = page.warnings
        removed = page.removed
        self.gutters = gutters
    }
}
