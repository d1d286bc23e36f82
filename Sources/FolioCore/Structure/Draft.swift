import FolioModel
import FolioText

/// What the structure stages hand each other: the laid-out pages, then the
/// units cut from them, then chapters of units, then chapters of blocks.
/// Each stage fills its part and lets go of what no later stage reads.
struct Draft: Sendable {
    /// Pages of ordered layout blocks; let go once the units are cut.
    var layouts: [PageLayout]
    /// The title in the file's metadata, used when the first page shows none.
    var fallbackTitle: String?
    var pageCount: Int
    /// The running headers removed from each page's top (page number → texts):
    /// a banner that tops only opener pages tells them apart in plain text.
    var headers: [Int: [String]]

    var scale = TypeScale(body: 10, typeless: false)
    /// Line-end hyphens resolved by the document's own vocabulary.
    var dehyphenator = Dehyphenator(vocabulary: Vocabulary())

    /// Units in reading order across the document, until chapters take them.
    var units: [Unit] = []
    var title: String?
    /// Chapters of units; `outside` holds the units that belong to none
    /// (front and back matter).
    var chapters: [ChapterFinder.Found] = []
    var outside: [Unit] = []
    /// The finished chapters, numbered from 1.
    var blocks: [Chapter] = []
    /// Blocks before the first chapter and after the last.
    var frontMatter: [Block] = []
    var backMatter: [Block] = []

    init(layouts: [PageLayout], fallbackTitle: String?) {
        self.layouts = layouts
        self.fallbackTitle = fallbackTitle
        pageCount = layouts.count
        headers = [:]
        for layout in layouts {
            let texts = layout.removed.filter { $0.role == .runningHeader }.map(\.line.text)
            if !texts.isEmpty { headers[layout.number] = texts }
        }
    }

    /// Every unit with the kind it ended with: chapters' first, then the rest (inspection).
    var finalUnits: [Unit] { chapters.flatMap(\.units) + outside }
}
