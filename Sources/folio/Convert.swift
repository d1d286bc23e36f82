import ArgumentParser
import FolioBatch
import FolioCore
import FolioModel
import FolioPlugins
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert PDFs or extracted .txt files into JSON, CSV, Markdown, HTML or a plugin's format.",
        discussion: """
            Each input FILE becomes DIR/<name>.json, <name>.csv and <name>.md (or only the \
            formats given with --format). Use - as FILE to read standard input, and \
            --output - to write a single format to standard output. Inputs whose outputs \
            would share a name (a/r.pdf and b/r.pdf, r.pdf and r.txt) are refused before \
            anything is converted: use separate --output folders, or `folio batch`, which \
            mirrors folders. Each output appears complete or not at all.

            Text input (.txt, or standard input that is not a PDF) must be text: binary \
            data is refused; a byte-order mark selects UTF-8/16/32; other bytes that are \
            not UTF-8 are read as Windows-1252 with a warning. On a terminal, a document \
            that takes more than a second shows its page progress on standard error.

            Filters: each --filter CMD runs, in the order given, between conversion and \
            export. CMD (a path, or a name on PATH; run directly, not through a shell) reads \
            the document JSON (folio/document@1) on standard input and writes a document \
            JSON on standard output. Its output is checked against the contract; a filter \
            that fails or writes an invalid document fails that input.

            External exporters: any executable named folio-export-NAME in a --plugins DIR, \
            a folder of FOLIO_PLUGIN_PATH (colon-separated) or PATH adds the format NAME. It \
            reads the document JSON on standard input and writes the file given as its one \
            argument, DIR/<name>.NAME (or the extension it prints for \
            `folio-export-NAME --extension`). `folio exporters` lists what is available.

            Examples:
              folio convert report.pdf --format html
              folio convert report.pdf --filter ./fix-titles.py --filter drop-captions
              folio convert report.pdf --plugins ./plugins --format json,wordcount
              folio convert locked.pdf --password-file pw.txt    # or FOLIO_PASSWORD=…

            Exit status: 0 when every input was converted; 1 when some input failed (one line \
            per failure on standard error: the file and the reason) or some output failed (a \
            plugin that exits non-zero or runs past --plugin-timeout; the other formats are \
            still written); 2 on a usage error.
            """)

    @Argument(help: "PDF or .txt files to convert (- for standard input).")
    var files: [String]

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Output formats, comma-separated.",
            discussion: "Built in: json, csv, md, html; plus every external exporter (see `folio exporters`).",
            valueName: "list"))
    var format: String = "json,csv,md"

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder (- for standard output).", valueName: "dir"))
    var output: String = "output"

    @OptionGroup var reading: ReadingOptions

    @Option(help: "Resolution pages are rendered at for OCR.")
    var dpi: Int = 300

    @Option(name: [.short, .long], help: "Pages processed in parallel (default: one per core).")
    var jobs: Int = 0

    @Option(
        help: ArgumentHelp(
            "Give up when no page of a PDF has been read for this many seconds (0: never).",
            discussion: """
                A damaged image can keep the PDF library busy for hours on one page. folio then \
                stops with exit status 1: inputs converted before keep their outputs; this one \
                and those after it are not converted.
                """,
            valueName: "seconds"))
    var pageTimeout: Double = 300

    @OptionGroup var plugins: PluginOptions

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(
        name: [.short, .long],
        help: "Print each pipeline stage's name and time (page stages: summed over pages and workers).")
    var verbose = false

    func validate() throws {
        try plugins.validate(formats: formats)
        if formats.isEmpty { throw ValidationError("--format needs at least one format") }
        if output == "-" && (formats.count != 1 || files.count != 1) {
            throw ValidationError("--output - writes one document in one format: give one FILE and one --format")
        }
        if files.filter({ $0 == "-" }).count + (reading.passwordFile == "-" ? 1 : 0) > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
        try reading.validatePasswordSource()
        if dpi < 50 || dpi > 1200 { throw ValidationError("--dpi must be between 50 and 1200") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more") }
        if !(pageTimeout >= 0) { throw ValidationError("--page-timeout must be 0 (never) or more seconds") }
    }

    var formats: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        ParentWatch.install()
        let options = reading.conversionOptions(ocrDPI: dpi, jobs: jobs, password: try reading.passwordOrExit("folio"))
        let converter = Converter(options: options)
        let registry = plugins.registry(for: formats)
        var exporters: [any Exporter] = []
        for name in formats {
            guard let e = registry.exporter(named: name), !exporters.contains(where: { $0.name == e.name }) else {
                continue
            }
            exporters.append(e)
        }
        if output != "-" {
            var byExtension: [String: String] = [:]
            for e in exporters {
                let ext = e.fileExtension.lowercased()
                if let other = byExtension[ext] {
                    throw ValidationError("formats '\(other)' and '\(e.name)' both write .\(ext) files; choose one")
                }
                byExtension[ext] = e.name
            }
        }
        let filterChain = plugins.filters.compactMap { Filter(command: $0) }
        if output != "-" {
            if let clash = Self.stemCollision(files) {
                printErr(
                    "folio: \(clash.0) and \(clash.1) would both write \(output)/\(Self.stem(of: clash.0)).*: "
                        + "convert them in two runs with different --output folders, or use `folio batch` "
                        + "(outputs mirror the input folders there). Nothing was converted.")
                throw ExitCode(2)
            }
            do {
                try OutputFolder.prepare(output)
            } catch {
                printErr("folio: \(error)")
                throw ExitCode(1)
            }
        }
        var failures = 0
        for (position, file) in files.enumerated() {
            let started = Date()
            if file != "-", let problem = InputFile.problem(file) {
                failures += 1
                printErr("folio: \(problem)")
                continue
            }
            do {
                Self.progress.begin(Self.displayName(file), enabled: !quiet && isatty(2) == 1)
                defer { Self.progress.clear() }
                defer { Self.watchdog.end() }
                var document = try convert(file, with: converter, inputsAfter: files.count - position - 1)
                Self.progress.clear()
                for filter in filterChain {
                    document = try filter.apply(
                        documentJSON: DocumentJSON.encode(document), timeout: plugins.pluginTimeout)
                }
                let failed = try write(document, stem: Self.stem(of: file), exporters: exporters)
                // Failures first, and no success line for a document whose outputs failed.
                for message in failed { printErr("folio: \(Self.displayName(file)): \(message)") }
                if !failed.isEmpty {
                    failures += 1
                } else if !quiet && output != "-" {
                    let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                    let warn =
                        document.metadata.warnings.isEmpty ? "" : ", \(document.metadata.warnings.count) warnings"
                    printErr(
                        "\(Self.displayName(file)): \(document.source.pageCount) pages, \(document.chapters.count) chapters, \(seconds) s\(warn)"
                    )
                }
            } catch let error as ConversionError {
                failures += 1
                printErr("folio: \(Self.displayName(error.file.isEmpty ? file : error.file)): \(error.reason)")
            } catch {
                failures += 1
                printErr("folio: \(Self.displayName(file)): \(FileProblem.reason(of: error))")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    static let progress = PageProgress()
    static let watchdog = PageWatchdog()

    private func pageProgress(for file: String) -> @Sendable (Int, Int) -> Void {
        { done, total in
            Self.progress.report(done: done, total: total)
            Self.watchdog.report(done: done, total: total)
        }
    }

    /// `r` for `a/r.pdf`; `stdin` for standard input.
    static func stem(of file: String) -> String {
        file == "-" ? "stdin" : URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    }

    static func displayName(_ file: String) -> String { file == "-" ? "- (standard input)" : file }

    /// The first two inputs whose outputs would have the same names (a/r.pdf and
    /// b/r.pdf, r.pdf and r.txt); the same file given twice counts too.
    static func stemCollision(_ files: [String]) -> (String, String)? {
        var owner: [String: String] = [:]
        for file in files {
            let stem = stem(of: file)
            if let first = owner[stem] { return (first, file) }
            owner[stem] = file
        }
        return nil
    }

    /// One input as a document. Text (a `.txt` file, or standard input that is
    /// not a PDF) is decoded first and refused when it is not text.
    /// With `-v`, each stage's name and time as it finishes.
    private func stageReport(for file: String) -> Converter.StageHandler? {
        guard verbose else { return nil }
        let name = Self.displayName(file)
        return { timing in
            let seconds = String(format: "%8.3f s", timing.seconds)
            let note = timing.perPage ? " (per page, summed)" : ""
            printErr("\(name): \(seconds)  \(timing.name)\(note)")
        }
    }

    private func convert(_ file: String, with converter: Converter, inputsAfter: Int) throws -> Document {
        let stages = stageReport(for: file)
        // Said after the conversion, as the document's last warnings are.
        let warnings = Warnings()
        let document: Document
        // Only a PDF's pages are watched: text mode calls no C library that can hang.
        let watch = { Self.watchdog.begin(Self.displayName(file), limit: pageTimeout, inputsAfter: inputsAfter) }
        if file != "-" {
            if !file.lowercased().hasSuffix(".txt") { watch() }
            document = try converter.convert(
                file: file, progress: pageProgress(for: file), stages: stages, warnings: warnings.add)
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            // Converted in memory: no temporary file for anyone to race or follow.
            let name = TextDecoding.sniff(data) == .pdf ? "stdin.pdf" : "stdin.txt"
            if name == "stdin.pdf" { watch() }
            do {
                document = try converter.convert(
                    data: data, fileName: name, progress: pageProgress(for: "-"), stages: stages,
                    warnings: warnings.add)
            } catch {
                throw ConversionError(file: "-", reason: error.reason)
            }
        }
        if !quiet {
            for warning in warnings.all { printErr("folio: warning: \(Self.displayName(file)): \(warning)") }
        }
        return document
    }

    /// Writes every format; a format that fails does not stop the others.
    /// Returns one message per failed format.
    private func write(_ document: Document, stem: String, exporters: [any Exporter]) throws -> [String] {
        var json: Data?
        func documentJSON() throws -> Data {
            if let json { return json }
            let encoded = try DocumentJSON.encode(document)
            json = encoded
            return encoded
        }
        if output == "-" {
            let e = exporters[0]
            do {
                let data =
                    try (e as? ExternalExporter)?.renderData(documentJSON: documentJSON())
                    ?? Data(e.render(document).utf8)
                FileHandle.standardOutput.write(data)
                return []
            } catch {
                return [describe(error, of: e)]
            }
        }
        let dir = URL(fileURLWithPath: output)
        // The built-in formats are rendered side by side: on a long document each takes seconds.
        let rendered = parallelMap(count: exporters.count, workers: exporters.count) { i in
            exporters[i] is ExternalExporter ? nil : Result { try exporters[i].render(document) }
        }
        var failed: [String] = []
        for (i, e) in exporters.enumerated() {
            let target = dir.appendingPathComponent("\(stem).\(e.fileExtension)")
            do {
                if let external = e as? ExternalExporter {
                    // The plugin writes into a hidden folder next to the target; the file is moved
                    // into place only when the plugin succeeds, so a failed run leaves nothing behind.
                    let staging = dir.appendingPathComponent(".folio-\(e.name)-\(UUID().uuidString)", isDirectory: true)
                    guard mkdir(staging.path, 0o700) == 0 else {
                        throw FileProblem(target.path, "cannot write: \(FileProblem.reason(errno: errno))")
                    }
                    defer { try? FileManager.default.removeItem(at: staging) }
                    let temp = staging.appendingPathComponent(target.lastPathComponent)
                    try external.export(documentJSON: documentJSON(), to: temp)
                    if rename(temp.path, target.path) != 0 {
                        throw FileProblem(target.path, "cannot write: \(FileProblem.reason(errno: errno))")
                    }
                } else if let text = rendered[i] {
                    try AtomicOutput.write(text.get(), to: target)
                }
            } catch {
                failed.append(describe(error, of: e))
            }
        }
        return failed
    }

    private func describe(_ error: any Error, of exporter: any Exporter) -> String {
        if let failure = error as? PluginFailure { return failure.description }
        if let problem = error as? FileProblem { return problem.description }
        return "exporter '\(exporter.name)' failed: \(FileProblem.reason(of: error))"
    }
}

enum OCRModeArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
    var mode: OCRMode { OCRMode(rawValue: rawValue)! }
}

/// Warnings a conversion reports while it runs, kept to be said after it.
private final class Warnings: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var add: Converter.WarningHandler { { warning in self.lock.withLock { self.items.append(warning) } } }
    var all: [String] { lock.withLock { items } }
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
