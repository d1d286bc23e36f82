/// The `folio/document@1` contract: what every exporter receives and what the
/// JSON exporter writes. Keys are snake_case (see `../shared/eval/CONTRACT.md`).
public struct Document: Codable, Sendable, Equatable {
    public static let schemaID = "folio/document@1"

    public var schema: String = Document.schemaID
    public var source: Source
    public var title: String?
    public var pages: [Page]
    public var chapters: [Chapter]
    public var metadata: Metadata

    public init(source: Source, title: String?, pages: [Page], chapters: [Chapter], metadata: Metadata = Metadata()) {
        self.source = source
        self.title = title
        self.pages = pages
        self.chapters = chapters
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case schema, source, title, pages, chapters, metadata
    }

    /// Writes `title` as null when unknown, as the contract shows it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title)
        try c.encode(pages, forKey: .pages)
        try c.encode(chapters, forKey: .chapters)
        try c.encode(metadata, forKey: .metadata)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        source = try c.decode(Source.self, forKey: .source)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        pages = try c.decode([Page].self, forKey: .pages)
        chapters = try c.decode([Chapter].self, forKey: .chapters)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? Metadata()
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

    public init(number: Int, method: ExtractionMethod, confidence: Double? = nil, label: String? = nil) {
        self.number = number
        self.method = method
        self.confidence = confidence
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case number, method, confidence, label
    }

    /// Writes `confidence` as null on text pages, as the contract shows it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(method, forKey: .method)
        try c.encode(confidence, forKey: .confidence)
        try c.encodeIfPresent(label, forKey: .label)
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

public enum BlockKind: String, Codable, Sendable, CaseIterable {
    case heading
    case paragraph
    case listItem = "list_item"
    case pullQuote = "pull_quote"
    case caption
    case footnote

    /// Body text is headings, paragraphs and list items, in reading order.
    public var isBody: Bool { self == .heading || self == .paragraph || self == .listItem }
}

public struct Block: Codable, Sendable, Equatable {
    public var kind: BlockKind
    public var text: String
    /// Physical page where the block starts, 1-based.
    public var page: Int
    /// Heading level (2 = section, 3 = subsection); nil for other kinds.
    public var level: Int?
    /// Footnote label, for `footnote` blocks.
    public var label: String?
    /// Footnote markers cut from the text, for paragraphs and list items.
    public var footnoteRefs: [String]?
    /// Stays the same across editions while the text does not change (`withIdentities()`).
    public var id: String?

    public init(
        kind: BlockKind, text: String, page: Int, level: Int? = nil, label: String? = nil,
        footnoteRefs: [String]? = nil
    ) {
        self.kind = kind
        self.text = text
        self.page = page
        self.level = level
        self.label = label
        self.footnoteRefs = footnoteRefs
    }

    enum CodingKeys: String, CodingKey {
        case kind, text, page, level, label, id
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
