import FolioModel

/// A candidate block: one paragraph, heading, list item, footnote, caption or
/// quote, cut from a layout block, before the document-level decisions.
struct Unit {
    enum Kind: Equatable {
        case paragraph, heading, listItem, caption, footnote, pullQuote
        /// Chapter title, subtitle, byline and kicker: consumed by the chapter, not blocks.
        case chapterMatter
    }

    var lines: [Line]
    var page: Int
    var pageHeight: Double
    var kind: Kind = .paragraph
    var level: Int?
    var label: String?
    /// Text with footnote markers removed; filled by `StructureBuilder.render`.
    var text: String = ""
    var refs: [String] = []
    /// First unit of its layout block at the top of a column or page.
    var startsRegion = false
    /// The first line is indented against the block's left edge.
    var indented = false
    /// Began with a list marker, now removed.
    var hadMarker = false
    /// The layout block the unit was cut from (document-wide index).
    var blockID = 0

    var box: Box { Box.enclosing(lines.map(\.box)) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0) }

    var style: TextStyle { TextBlock(lines: lines).style }

    var wordCount: Int { text.split(separator: " ").count }

    var rawText: String { lines.map(\.text).joined(separator: " ") }
}
