import ArgumentParser
import FolioCore
import FolioInspect
import FolioModel
import Foundation
import PopplerKit

/// `folio inspect`: draws what the pipeline found on each page, for review.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the regions, reading order, columns and OCR confidence found on each page.",
        discussion: """
            Runs the conversion pipeline on FILE and writes, into DIR (default \
            inspect/<name>/), one PNG per selected page (page-003.png …) with every region \
            drawn on the page: a box coloured by kind, labelled with its reading-order number; \
            removed running headers, footers and page numbers with a dashed outline; column \
            gutters as dashed vertical lines; drawings (charts, diagrams, frames: ink that is \
            not text) in a grey dashed outline; and on OCR pages each word shaded by confidence \
            (red low, green high). index.html shows each image beside the blocks found on it, \
            with chapter banners and a colour legend. A .txt input gives index.html only.

            Examples:
              folio inspect report.pdf                     # inspect/report/
              folio inspect report.pdf --pages 3-5 --dpi 150
              folio inspect scan.pdf --pages 1,4,7-9 --ocr always --output review

            Exit status: 0 on success; 1 when FILE cannot be read (one line on standard \
            error: the file and the reason); 2 on a usage error (including pages the file \
            does not have).
            """)

    @Argument(help: "A PDF or .txt file.")
    var file: String

    @Option(
        help: ArgumentHelp(
            "Pages to draw, e.g. 3, 3-5 or 1,4,7-9 (default: all). The whole file is still analysed.",
            valueName: "list"))
    var pages: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder (default: inspect/<name>).", valueName: "dir"))
    var output: String?

    @Option(help: "Resolution of the page images.")
    var dpi: Int = 100

    @OptionGroup var reading: ReadingOptions

    @Option(name: .customLong("ocr-dpi"), help: "Resolution pages are rendered at for OCR.")
    var ocrDPI: Int = 300

    @Option(name: [.short, .long], help: "Pages processed in parallel (default: one per core).")
    var jobs: Int = 0

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let pages, PageSelection(pages) == nil {
            throw ValidationError("--pages '\(pages)': give pages and ranges like 3, 3-5 or 1,4,7-9 (pages start at 1)")
        }
        if dpi < 20 || dpi > 600 { throw ValidationError("--dpi must be between 20 and 600") }
        if ocrDPI < 50 || ocrDPI > 1200 { throw ValidationError("--ocr-dpi must be between 50 and 1200") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more") }
        if file == "-" { throw ValidationError("inspect needs a file path; standard input is not supported") }
    }

    func run() throws {
        let selection = pages.flatMap(PageSelection.init)
        let isText = file.lowercased().hasSuffix(".txt")
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let dir = URL(fileURLWithPath: output ?? "inspect/\(stem)", isDirectory: true)

        // Open the PDF first: a bad file fails with convert's one-line reason, and
        // pages it does not have are a usage error before any work is done.
        let password = try reading.passwordOrExit("folio")
        if let problem = InputFile.problem(file) {
            printErr("folio: \(problem)")
            throw ExitCode(1)
        }
        if isText, let data = FileManager.default.contents(atPath: file) {
            do { _ = try TextDecoding.decode(data) } catch {
                printErr("folio: \(file): \(error.reason)")
                throw ExitCode(1)
            }
        }
        var images: PDFPageImages?
        if !isText {
            do {
                images = try PDFPageImages(path: file, password: password)
            } catch {
                printErr("folio: \(file): \(error.description)")
                throw ExitCode(1)
            }
            if let images, images.pageCount == 0 {
                printErr("folio: \(file): the PDF has no pages")
                throw ExitCode(1)
            }
            if let selection, let count = images?.pageCount, selection.last > count {
                usageError(outOfRange(selection, count: count))
            }
        }

        let started = Date()
        let options = reading.conversionOptions(ocrDPI: ocrDPI, jobs: jobs, password: password)
        let quiet = self.quiet
        let file = self.file
        if !quiet { printErr("\(file): analysing…") }
        let inspection: Inspection
        do {
            inspection = try Converter(options: options).inspect(
                file: file,
                progress: { done, total in
                    if !quiet && (done == total || done % 10 == 0) { printErr("\(file): \(done)/\(total) pages read") }
                })
        } catch {
            printErr("folio: \(error.file): \(error.reason)")
            throw ExitCode(1)
        }
        let total = inspection.pages.count
        if let selection, selection.last > total { usageError(outOfRange(selection, count: total)) }
        let chosen = selection?.pages ?? inspection.pages.map(\.number)

        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var written: [Int: InspectHTML.PageImage] = [:]
        if let images {
            do {
                written = try PageImages.write(
                    images, inspection: inspection, pages: chosen, dpi: dpi, to: dir,
                    wrote: { target in if !quiet { printErr("\(file): wrote \(target.path)") } })
            } catch {
                printErr("folio: \(file): \(error)")
                throw ExitCode(1)
            }
        }
        let html = InspectHTML(inspection: inspection, pages: chosen, images: written, dpi: dpi).render()
        let index = dir.appendingPathComponent("index.html")
        do {
            try Data(html.utf8).write(to: index, options: .atomic)
        } catch {
            printErr("folio: cannot write \(index.path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if !quiet {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            printErr("\(file): \(chosen.count) of \(total) pages inspected, \(seconds) s → \(index.path)")
        }
    }

    /// A usage error found only once the file is open: exit 2, like the parser's own.
    private func usageError(_ message: String) -> Never {
        printErr("Error: \(message)\n  See 'folio inspect --help' for more information.")
        Inspect.exit(withError: ExitCode(2))
    }

    private func outOfRange(_ selection: PageSelection, count: Int) -> String {
        "--pages \(pages ?? ""): \(file) has \(count) page\(count == 1 ? "" : "s") (asked for page \(selection.last))"
    }
}
