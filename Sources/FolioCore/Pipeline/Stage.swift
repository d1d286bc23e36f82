import FolioModel
import FolioText

/// One step of the pipeline. Each stage is a small value with one entry point
/// and a name; `Pipeline` holds them in order and `Converter` runs them, so
/// nothing else knows the order. `folio convert -v` prints each name with its time.
protocol Stage: Sendable {
    var name: String { get }
}

/// Runs on one page at a time; the pipeline runs it on every page in parallel.
protocol PageStage: Stage {
    func run(_ page: PageText) -> PageText
}

/// Runs once per document, on everything at once: what recurs across pages,
/// what spans them, what needs the whole document's statistics.
protocol DocumentStage<Value>: Stage {
    associatedtype Value
    func run(_ value: inout Value, workers: Int)
}

/// The pages between reading and layout, with what document cleaning learned.
struct ExtractedPages: Sendable {
    var pages: [PageText]
    /// OCR words repaired (`metadata.ocr_repairs`).
    var ocrRepairs = 0
}
