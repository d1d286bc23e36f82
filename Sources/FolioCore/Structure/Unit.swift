import FolioModel
import FolioText

/// A candidate block: one paragraph, heading, list item, footnote, caption or
/// quote, cut from a layout block, before the document-level decisions.
struct Unit: Sendable {
    enum Kind: Equatable {
        case paragraph, heading, listItem, caption, footnote, pullQuote
        /// Cells aligned over rows (`TableFinder`): kept whole, never joined to prose.
        case table
        /// A code listing (`CodeListing`): line breaks and indentation kept, never joined to prose.
        case code
        /// The text drawn inside a chart or diagram (`FigureTextFinder`), a line of it a line of text.
        case figure
        /// A displayed formula (lines mostly in math fonts, `Line.isMostlyMath`).
        case equation
        /// Chapter title, subtitle, byline and kicker: consumed by the chapter, not blocks.
        case chapterMatter

        /// Tables, code listings, figure text and formulas: their text is set when cut,
        /// and no later rule looks in it for markers, labels, notes or another kind.
        var keptWhole: Bool { self == .table || self == .code || self == .figure || self == .equation }

        /// The name inspection shows (the block kind's, where there is one).
        var name: String {
            switch self {
            case .paragraph: return "paragraph"
            case .heading: return "heading"
            case .listItem: return "list_item"
            case .caption: return "caption"
            case .footnote: return "footnote"
            case .pullQuote: return "pull_quote"
            case .table: return "table"
            case .code: return "code"
            case .figure: return "figure"
            case .equation: return "equation"
            case .chapterMatter: return "chapter_matter"
            }
        }
    }

    var lines: [Line] {
        didSet { measure() }
    }
    var page: Int
    var pageHeight: Double
    var kind: Kind = .paragraph
    var level: Int?
    var label: String?
    /// Text with footnote markers removed; filled by `UnitCutter.render`.
    var text: String = ""
    var refs: [String] = []
    /// A table's cells, row by row.
    var rows: [[String]]?
    /// A code listing's character width, to line up its pieces (`BlockAssembler`).
    var charWidth = 0.0
    /// The raised runs `refs` were taken from, and where they stood: a run is
    /// a note marker only if a note carries its label (`NoteReferenceCheck`).
    var raised: [RaisedRun] = []
    /// First unit of its layout block at the top of a column or page.
    var startsRegion = false
    /// The first line is indented against the block's left edge.
    var indented = false
    /// The word (a run of `text` between single spaces) that opens each line,
    /// where a line opens with a word of its own: plain-text rules ask where
    /// lines began once the words are released.
    var lineStarts: [Int] = []
    /// Began with a list marker, now removed.
    var hadMarker = false
    /// The layout block the unit was cut from (document-wide index).
    var blockID = 0

    private(set) var box = Box(x0: 0, y0: 0, x1: 0, y1: 0)
    private(set) var style = TextStyle(size: 0)

    /// Set when every word of the unit had it (a quote lifted out in text mode).
    let role: TextRole?

    /// The first word as printed (a list number, a note label), kept when the
    /// words are released.
    let firstWord: String

    init(lines: [Line], page: Int, pageHeight: Double) {
        self.lines = lines
        self.page = page
        self.pageHeight = pageHeight
        firstWord = lines.first?.words.first?.text ?? ""
        let first = lines.first?.words.first?.role
        role = first != nil && lines.allSatisfy { $0.words.allSatisfy { $0.role == first } } ? first : nil
        measure()
    }

    /// Drops the words of the unit's lines once its text is rendered; boxes,
    /// styles and line count stay.
    mutating func releaseWords() {
        let (box, style) = (self.box, self.style)
        lines = lines.map { $0.withoutWords() }
        (self.box, self.style) = (box, style)
    }

    /// Takes in `other`'s lines, text and note markers after its own.
    mutating func absorb(_ other: Unit) {
        if !other.raised.isEmpty || !other.lineStarts.isEmpty {
            // Its raised runs and lines stood after words of its own text: shifted past ours.
            let shift = text.utf8.reduce(1) { $1 == 0x20 ? $0 + 1 : $0 }
            raised += other.raised.map { run in
                var run = run
                run.word += shift
                return run
            }
            lineStarts += other.lineStarts.map { $0 + shift }
        }
        lines += other.lines
        text += " " + other.text
        refs += other.refs
    }

    private mutating func measure() {
        box = Box.enclosing(lines.map(\.box)) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0)
        // Lines already know their style: when they agree, so does the unit.
        if let first = lines.first?.style, lines.allSatisfy({ $0.style == first }) {
            style = first
        } else if lines.contains(where: { $0.words.isEmpty }) {
            // Words released: each line's style counts by the line's width.
            var weight: [TextStyle: Double] = [:]
            for line in lines { weight[line.style, default: 0] += line.box.width }
            style = weight.max { a, b in a.value != b.value ? a.value < b.value : a.key.size < b.key.size }!.key
        } else {
            style = TextStyle.dominant(in: lines.flatMap(\.words))
        }
    }

    /// Words of `text` (runs between spaces), counted without splitting it.
    var wordCount: Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            if byte == 0x20 {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

}

/// A raised run of small type cut from the text (`12`, `3,4`, `rd`, `n+1`):
/// a note marker when a note carries its label, else text that goes back.
struct RaisedRun: Sendable, Equatable {
    /// As printed.
    var text: String
    /// The labels it would stand for (`3,4` → `3`, `4`).
    var labels: [String]
    /// The index of the word of the unit's text it followed (0: it opened the text).
    var word: Int
}
