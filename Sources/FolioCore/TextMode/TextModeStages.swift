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
        let furniture = PageFurniture.recurringEdgeTexts(value.pages, workers: workers)
        value.pages = LongPages.inParts(value.pages.take()) {
            InterleavedQuoteExtractor.extract($0, furniture: furniture, workers: workers)
        }
    }
}

/// One-word-per-line sidebar quotes, lifted out (`SidebarExtractor`).
struct SidebarStage: DocumentStage {
    let name = "sidebars"
    func run(_ value: inout ExtractedPages, workers: Int) {
        let furniture = PageFurniture.recurringEdgeTexts(value.pages, workers: workers)
        value.pages = LongPages.inParts(value.pages.take()) {
            SidebarExtractor.extract($0, furniture: furniture, workers: workers)
        }
    }
}

/// Page numbers and running lines written inside the running text, taken out as furniture (`StrayFolios`).
struct StrayFolioStage: DocumentStage {
    let name = "stray-folios"
    func run(_ value: inout ExtractedPages, workers: Int) {
        value.pages = StrayFolios.remove(value.pages.take(), workers: workers)
    }
}
