import FolioModel

/// The `folio/diff@1` report: what changed between two editions of a document
/// (fields as `../shared/eval/CONTRACT.md` defines them, plus ids, pages and
/// word-level detail). `schema/folio-diff-1.schema.json` describes it exactly.
public struct EditionDiff: Codable, Sendable, Equatable {
    public static let schemaID = "folio/diff@1"

    public var schema: String = EditionDiff.schemaID
    public var old: Edition
    public var new: Edition
    /// Real changes, chapter-level first, then blocks in reading order.
    public var changes: [Change]
    /// Differences judged to be extraction noise (OCR slips, words split or
    /// joined): listed so nothing is hidden, never counted as changes.
    public var noise: [Change]

    public init(old: Edition, new: Edition, changes: [Change], noise: [Change]) {
        self.old = old
        self.new = new
        self.changes = changes
        self.noise = noise
    }

    public var isUnchanged: Bool { changes.isEmpty }

    /// How many changes of each type, in `ChangeType` order.
    public var counts: [(type: ChangeType, count: Int)] {
        ChangeType.allCases.compactMap { type in
            let n = changes.count { $0.type == type }
            return n == 0 ? nil : (type, n)
        }
    }
}

/// One side of the comparison.
public struct Edition: Codable, Sendable, Equatable {
    /// The input's file name.
    public var source: String
    public var title: String?

    public init(source: String, title: String?) {
        self.source = source
        self.title = title
    }

    enum CodingKeys: String, CodingKey { case source, title }

    /// Writes `title` as null when unknown, as the contract shows it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(title, forKey: .title)
    }
}

public enum ChangeType: String, Codable, Sendable, CaseIterable {
    case chapterAdded = "chapter_added"
    case chapterRemoved = "chapter_removed"
    case chapterRetitled = "chapter_retitled"
    case authorsChanged = "authors_changed"
    case blockAdded = "block_added"
    case blockRemoved = "block_removed"
    case blockEdited = "block_edited"
    case blockMoved = "block_moved"
}

/// Material outside the chapters; changes there are reported but kept apart.
public enum ChangeScope: String, Codable, Sendable {
    case frontMatter = "front_matter"
    case backMatter = "back_matter"
}

/// Why a difference was judged extraction noise rather than a change.
public enum NoiseReason: String, Codable, Sendable {
    /// Only words split or joined differently (a hyphen or space lost at a line end).
    case wordSplit = "word_split"
    /// Only small letter slips inside words on an OCR'd page.
    case ocrSlips = "ocr_slips"
    /// A block whose text has no letters or digits (a stray mark).
    case noWords = "no_words"
    /// The same words, split into blocks differently (a paragraph broken at a page).
    case blockSplit = "block_split"
    /// A short or mostly broken block on an OCR'd page with no counterpart.
    case ocrFragment = "ocr_fragment"
    /// Note markers left in the text by OCR or text mode (markers are never text).
    case noteMarkers = "note_markers"
    /// A pull quote one edition set apart and the other read into a paragraph.
    case quoteInText = "quote_in_text"
    /// A short line repeated in one edition only: a running header or footer kept.
    case pageFurniture = "page_furniture"
}

public struct Change: Codable, Sendable, Equatable {
    public var type: ChangeType
    /// Set only for front and back matter.
    public var scope: ChangeScope?
    /// The block kind, for `block_*` changes.
    public var kind: BlockKind?
    public var oldChapter: String?
    public var newChapter: String?
    public var oldAuthors: [String]?
    public var newAuthors: [String]?
    public var oldText: String?
    public var newText: String?
    /// Block or chapter identities (`id` in `folio/document@1`).
    public var oldID: String?
    public var newID: String?
    public var oldPage: Int?
    public var newPage: Int?
    /// Word-level difference of an edited (or moved and edited) block.
    public var words: [WordChange]?
    /// For entries of `noise` only.
    public var reason: NoiseReason?

    public init(type: ChangeType) { self.type = type }

    enum CodingKeys: String, CodingKey {
        case type, scope, kind, words, reason
        case oldChapter = "old_chapter"
        case newChapter = "new_chapter"
        case oldAuthors = "old_authors"
        case newAuthors = "new_authors"
        case oldText = "old_text"
        case newText = "new_text"
        case oldID = "old_id"
        case newID = "new_id"
        case oldPage = "old_page"
        case newPage = "new_page"
    }

    /// Writes both chapter titles, null where there is none, as the contract
    /// shows them; other fields only when they apply.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(scope, forKey: .scope)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encode(oldChapter, forKey: .oldChapter)
        try c.encode(newChapter, forKey: .newChapter)
        try c.encodeIfPresent(oldAuthors, forKey: .oldAuthors)
        try c.encodeIfPresent(newAuthors, forKey: .newAuthors)
        try c.encodeIfPresent(oldText, forKey: .oldText)
        try c.encodeIfPresent(newText, forKey: .newText)
        try c.encodeIfPresent(oldID, forKey: .oldID)
        try c.encodeIfPresent(newID, forKey: .newID)
        try c.encodeIfPresent(oldPage, forKey: .oldPage)
        try c.encodeIfPresent(newPage, forKey: .newPage)
        try c.encodeIfPresent(words, forKey: .words)
        try c.encodeIfPresent(reason, forKey: .reason)
    }
}

/// A run of words kept, deleted from the old text or inserted in the new one.
public struct WordChange: Codable, Sendable, Equatable {
    public enum Operation: String, Codable, Sendable { case equal, delete, insert }

    public var op: Operation
    /// The words as they appear in the edition they come from, space-separated.
    public var text: String

    public init(op: Operation, text: String) {
        self.op = op
        self.text = text
    }
}
