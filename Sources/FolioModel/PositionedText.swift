/// Positioned text: what extraction gives and cleaning and segmentation read.
/// The same shape for text-layer pages, OCR pages and plain-text input.

/// A rectangle in points, top-left origin.
///
/// Stored in single precision (a hundred-thousandth of a point on any page
/// size): every word has a box, and half the bytes per box is a third less
/// memory per word on long documents. Read and written as `Double`.
public struct Box: Sendable, Equatable, Codable {
    private var left: Float, top: Float, right: Float, bottom: Float

    public var x0: Double {
        get { Double(left) }
        set { left = Float(newValue) }
    }
    public var y0: Double {
        get { Double(top) }
        set { top = Float(newValue) }
    }
    public var x1: Double {
        get { Double(right) }
        set { right = Float(newValue) }
    }
    public var y1: Double {
        get { Double(bottom) }
        set { bottom = Float(newValue) }
    }

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        left = Float(x0)
        top = Float(y0)
        right = Float(x1)
        bottom = Float(y1)
    }

    private enum CodingKeys: String, CodingKey { case x0, y0, x1, y1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            x0: try c.decode(Double.self, forKey: .x0), y0: try c.decode(Double.self, forKey: .y0),
            x1: try c.decode(Double.self, forKey: .x1), y1: try c.decode(Double.self, forKey: .y1))
    }

    /// Written to a hundredth of a point: the digits single precision adds
    /// beyond that are noise.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let rounded = { (v: Double) in (v * 100).rounded() / 100 }
        try c.encode(rounded(x0), forKey: .x0)
        try c.encode(rounded(y0), forKey: .y0)
        try c.encode(rounded(x1), forKey: .x1)
        try c.encode(rounded(y1), forKey: .y1)
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
    /// The two share most of the shorter one's height: one row of the page (a
    /// line's pieces, a table's cells, a formula and its number).
    public func sharesRow(with o: Box) -> Bool { yOverlap(o) > 0.5 * min(height, o.height) }

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
///
/// A value type that stores one shared reference: every word carries its
/// style, and a page has only a handful of distinct ones, so words of the same
/// font share one immutable record instead of each holding a copy.
public struct TextStyle: Sendable, Equatable, Hashable {
    private final class Record: Sendable {
        let fontName: String
        let size: Double
        let bold: Bool
        let italic: Bool
        /// Grey level 0 (black) … 1 (white) is not kept; only whether the colour is not black.
        let colored: Bool
        let monospace: Bool
        let math: Bool

        init(fontName: String, size: Double, bold: Bool, italic: Bool, colored: Bool) {
            self.fontName = fontName
            self.size = size
            self.bold = bold
            self.italic = italic
            self.colored = colored
            monospace = !fontName.isEmpty && TextStyle.isMonospace(fontName)
            math = !fontName.isEmpty && TextStyle.isMath(fontName)
        }
    }

    private var record: Record

    public init(fontName: String = "", size: Double, bold: Bool = false, italic: Bool = false, colored: Bool = false) {
        record = Record(fontName: fontName, size: size, bold: bold, italic: italic, colored: colored)
    }

    public var fontName: String { record.fontName }
    public var size: Double { record.size }
    public var bold: Bool { record.bold }
    public var italic: Bool { record.italic }
    public var colored: Bool { record.colored }
    /// Set in a fixed-width face (Courier, a "Mono" family, TeX's typewriter
    /// fonts): code, commands and file contents in reports and papers.
    public var monospace: Bool { record.monospace }
    /// Set in a font made for formulas (TeX's math italic, symbols and
    /// extension fonts, a "Math" family, Symbol): the letters and signs of equations.
    public var math: Bool { record.math }

    /// Whether a font name (subset prefix removed) names a fixed-width face.
    public static func isMonospace(_ fontName: String) -> Bool {
        let name = fontName.lowercased()
        let families = ["mono", "courier", "typewriter", "consol", "menlo", "monaco", "sourcecode", "firacode"]
        // TeX's typewriter fonts by their short names: cmtt10, sftt1000, ectt, lmtt, txtt, pcrr8r (Courier).
        let tex = ["cmtt", "sftt", "ectt", "lmtt", "tctt", "txtt", "pcrr", "pcrb", "pcro"]
        return families.contains { name.includes($0) } || tex.contains { name.hasPrefix($0) }
    }

    public static func isMath(_ fontName: String) -> Bool {
        let name = fontName.lowercased()
        let families = ["math", "symbol", "mt extra", "mtextra", "euclid"]
        // TeX's math fonts by their short names: cmmi10 (math italic), cmsy10 (symbols),
        // cmex10 (extension), AMS msam/msbm, Fraktur and script, and the Times and
        // Palatino math of txfonts, pxfonts and newtx.
        let tex = [
            "cmmi", "cmsy", "cmex", "cmbsy", "msam", "msbm", "eufm", "eurm", "rsfs", "txmi", "txsy", "txex",
            "pxmi", "pxsy", "pxex", "ntxmi", "ntxsy", "ntxex", "lmmi", "lmsy", "lmex",
        ]
        return families.contains { name.includes($0) } || tex.contains { name.hasPrefix($0) }
    }

    /// The same style set in italic.
    public var italicized: TextStyle {
        TextStyle(fontName: fontName, size: size, bold: bold, italic: true, colored: colored)
    }

    public static func == (a: TextStyle, b: TextStyle) -> Bool {
        a.record === b.record
            || (a.size == b.size && a.bold == b.bold && a.italic == b.italic && a.colored == b.colored
                && a.fontName == b.fontName)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fontName)
        hasher.combine(size)
        hasher.combine(bold)
        hasher.combine(italic)
        hasher.combine(colored)
    }
}

/// What an earlier stage learned about a word that its type does not show,
/// carried to the stages after it in a field of its own.
public enum TextRole: UInt8, Sendable, Equatable {
    /// Text mode: a pull-quote that extraction interleaved with the body, lifted
    /// out and set beside it. Later repairs leave it alone, and segmentation
    /// treats it as set apart, as a quote in display type would be.
    case liftedQuote
}

/// A word with its box and style. `superscript` marks a raised, smaller run
/// (a footnote marker) cut from the word it was glued to.
public struct Word: Sendable, Equatable {
    public var text: String
    public var box: Box
    public var style: TextStyle
    public var superscript: Bool
    /// What an earlier stage learned about the word; nil for most words.
    public var role: TextRole?
    /// OCR confidence 0…1; nil for text-layer words.
    public var confidence: Double? {
        get { storedConfidence.map(Double.init) }
        set { storedConfidence = newValue.map(Float.init) }
    }
    // Single precision, like the box: it keeps a word at 48 bytes (the role fits in its padding).
    private var storedConfidence: Float?

    public init(text: String, box: Box, style: TextStyle, superscript: Bool = false, confidence: Double? = nil) {
        self.text = text
        self.box = box
        self.style = style
        self.superscript = superscript
        self.storedConfidence = confidence.map(Float.init)
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
        // Lines are built word by word, and a grown array keeps up to twice the
        // room it needs; a line lives as long as its document, so it keeps a
        // snug copy instead.
        self.words =
            words.capacity > words.count
            ? Array(unsafeUninitializedCapacity: words.count) {
                buffer, initialized in
                initialized = buffer.initialize(fromContentsOf: words)
            } : words
        measure()
    }

    public var text: String { words.map(\.text).joined(separator: " ") }

    /// A line of a displayed formula: some of it set in a math font, and three
    /// words or fewer (three letters or more, in a text font, operator names
    /// such as `min` and `log` aside) making half its characters or less. A
    /// sentence with a symbol or two in it has far more; `if`, `and` and
    /// `otherwise` beside a formula stay under. (Math italic is often the text
    /// font's italic, so letters alone do not tell a formula.)
    public var isMostlyMath: Bool {
        guard words.contains(where: \.style.math) else { return false }
        let (all, math, prose, proseWords) = wordMeasure()
        return math > 0 && proseWords <= 3 && 2 * prose <= all
    }

    /// Words of prose on the line: letters between punctuation, three or more,
    /// in a text font, no operator name (`δ(si` and `min{d` are notation). Four
    /// or more make a line of a sentence, never a formula's.
    public var proseWordCount: Int { wordMeasure().proseWords }

    private func wordMeasure() -> (all: Int, math: Int, prose: Int, proseWords: Int) {
        var all = 0
        var math = 0
        var prose = 0
        var proseWords = 0
        for w in words {
            let n = w.text.unicodeScalars.count
            all += n
            if w.style.math {
                // A list's bullet is often set in a symbol font: no formula.
                if !w.text.unicodeScalars.allSatisfy(Self.marks.contains) { math += n }
                continue
            }
            let core = w.text.unicodeScalars.drop { !$0.properties.isAlphabetic }.reversed()
                .drop { !$0.properties.isAlphabetic }
            let letters = core.count
            if letters >= 3, core.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" || $0 == "’" || $0 == "'" }),
                !Self.operatorNames.contains(String(String.UnicodeScalarView(core.reversed())).lowercased())
            {
                prose += letters
                proseWords += 1
            }
        }
        return (all, math, prose, proseWords)
    }

    /// Bullets and dingbats that symbol fonts also serve.
    static let marks: Set<Unicode.Scalar> = [
        "•", "◦", "▪", "●", "∙", "·", "‣", "⁃", "■", "□", "►", "▸", "➢", "✓", "–", "—",
    ]

    /// Names set upright inside formulas, not words of the sentence around.
    static let operatorNames: Set<String> = [
        "min", "max", "log", "exp", "sin", "cos", "tan", "lim", "sup", "inf", "arg", "argmin", "argmax", "det",
        "mod", "gcd", "var", "cov", "tr", "diag", "sgn", "ln",
    ]

    /// Four fifths of the line's characters or more are in a fixed-width face:
    /// a line of a code listing, not prose that names a command or a file.
    public var isMostlyMonospace: Bool {
        var mono = 0
        var all = 0
        for w in words {
            let n = w.text.unicodeScalars.count
            all += n
            if w.style.monospace { mono += n }
        }
        return all > 0 && 5 * mono >= 4 * all
    }

    /// The line's box and style without its words, for stages done with them:
    /// a long document need not hold every word until it is written.
    public func withoutWords() -> Line { Line(box: box, style: style) }

    private init(box: Box, style: TextStyle) {
        self.words = []
        self.box = box
        self.style = style
    }

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
    /// Regions, in points, where the page draws ink that is not text: charts,
    /// diagrams, frames, pictures. Looked for only where the text hints at a
    /// figure (`DrawingFinder`); always empty in text mode.
    public var drawings: [Box] = []

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
    /// Set when the block is a table: its cells, row by row (empty cells `""`).
    public var rows: [[String]]?
    /// What the block holds, where layout or a stage has found it is no prose.
    public var content: Content

    public enum Content: Sendable, Equatable {
        /// Prose, headings, lists, notes: what the later stages sort out.
        case text
        /// The text drawn inside a chart or diagram (labels, legends, ticks).
        case figure
        /// A displayed formula's lines (`Line.isMostlyMath`), with its number and its `if`s.
        case formula
    }

    public init(lines: [Line], rows: [[String]]? = nil, content: Content = .text) {
        self.lines = lines
        self.box = Box.enclosing(lines.map(\.box)) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0)
        self.style = TextStyle.dominant(in: lines.flatMap(\.words))
        self.rows = rows
        self.content = content
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
    /// Where the page draws ink that is not text (`PageText.drawings`).
    public var drawings: [Box]

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
        drawings = page.drawings
    }
}

extension String {
    /// Whether `part` occurs in the string, compared byte by byte: font names
    /// are tested against families for each page that uses them, and both
    /// Foundation's `contains` (through NSString) and the standard library's
    /// `firstRange(of:)` cost more than the test.
    package func includes(_ part: String) -> Bool {
        var text = self
        var part = part
        return text.withUTF8 { text in
            part.withUTF8 { part in
                guard !part.isEmpty else { return true }
                guard part.count <= text.count else { return false }
                search: for start in 0...(text.count - part.count) {
                    for k in part.indices where text[start + k] != part[k] { continue search }
                    return true
                }
                return false
            }
        }
    }
}
