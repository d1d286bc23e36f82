import ArgumentParser
import FolioCore
import FolioModel
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert PDFs or extracted .txt files into JSON, CSV and Markdown.",
        discussion: """
            Each input FILE becomes DIR/<name>.json, <name>.csv and <name>.md (or only the \
            formats given with --format). Use - as FILE to read standard input, and \
            --output - to write a single format to standard output.

            Exit status: 0 when every input was converted; 1 when some input failed (one line \
            per failure on standard error: the file and the reason); 2 on a usage error.
            """)

    @Argument(help: "PDF or .txt files to convert (- for standard input).")
    var files: [String]

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Output formats, comma-separated.", discussion: "Built in: json, csv, md.", valueName: "list"))
    var format: String = "json,csv,md"

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder (- for standard output).", valueName: "dir"))
    var output: String = "output"

    @Option(help: "Password of an encrypted PDF.")
    var password: String?

    @Option(help: "When to OCR a page: auto (pages without a usable text layer), always, never.")
    var ocr: OCRModeArgument = .auto

    @Option(help: ArgumentHelp("Tesseract languages for OCR, e.g. eng+spa.", valueName: "langs"))
    var lang: String = "eng"

    @Option(help: "Resolution pages are rendered at for OCR.")
    var dpi: Int = 300

    @Option(name: [.short, .long], help: "Pages processed in parallel (default: one per core).")
    var jobs: Int = 0

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        let registry = BuiltIn.registry
        for name in formats where registry.exporter(named: name) == nil {
            throw ValidationError("unknown format '\(name)'; available: \(registry.names.joined(separator: ", "))")
        }
        if formats.isEmpty { throw ValidationError("--format needs at least one format") }
        if output == "-" && (formats.count != 1 || files.count != 1) {
            throw ValidationError("--output - writes one document in one format: give one FILE and one --format")
        }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
        if dpi < 50 || dpi > 1200 { throw ValidationError("--dpi must be between 50 and 1200") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more") }
    }

    var formats: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let options = ConversionOptions(password: password, ocr: ocr.mode, ocrLanguages: lang, ocrDPI: dpi, jobs: jobs)
        let converter = Converter(options: options)
        let exporters = formats.compactMap { BuiltIn.registry.exporter(named: $0) }
        var failures = 0
        for file in files {
            let started = Date()
            do {
                let (document, stem) = try convert(file, with: converter)
                try write(document, stem: stem, exporters: exporters)
                if !quiet && output != "-" {
                    let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                    let warn = document.metadata.warnings.isEmpty ? "" : ", \(document.metadata.warnings.count) warnings"
                    printErr(
                        "\(file): \(document.source.pageCount) pages, \(document.chapters.count) chapters, \(seconds) s\(warn)"
                    )
                }
            } catch let error as ConversionError {
                failures += 1
                printErr("folio: \(error.file): \(error.reason)")
            } catch {
                failures += 1
                printErr("folio: \(file): \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func convert(_ file: String, with converter: Converter) throws -> (Document, String) {
        guard file == "-" else {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return (try converter.convert(file: file), stem)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        if data.starts(with: Data("%PDF".utf8)) {
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("folio-stdin-\(getpid()).pdf")
            try data.write(to: temp)
            defer { try? FileManager.default.removeItem(at: temp) }
            var doc = try converter.convert(file: temp.path)
            doc.source.file = "stdin.pdf"
            return (doc, "stdin")
        }
        return (converter.convert(text: String(decoding: data, as: UTF8.self), fileName: "stdin.txt"), "stdin")
    }

    private func write(_ document: Document, stem: String, exporters: [any Exporter]) throws {
        if output == "-" {
            FileHandle.standardOutput.write(Data(try exporters[0].render(document).utf8))
            return
        }
        let dir = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for e in exporters {
            let rendered = try e.render(document)
            // Written to a temporary name and renamed: a reader never sees half a file.
            try Data(rendered.utf8).write(to: dir.appendingPathComponent("\(stem).\(e.fileExtension)"), options: .atomic)
        }
    }
}

enum OCRModeArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
    var mode: OCRMode { OCRMode(rawValue: rawValue)! }
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
