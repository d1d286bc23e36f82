import FolioModel
import Foundation
import PopplerKit

/// Returns memory the allocator holds but no longer uses to the system, so a
/// long document's peak is what is live, not what was ever touched.
func releaseFreeMemory() {
    #if os(Linux)
        _ = glibcMallocTrim(0)
    #endif
}

/// The heap grows by what is asked, with no extra padding each time: a long
/// document's words arrive a page at a time, and the default padding added
/// memory that was never used. Set once per process.
let heapWithoutPadding: Void = {
    #if os(Linux)
        _ = glibcMallopt(-2, 0)  // M_TOP_PAD
    #endif
}()

#if os(Linux)
    // glibc's malloc_trim(3) and mallopt(3); <malloc.h> is not part of the Glibc module.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Runs the pipeline on one input: extract (per page, in parallel) → clean →
/// segment → the document model. Exporters take it from there.
public struct Converter: Sendable {
    public var options: ConversionOptions

    public init(options: ConversionOptions = ConversionOptions()) {
        self.options = options
        heapWithoutPadding
    }

    /// Converts a PDF or a `.txt` file. `progress` is told each page as it is done.
    public func convert(
        file path: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ConversionError) -> Document {
        let (pages, source, title) = try read(path, progress: progress)
        // Handed over, not shared: each stage lets go of what it no longer needs.
        return assemble(pages: consume pages, source: source, metadataTitle: title)
    }

    /// Text mode: plain text that was already extracted.
    public func convert(text: String, fileName: String) -> Document {
        let source = Source(file: fileName, sha256: SHA256.hex(of: Data(text.utf8)), pageCount: 0)
        return assemble(pages: textPages(text), source: source, metadataTitle: nil)
    }

    /// What the pipeline saw on every page of `path`: regions with kinds and
    /// reading order, removed furniture, gutters, OCR confidences.
    public func inspect(
        file path: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ConversionError) -> Inspection {
        let input = try read(path, progress: progress)
        let outcome = run(pages: input.pages, source: input.source, metadataTitle: input.title, keepLayouts: true)
        return inspection(of: outcome, pages: input.pages)
    }

    /// Document-level stages on extracted pages.
    func assemble(pages: consuming [PageText], source: Source, metadataTitle: String?) -> Document {
        run(pages: pages, source: source, metadataTitle: metadataTitle, keepLayouts: false).document
    }

    /// The extracted pages of a PDF or `.txt` file, its identity and its metadata title.
    private func read(
        _ path: String, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(ConversionError) -> (pages: [PageText], source: Source, title: String?) {
        WordList.preload()
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "file not found"
            throw ConversionError(file: path, reason: reason)
        }
        let source = Source(
            file: URL(fileURLWithPath: path).lastPathComponent, sha256: SHA256.hex(of: data), pageCount: 0)
        if path.lowercased().hasSuffix(".txt") {
            return (textPages(String(decoding: data, as: UTF8.self)), source, nil)
        }
        let (pages, title) = try extractPDF(path: path, progress: progress)
        return (pages, source, title)
    }

    /// Text mode's extraction: pages from form feeds, cleaned, sidebars lifted out.
    private func textPages(_ text: String) -> [PageText] {
        SidebarExtractor.extract(
            PlainTextReader().read(text).map(TextNormalizer.clean), workers: options.workerCount)
    }

    /// Extraction of every page, in parallel: one worker per core, each with its
    /// own poppler document (and OCR engine, when a page needs one).
    private func extractPDF(
        path: String, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(ConversionError) -> (pages: [PageText], title: String?) {
        let info: PDFInfo
        do {
            info = try PDFDocument(path: path, password: options.password).info
        } catch {
            throw ConversionError(file: path, reason: error.description)
        }
        guard info.pageCount > 0 else { throw ConversionError(file: path, reason: "the PDF has no pages") }
        let counter = ProgressCounter(total: info.pageCount, report: progress)
        let options = self.options
        do {
            let pages = try parallelMap(
                count: info.pageCount, workers: options.workerCount,
                makeState: { try PageExtractor(path: path, options: options) },
                { extractor, index in
                    let page = try extractor.extract(pageIndex: index)
                    counter.step()
                    return page
                })
            return (pages, info.title)
        } catch let error as ConversionError {
            throw error
        } catch {
            throw ConversionError(file: path, reason: "\(error)")
        }
    }

    /// What the document-level stages produce, kept for inspection.
    private struct Outcome {
        var document: Document
        var layouts: [PageLayout]
        var units: [Unit]
    }

    /// The document-level stages. Without `keepLayouts` (inspection keeps
    /// them), each stage's input is let go once the next has what it needs.
    private func run(pages: consuming [PageText], source: Source, metadataTitle: String?, keepLayouts: Bool)
        -> Outcome
    {
        // Extraction's scratch memory (poppler's text pages, rendered bitmaps) is
        // free now: hand it back before the document-level stages grow.
        releaseFreeMemory()
        var source = source
        source.pageCount = pages.count
        // A warning every OCR'd page gives (a missing model) is said once.
        var seen = Set<String>()
        let warnings = pages.flatMap(\.warnings).filter { seen.insert($0).inserted }
        let (repaired, repairs) = OCRRepair.repair(consume pages)
        let cleaned = PageFurniture.remove(consume repaired, workers: options.workerCount)
        // Layout is page-level: pages in parallel.
        let layouts = parallelMap(count: cleaned.count, workers: options.workerCount) { i in
            LayoutAnalyzer().analyze(cleaned[i])
        }
        _ = consume cleaned
        let pageInfo = layouts.map {
            Page(number: $0.number, method: $0.method, confidence: $0.confidence, label: $0.label)
        }
        let builder = StructureBuilder(pages: layouts, fallbackTitle: metadataTitle, workers: options.workerCount)
        let kept = keepLayouts ? layouts : []
        _ = consume layouts
        let (title, chapters, units) = builder.build(keepUnits: keepLayouts)
        let document = Document(
            source: source, title: title, pages: pageInfo, chapters: chapters,
            metadata: Metadata(ocrRepairs: repairs, warnings: warnings)).withIdentities()
        return Outcome(document: document, layouts: kept, units: units)
    }

    private func inspection(of outcome: Outcome, pages: [PageText]) -> Inspection {
        let unitsByPage = Dictionary(grouping: outcome.units, by: \.page)
        let inspected = outcome.layouts.map { layout in
            var regions = (unitsByPage[layout.number] ?? []).enumerated().map { i, u in
                InspectedRegion(kind: Self.kindName(u.kind), box: u.box, text: u.text, order: i + 1)
            }
            regions += layout.removed.map {
                InspectedRegion(kind: $0.role.rawValue, box: $0.line.box, text: $0.line.text, order: nil)
            }
            let words = pages[layout.number - 1].lines.flatMap(\.words).compactMap { w in
                w.confidence.map { InspectedWord(box: w.box, confidence: ($0 * 1000).rounded() / 1000) }
            }
            return InspectedPage(
                number: layout.number, width: layout.width, height: layout.height, method: layout.method,
                confidence: layout.confidence, regions: regions, gutters: layout.gutters, ocrWords: words)
        }
        return Inspection(document: outcome.document, pages: inspected)
    }

    static func kindName(_ kind: Unit.Kind) -> String {
        switch kind {
        case .paragraph: return "paragraph"
        case .heading: return "heading"
        case .listItem: return "list_item"
        case .caption: return "caption"
        case .footnote: return "footnote"
        case .pullQuote: return "pull_quote"
        case .chapterMatter: return "chapter_matter"
        }
    }
}

/// Counts finished pages across worker threads and reports each step.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func step() {
        let now = lock.withLock {
            done += 1
            return done
        }
        report?(now, total)
    }
}
