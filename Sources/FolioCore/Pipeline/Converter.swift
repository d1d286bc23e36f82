import FolioModel
import FolioText
import Foundation
import PopplerKit

/// Converts a report — a PDF, or text that was already extracted — into a
/// ``Document``.
///
/// ```swift
/// let document = try Converter().convert(file: "report.pdf")
/// for chapter in document.chapters { print(chapter.title ?? "untitled", chapter.blocks.count) }
/// ```
///
/// A conversion reads every page (the text layer, or OCR where a page has
/// none), cleans it, lays it out and segments it; page-level work runs on
/// every core. The order of the stages is `Pipeline`'s; `docs/architecture.md`
/// lists them. A `Converter` is a value: share it across threads freely.
public struct Converter: Sendable {
    public var options: ConversionOptions

    public init(options: ConversionOptions = ConversionOptions()) {
        self.options = options
    }

    /// Called with (pages done, pages in all) as each page is read, from any thread.
    public typealias ProgressHandler = @Sendable (_ done: Int, _ total: Int) -> Void
    /// Called with each stage's time as the stage finishes.
    public typealias StageHandler = @Sendable (StageTiming) -> Void
    /// Called with each warning about the input itself (how its text was
    /// decoded) when it is found; the document's `metadata.warnings` ends with them too.
    public typealias WarningHandler = @Sendable (String) -> Void

    /// Converts a PDF, or a `.txt` file (text mode). Text is decoded by
    /// ``TextDecoding``: a byte-order mark selects UTF-8/16/32, bytes that are not
    /// UTF-8 are read as Windows-1252 (with a warning), binary data is refused.
    ///
    /// - Throws: ``ConversionError`` naming the file and the reason (not found,
    ///   not a PDF, damaged, encrypted, an OCR language not installed, not text, …).
    public func convert(
        file path: String, progress: ProgressHandler? = nil, stages: StageHandler? = nil,
        warnings: WarningHandler? = nil
    ) throws(ConversionError) -> Document {
        let recorder = RunRecorder(onStage: stages)
        let input = try read(file: path, progress: progress, recorder: recorder)
        for warning in input.warnings { warnings?(warning) }
        return run(input, recorder: recorder)
    }

    /// Converts a document held in memory: a PDF when `%PDF-` appears in its
    /// first kilobyte (``TextDecoding/sniff(_:)``), otherwise text (text mode),
    /// decoded as ``convert(file:progress:stages:warnings:)`` decodes a `.txt`
    /// file. `fileName` names it in the output's `source` and in errors.
    public func convert(
        data: Data, fileName: String, progress: ProgressHandler? = nil, stages: StageHandler? = nil,
        warnings: WarningHandler? = nil
    ) throws(ConversionError) -> Document {
        let recorder = RunRecorder(onStage: stages)
        let input = try read(data: data, fileName: fileName, progress: progress, recorder: recorder)
        for warning in input.warnings { warnings?(warning) }
        return run(input, recorder: recorder)
    }

    /// Text mode: plain text that was already extracted (pdftotext or OCR output).
    public func convert(text: String, fileName: String, stages: StageHandler? = nil) -> Document {
        let recorder = RunRecorder(onStage: stages)
        let source = Source(file: fileName, sha256: SHA256.hex(of: Data(text.utf8)), pageCount: 0)
        return run(readText(text, source: source, recorder: recorder), recorder: recorder)
    }

    /// What the pipeline saw on every page of `path`: regions with kinds and
    /// reading order, removed furniture, gutters, OCR confidences.
    public func inspect(file path: String, progress: ProgressHandler? = nil) throws(ConversionError) -> Inspection {
        let recorder = RunRecorder(keepsIntermediates: true)
        let document = run(try read(file: path, progress: progress, recorder: recorder), recorder: recorder)
        return Self.inspection(of: document, recorder: recorder)
    }

    /// The document-level stages of the PDF pipeline on pages read elsewhere (tests).
    func assemble(pages: [PageText], source: Source, metadataTitle: String?) -> Document {
        let recorder = RunRecorder()
        return run(Input(pages: pages, source: source, title: metadataTitle, pipeline: .pdf), recorder: recorder)
    }

    // MARK: Reading

    /// Pages as read (page cleaning done), the document's identity, its
    /// metadata title, and the pipeline that goes on from there.
    struct Input {
        var pages: [PageText]
        var source: Source
        var title: String?
        var pipeline: Pipeline
        /// About the input itself (its text encoding), after the pages' warnings.
        var warnings: [String] = []
    }

    private func read(
        file path: String, progress: ProgressHandler?, recorder: RunRecorder
    ) throws(ConversionError) -> Input {
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
            return try readText(data: data, name: path, source: source, recorder: recorder)
        }
        return try readPDF(.file(path), name: path, source: source, progress: progress, recorder: recorder)
    }

    private func read(
        data: Data, fileName: String, progress: ProgressHandler?, recorder: RunRecorder
    ) throws(ConversionError) -> Input {
        let source = Source(file: fileName, sha256: SHA256.hex(of: data), pageCount: 0)
        guard TextDecoding.sniff(data) == .pdf else {
            return try readText(data: data, name: fileName, source: source, recorder: recorder)
        }
        return try readPDF(.data(data), name: fileName, source: source, progress: progress, recorder: recorder)
    }

    /// Bytes decoded as text (or refused: binary data is no text), then read.
    /// The source's identity stays the bytes', whatever their encoding.
    private func readText(
        data: Data, name: String, source: Source, recorder: RunRecorder
    ) throws(ConversionError) -> Input {
        let decoded: TextDecoding.Decoded
        do {
            decoded = try TextDecoding.decode(data)
        } catch {
            throw ConversionError(file: name, reason: error.reason)
        }
        var input = readText(decoded.text, source: source, recorder: recorder)
        input.warnings = decoded.warning.map { [$0] } ?? []
        return input
    }

    /// Text mode's reading: pages from form feeds, then page cleaning.
    private func readText(_ text: String, source: Source, recorder: RunRecorder) -> Input {
        let pipeline = Pipeline.text
        WordList.preload()
        let read = recorder.time("read") { PlainTextReader().read(text, workers: options.workerCount) }
        let pages = parallelMap(count: read.count, workers: options.workerCount) { i in
            Self.clean(read[i], with: pipeline.pageCleaning, recorder: recorder)
        }
        recorder.reportPageStages(pipeline.pageCleaning.map(\.name))
        return Input(pages: pages, source: source, title: nil, pipeline: pipeline)
    }

    /// Every page read and cleaned in parallel: one worker per core, each with
    /// its own poppler document (and OCR engine, when a page needs one).
    private func readPDF(
        _ pdf: PDFSource, name: String, source: Source, progress: ProgressHandler?, recorder: RunRecorder
    ) throws(ConversionError) -> Input {
        let pipeline = Pipeline.pdf
        WordList.preload()
        let info: PDFInfo
        do {
            info = try pdf.open(password: options.password).info
        } catch {
            throw ConversionError(file: name, reason: error.description)
        }
        guard info.pageCount > 0 else { throw ConversionError(file: name, reason: "the PDF has no pages") }
        let counter = ProgressCounter(total: info.pageCount, report: progress)
        let options = self.options
        do {
            let pages = try recorder.time("read") {
                try parallelMap(
                    count: info.pageCount, workers: options.workerCount,
                    makeState: { try PageExtractor(pdf, name: name, options: options) },
                    { extractor, index in
                        let page = try extractor.extract(pageIndex: index)
                        counter.step()
                        return Self.clean(page, with: pipeline.pageCleaning, recorder: recorder)
                    })
            }
            recorder.reportPageStages(pipeline.pageCleaning.map(\.name))
            return Input(pages: pages, source: source, title: info.title, pipeline: pipeline)
        } catch let error as ConversionError {
            throw error
        } catch {
            throw ConversionError(file: name, reason: "\(error)")
        }
    }

    private static func clean(_ page: PageText, with stages: [any PageStage], recorder: RunRecorder) -> PageText {
        var page = page
        for stage in stages { page = recorder.timePage(stage.name) { stage.run(page) } }
        return page
    }

    // MARK: The document stages

    /// Document cleaning, layout (per page, in parallel) and structure, in
    /// `input.pipeline`'s order. Each stage hands its input over, so what no
    /// later stage reads is let go as the run goes on.
    private func run(_ input: consuming Input, recorder: RunRecorder) -> Document {
        let workers = options.workerCount
        let pipeline = input.pipeline
        recorder.keep(readPages: input.pages)
        // Extraction's scratch memory (poppler's text pages, rendered bitmaps) is
        // free now: hand it back before the document-level stages grow.
        releaseFreeMemory()
        var source = input.source
        source.pageCount = input.pages.count
        // A warning every OCR'd page gives (a missing model) is said once.
        var seen = Set<String>()
        let warnings = input.pages.flatMap(\.warnings).filter { seen.insert($0).inserted } + input.warnings
        var extracted = ExtractedPages(pages: input.pages.take())
        for stage in pipeline.documentCleaning {
            recorder.time(stage.name) { stage.run(&extracted, workers: workers) }
        }
        let cleaned = extracted.pages.take()
        let layouts = recorder.time(pipeline.layout.name) {
            parallelMap(count: cleaned.count, workers: workers) { i in pipeline.layout.analyze(cleaned[i]) }
        }
        _ = consume cleaned
        recorder.keep(layouts: layouts)
        let pageInfo = layouts.map { layout in
            Page(
                number: layout.number, method: layout.method, confidence: layout.confidence, label: layout.label,
                furniture: layout.removed.map { Furniture(role: $0.role.rawValue, text: $0.line.text) },
                // The page's own warnings; those every page repeats (a missing model) are the document's.
                warnings: layout.warnings.filter { $0.hasPrefix("page \(layout.number)") })
        }
        var draft = Draft(layouts: consume layouts, fallbackTitle: input.title)
        for stage in pipeline.structure {
            recorder.time(stage.name) { stage.run(&draft, workers: workers) }
        }
        recorder.keep(units: draft.finalUnits)
        return Document(
            source: source, title: draft.title, pages: pageInfo, chapters: draft.blocks,
            frontMatter: draft.frontMatter, backMatter: draft.backMatter,
            metadata: Metadata(ocrRepairs: extracted.ocrRepairs, warnings: warnings)
        ).withIdentities()
    }

    // MARK: Inspection

    private static func inspection(of document: Document, recorder: RunRecorder) -> Inspection {
        let unitsByPage = Dictionary(grouping: recorder.units, by: \.page)
        let pages = recorder.readPages
        let inspected = recorder.layouts.map { layout in
            var regions = (unitsByPage[layout.number] ?? []).enumerated().map { i, u in
                InspectedRegion(kind: u.kind.name, box: u.box, text: u.text, order: i + 1)
            }
            regions += layout.removed.map {
                InspectedRegion(kind: $0.role.rawValue, box: $0.line.box, text: $0.line.text, order: nil)
            }
            let words = pages[layout.number - 1].lines.flatMap(\.words).compactMap { w in
                w.confidence.map { InspectedWord(box: w.box, confidence: ($0 * 1000).rounded() / 1000) }
            }
            var page = InspectedPage(
                number: layout.number, width: layout.width, height: layout.height, method: layout.method,
                confidence: layout.confidence, regions: regions, gutters: layout.gutters, ocrWords: words)
            page.drawings = layout.drawings
            return page
        }
        return Inspection(document: document, pages: inspected)
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
