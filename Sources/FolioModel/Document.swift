/// The `folio/document@1` contract: what every exporter receives and what the
/// JSON exporter writes. Keys are snake_case (see `../shared/eval/CONTRACT.md`).
public struct Document: Codable, Sendable, Equatable {
    public static let schemaID = "folio/document@1"

    public var schema: String = Document.schemaID
    public var source: Source
    public var title: String?
    public var pages: [Page]
    public var chapters: [Chapter]
    /// Material before the first chapter (cover, contents) and after the last
    /// (contributors, bibliography): kept, never dropped. Empty when there is none.
    public var frontMatter: [Block]
    public var backMatter: [Block]
    public var metadata: Metadata

    public init(
        source: Source, title: String?, pages: [Page], chapters: [Chapter], frontMatter: [Block] = [],
        backMatter: [Block] = [], metadata: Metadata = Metadata()
    ) {
        self.source = source
        self.title = title
        self.pages = pages
        self.chapters = chapters
        self.frontMatter = frontMatter
        self.backMatter = backMatter
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case schema, source, title, pages, chapters, metadata
        case frontMatter = "front_matter"
        case backMatter = "back_matter"
    }

    /// Writes `title` as null when unknown, as the contract shows it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title)
        try c.encode(pages, forKey: .pages)
        try c.encode(chapters, forKey: .chapters)
        if !frontMatter.isEmpty { try c.encode(frontMatter, forKey: .frontMatter) }
        if !backMatter.isEmpty { try c.encode(backMatter, forKey: .backMatter) }
        try c.encode(metadata, forKey: .metadata)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        source = try c.decode(Source.self, forKey: .source)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        pages = try c.decode([Page].self, forKey: .pages)
        chapters = try c.decode([Chapter].self, forKey: .chapters)
        frontMatter = try c.decodeIfPresent([Block].self, forKey: .frontMatter) ?? []
        backMatter = try c.decodeIfPresent([Block].self, forKey: .backMatter) ?? []
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? Metadata()
    }

    /// Everything in reading order, for exporters that render the whole
    /// document: front matter as an untitled chapter 0, the chapters, back
    /// matter as an untitled chapter after the last.
    public var chaptersWithMatter: [Chapter] {
        func part(_ blocks: [Block], index: Int) -> Chapter {
            Chapter(index: index, title: nil, startPage: blocks.first?.page, endPage: blocks.last?.page, blocks: blocks)
        }
        var all: [Chapter] = []
        if !frontMatter.isEmpty { all.append(part(frontMatter, index: 0)) }
        all += chapters
        if !backMatter.isEmpty { all.append(part(backMatter, index: (chapters.last?.index ?? 0) + 1)) }
        return all
    }

    /// Every block of every chapter, with its chapter, in document order.
    public var allBlocks: [(chapter: Chapter, block: Block)] {
        chapters.flatMap { chapter in chapter.blocks.map { (chapter, $0) } }
    }
}

public struct Source: Codable, Sendable, Equatable {
    public var file: String
    public var sha256: String
    public var pageCount: Int

    public init(file: String, sha256: String, pageCount: Int) {
        self.file = file
        self.sha256 = sha256
        self.pageCount = pageCount
    }

    enum CodingKeys: String, CodingKey {
        case file, sha256
        case pageCount = "page_count"
    }
}

public enum ExtractionMethod: String, Codable, Sendable {
    case text, ocr
}

public struct Page: Codable, Sendable, Equatable {
    /// Physical, 1-based.
    public var number: Int
    public var method: ExtractionMethod
    /// Mean OCR word confidence in 0…1; nil for text-layer pages.
    public var confidence: Double?
    /// The printed page label (folio), when one was found.
    public var label: String?
    /// What was removed from the page as page furniture, so that every word of
    /// the page is accounted for.
    public var furniture: [Furniture]
    /// Things a user should know about this page (no text found, not OCR'd, …).
    public var warnings: [String]

    public init(
        number: Int, method: ExtractionMethod, confidence: Double? = nil, label: String? = nil,
        furniture: [Furniture] = [], warnings: [String] = []
    ) {
        self.number = number
        self.method = method
        self.confidence = confidence
        self.label = label
        self.furniture = furniture
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case number, method, confidence, label, furniture, warnings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        method = try c.decode(ExtractionMethod.self, forKey: .method)
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        furniture = try c.decodeIfPresent([Furniture].self, forKey: .furniture) ?? []
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }

    /// Writes `confidence` as null on text pages, as the contract shows it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(method, forKey: .method)
        try c.encode(confidence, forKey: .confidence)
        try c.encodeIfPresent(label, forKey: .label)
        if !furniture.isEmpty { try c.encode(furniture, forKey: .furniture) }
        if !warnings.isEmpty { try c.encode(warnings, forKey: .warnings) }
    }
}

/// A line removed from a page as furniture: a running header or footer, a page
/// number, an opener's banner. Only lines that recur at the page edge, and
/// page numbers, are furniture.
public struct Furniture: Codable, Sendable, Equatable {
    /// `running_header`, `running_footer`, `page_number` or `banner`.
    public var role: String
    public var text: String

    public init(role: String, text: String) {
        self.role = role
        self.text = text
    }
}

public struct Chapter: Codable, Sendable, Equatable {
    public var index: Int
    public var title: String?
    public var authors: [String]
    public var startPage: Int?
    public var endPage: Int?
    public var blocks: [Block]
    /// Stays the same across editions while the title does not change (`withIdentities()`).
    public var id: String?

    public init(
        index: Int, title: String?, authors: [String] = [], startPage: Int?, endPage: Int?, blocks: [Block] = []
    ) {
        self.index = index
        self.title = title
        self.authors = authors
        self.startPage = startPage
        self.endPage = endPage
        self.blocks = blocks
    }

    enum CodingKeys: String, CodingKey {
        case index, title, authors, blocks, id
        case startPage = "start_page"
        case endPage = "end_page"
    }
}

/// What a block is. New kinds are added as the contract grows (tables, code,
/// equations, figures, references), so this is an open set of names, not a
/// closed enum: a `switch` over it needs a `default`, where a caller treats a
/// kind it does not know as plain text.
public struct BlockKind: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The kind's name in `folio/document@1` (`list_item`, `pull_quote`, …).
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let heading = BlockKind(rawValue: "heading")
    public static let paragraph = BlockKind(rawValue: "paragraph")
    public static let listItem = BlockKind(rawValue: "list_item")
    public static let pullQuote = BlockKind(rawValue: "pull_quote")
    public static let caption = BlockKind(rawValue: "caption")
    public static let footnote = BlockKind(rawValue: "footnote")
    /// Cells aligned over rows; `text` holds the cells tab- and newline-separated, `rows` the cells.
    public static let table = BlockKind(rawValue: "table")
    /// A code listing; `text` keeps its line breaks and indentation.
    public static let code = BlockKind(rawValue: "code")
    /// Text drawn inside a chart or diagram (labels, legends, axis ticks), one
    /// line of the drawing a line of `text`, top to bottom.
    public static let figure = BlockKind(rawValue: "figure")
    /// A displayed formula, one line of it a line of `text`.
    public static let equation = BlockKind(rawValue: "equation")
    /// One entry of a reference list (a bibliography), as printed, its label included.
    public static let reference = BlockKind(rawValue: "reference")

    /// The kinds this version of Folio writes, in the contract's order.
    public static let known: [BlockKind] = [
        .heading, .paragraph, .listItem, .pullQuote, .caption, .footnote, .table, .code, .equation, .figure, .reference,
    ]

    /// Body text is headings, paragraphs and list items, in reading order.
    public var isBody: Bool { self == .heading || self == .paragraph || self == .listItem }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

public struct Block: Codable, Sendable, Equatable {
    public var kind: BlockKind
    public var text: String
    /// Physical page where the block starts, 1-based.
    public var page: Int
    /// Heading level (2 = section, 3 = subsection); nil for other kinds.
    public var level: Int?
    /// A footnote's label; a numbered list item's number or letter as printed
    /// (`3.`, `(b)`), which its `text` does not repeat.
    public var label: String?
    /// Footnote markers cut from the text, for paragraphs and list items.
    public var footnoteRefs: [String]?
    /// A table's rows, each a list of cell strings (empty cells `""`); tables only.
    public var rows: [[String]]?
    /// Stays the same across editions while the text does not change (`withIdentities()`).
    public var id: String?

    public init(
        kind: BlockKind, text: String, page: Int, level: Int? = nil, label: String? = nil,
        footnoteRefs: [String]? = nil, rows: [[String]]? = nil
    ) {
        self.kind = kind
        self.text = text
        self.page = page
        self.level = level
        self.label = label
        self.footnoteRefs = footnoteRefs
        self.rows = rows
    }

    /// A table block: `text` is the cells, tab-separated within a row and
    /// newline-separated between rows (the contract's plain form of a table).
    public static func table(rows: [[String]], page: Int) -> Block {
        Block(
            kind: .table, text: rows.map { $0.joined(separator: "\t") }.joined(separator: "\n"), page: page,
            rows: rows)
    }

    /// A table's cells: `rows`, else `text` read back (rows on line breaks, cells on tabs).
    public var cells: [[String]] {
        rows
            ?? text.split(separator: "\n").map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
    }

    enum CodingKeys: String, CodingKey {
        case kind, text, page, level, label, id, rows
        case footnoteRefs = "footnote_refs"
    }
}

/// Facts about the conversion itself.
public struct Metadata: Codable, Sendable, Equatable {
    public var producer: String
    /// Words changed by OCR slip repair.
    public var ocrRepairs: Int
    /// Things a user should know (empty pages, pages without text, …).
    public var warnings: [String]

    public init(producer: String = "folio", ocrRepairs: Int = 0, warnings: [String] = []) {
        self.producer = producer
        self.ocrRepairs = ocrRepairs
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case producer, warnings
        case ocrRepairs = "ocr_repairs"
    }
}
