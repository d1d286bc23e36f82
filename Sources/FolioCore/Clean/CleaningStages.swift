import FolioModel
import FolioText

/// NFC, ligatures, control characters: per page, right after reading.
struct UnicodeCleaning: PageStage {
    let name = "unicode"
    func run(_ page: PageText) -> PageText { TextNormalizer.clean(page) }
}

/// OCR slips judged by the whole document (`OCRRepair`).
struct OCRRepairStage: DocumentStage {
    let name = "ocr-repair"
    func run(_ value: inout ExtractedPages, workers: Int) {
        let (pages, repairs) = OCRRepair.repair(value.pages.take())
        value.pages = pages
        value.ocrRepairs += repairs
    }
}

/// Running headers, footers and page numbers, found by recurring across pages (`PageFurniture`).
struct FurnitureRemoval: DocumentStage {
    let name = "furniture"
    func run(_ value: inout ExtractedPages, workers: Int) {
        value.pages = PageFurniture.remove(value.pages.take(), workers: workers)
    }
}
