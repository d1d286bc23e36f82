import FolioModel
import FolioText

/// Compounds whose hyphen the extraction dropped (`LostHyphenRepair`).
struct LostHyphenStage: DocumentStage {
    let name = "lost-hyphens"
    func run(_ value: inout ExtractedPages, workers: Int) {
        value.pages = LongPages.inParts(value.pages.take()) { LostHyphenRepair.repair($0, workers: workers) }
    }
}

/// Pull-quotes interleaved with the body lines, lifted out (`InterleavedQuoteExtractor`).
struct InterleavedQuoteStage: DocumentStage {
    let name = "interleaved-quotes"
    func run(_ value: inout ExtractedPages, workers: Int) {
        liftInParts(&value, workers: workers) { InterleavedQuoteExtractor.extract($0, furniture: $1, workers: workers) }
    }
}

/// One-word-per-line sidebar quotes, lifted out (`SidebarExtractor`).
struct SidebarStage: DocumentStage {
    let name = "sidebars"
    func run(_ value: inout ExtractedPages, workers: Int) {
        liftInParts(&value, workers: workers) { SidebarExtractor.extract($0, furniture: $1, workers: workers) }
    }
}

/// A text-mode search that lifts quotes out of the pages: a long page is taken
/// in parts (`LongPages`), and the document's running lines, found on its
/// whole pages first (a part's first and last lines are no page's edge), are
/// never a quote's.
private func liftInParts(
    _ value: inout ExtractedPages, workers: Int, _ lift: ([PageText], Set<String>) -> [PageText]
) {
    let furniture = PageFurniture.recurringEdgeTexts(value.pages, workers: workers)
    value.pages = LongPages.inParts(value.pages.take()) { lift($0, furniture) }
}

/// Page numbers and running lines written inside the running text, taken out as furniture (`StrayFolios`).
struct StrayFolioStage: DocumentStage {
    let name = "stray-folios"
    func run(_ value: inout ExtractedPages, workers: Int) {
        value.pages = StrayFolios.remove(value.pages.take(), workers: workers)
    }
}
