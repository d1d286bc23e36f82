import FolioModel
import Foundation
import PopplerKit

/// Runs the pipeline on one input: extract (per page, in parallel) → clean →
/// segment → the document model. Exporters take it from there.
public struct Converter: Sendable {
    public var options: ConversionOptions

    public init(options: ConversionOptions = ConversionOptions()) {
        self.options = options
    }

    /// Converts a PDF or a `.txt` file. `progress` is told each page as it is done.
    public func convert(
        file path: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ConversionError) -> Document {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "file not found"
            throw ConversionError(file: path, reason: reason)
        }
        let source = Source(file: name, sha256: SHA256.hex(of: data), pageCount: 0)
        if path.lowercased().hasSuffix(".txt") {
            return convert(text: String(decoding: data, as: UTF8.self), source: source)
        }
        return try convertPDF(path: path, source: source, progress: progress)
    }

    /// Text mode: plain text that was already extracted.
    public func convert(text: String, fileName: String) -> Document {
        let data = Data(text.utf8)
        return convert(text: text, source: Source(file: fileName, sha256: SHA256.hex(of: data), pageCount: 0))
    }

    private func convert(text: String, source: Source) -> Document {
        let pages = PlainTextReader().read(text).map(TextNormalizer.clean)
        return assemble(pages: SidebarExtractor.extract(pages), source: source, metadataTitle: nil)
    }

    private func convertPDF(
        path: String, source: Source, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(ConversionError) -> Document {
        let (pages, source, title) = try extractPDF(path: path, source: source, progress: progress)
        return assemble(pages: pages, source: source, metadataTitle: title)
    }

    /// Extraction of every page, in parallel: one worker per core, each with its
    /// own poppler document (and OCR engine, when a page needs one).
    private func extractPDF(
        path: String, source: Source? = nil, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(ConversionError) -> (pages: [PageText], source: Source, title: String?) {
        let info: PDFInfo
        do {
            info = try PDFDocument(path: path, password: options.password).info
        } catch {
            throw ConversionError(file: path, reason: error.description)
        }
        guard info.pageCount > 0 else { throw ConversionError(file: path, reason: "the PDF has no pages") }
        let counter = ProgressCounter(total: info.pageCount, report: progress)
        let options = self.options
        let pages: [PageText]
        do {
            pages = try parallelMap(
                count: info.pageCount, workers: options.workerCount,
                makeState: { try PageExtractor(path: path, options: options) },
                { extractor, index in
                    let page = try extractor.extract(pageIndex: index)
                    counter.step()
                    return page
                })
        } catch let error as ConversionError {
            throw error
        } catch {
            throw ConversionError(file: path, reason: "\(error)")
        }
        let source =
            source
            ?? Source(
                file: URL(fileURLWithPath: path).lastPathComponent,
                sha256: (try? SHA256.hex(ofFile: URL(fileURLWithPath: path))) ?? "", pageCount: info.pageCount)
        return (pages, source, info.title)
    }

    /// Document-level stages on extracted pages.
    func assemble(pages: [PageText], source: Source, metadataTitle: String?) -> Document {
        run(pages: pages, source: source, metadataTitle: metadataTitle).document
    }

    /// What the pipeline saw on every page of `path`: regions with kinds and
    /// reading order, removed furniture, gutters, OCR confidences.
    public func inspect(
        file path: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(ConversionError) -> Inspection {
        if path.lowercased().hasSuffix(".txt") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConversionError(file: path, reason: "file not found")
            }
            let pages = PlainTextReader().read(String(decoding: data, as: UTF8.self)).map(TextNormalizer.clean)
            let source = Source(
                file: URL(fileURLWithPath: path).lastPathComponent, sha256: SHA256.hex(of: data), pageCount: 0)
            return run(pages: SidebarExtractor.extract(pages), source: source, metadataTitle: nil)
        }
        let (pages, source, title) = try extractPDF(path: path, progress: progress)
        return run(pages: pages, source: source, metadataTitle: title)
    }

    private func run(pages: [PageText], source: Source, metadataTitle: String?) -> Inspection {
        let (repaired, repairs) = OCRRepair.repair(pages)
        let cleaned = PageFurniture.remove(repaired)
        // Layout is page-level: pages in parallel.
        let layouts =
            (try? parallelMap(count: cleaned.count, workers: options.workerCount, makeState: {}) { _, i in
                LayoutAnalyzer().analyze(cleaned[i])
            }) ?? cleaned.map { LayoutAnalyzer().analyze($0) }
        let (title, chapters, units) = StructureBuilder(pages: layouts, fallbackTitle: metadataTitle).build()
        var source = source
        source.pageCount = pages.count
        let warnings = pages.flatMap(\.warnings)
        let document = Document(
            source: source, title: title,
            pages: layouts.map {
                Page(number: $0.number, method: $0.method, confidence: $0.confidence, label: $0.label)
            },
            chapters: chapters, metadata: Metadata(ocrRepairs: repairs, warnings: warnings))
        let inspected = layouts.map { layout in
            let onPage = units.filter { $0.page == layout.number }
            var regions = onPage.enumerated().map { i, u in
                InspectedRegion(kind: Self.kindName(u.kind), box: u.box, text: u.text, order: i + 1)
            }
            regions += layout.removed.map {
                InspectedRegion(kind: $0.role.rawValue, box: $0.line.box, text: $0.line.text, order: nil)
            }
            let words = pages[layout.number - 1].lines.flatMap(\.words).compactMap { w in
                w.confidence.map { InspectedWord(box: w.box, confidence: $0) }
            }
            return InspectedPage(
                number: layout.number, width: layout.width, height: layout.height, method: layout.method,
                confidence: layout.confidence, regions: regions, gutters: layout.gutters, ocrWords: words)
        }
        return Inspection(document: document, pages: inspected)
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
