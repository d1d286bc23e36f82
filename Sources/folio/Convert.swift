import ArgumentParser
import FolioCore
import FolioModel
import Foundation

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert PDFs or extracted .txt files into JSON, CSV, Markdown, HTML or a plugin's format.",
        discussion: """
            Each input FILE becomes DIR/<name>.json, <name>.csv and <name>.md (or only the \
            formats given with --format). Use - as FILE to read standard input, and \
            --output - to write a single format to standard output.

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
        name: .customLong("filter"),
        help: ArgumentHelp(
            "Run CMD on the document JSON before exporting (repeatable, applied in order).",
            discussion: "CMD is a path or a name on PATH; it reads the document on stdin and writes it on stdout.",
            valueName: "cmd"))
    var filters: [String] = []

    @Option(
        name: .customLong("plugins"),
        help: ArgumentHelp(
            "A folder of external exporters (folio-export-NAME programs); repeatable.",
            discussion: "Searched before FOLIO_PLUGIN_PATH (colon-separated folders) and PATH.",
            valueName: "dir"))
    var pluginDirs: [String] = []

    @Option(
        name: .customLong("plugin-timeout"),
        help: ArgumentHelp(
            "Seconds an external exporter or filter may run before it is stopped and its output fails.",
            valueName: "seconds"))
    var pluginTimeout: Double = ExternalExporter.defaultTimeout

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(
        name: [.short, .long],
        help: "Print each pipeline stage's name and time (page stages: summed over pages and workers).")
    var verbose = false

    func validate() throws {
        for dir in pluginDirs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("--plugins \(dir): no such folder")
            }
        }
        if !(pluginTimeout > 0) { throw ValidationError("--plugin-timeout must be more than 0 seconds") }
        let registry = Registry.make(pluginDirs: pluginDirs, timeout: pluginTimeout)
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
        for command in filters where Filter(command: command) == nil {
            throw ValidationError(
                "--filter \(command): " + (command.contains("/") ? "no such executable file" : "not found on PATH"))
        }
    }

    var formats: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let options = reading.conversionOptions(ocrDPI: dpi, jobs: jobs)
        let converter = Converter(options: options)
        let registry = Registry.make(pluginDirs: pluginDirs, timeout: pluginTimeout)
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
        let filterChain = filters.compactMap { Filter(command: $0) }
        var failures = 0
        for file in files {
            let started = Date()
            do {
                var (document, stem) = try convert(file, with: converter)
                for filter in filterChain {
                    document = try filter.apply(documentJSON: DocumentJSON.encode(document), timeout: pluginTimeout)
                }
                let failed = try write(document, stem: stem, exporters: exporters)
                if !quiet && output != "-" {
                    let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                    let warn =
                        document.metadata.warnings.isEmpty ? "" : ", \(document.metadata.warnings.count) warnings"
                    printErr(
                        "\(file): \(document.source.pageCount) pages, \(document.chapters.count) chapters, \(seconds) s\(warn)"
                    )
                }
                for message in failed { printErr("folio: \(file): \(message)") }
                if !failed.isEmpty { failures += 1 }
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
        var stages: Converter.StageHandler?
        if verbose {
            stages = { timing in
                let seconds = String(format: "%8.3f s", timing.seconds)
                let note = timing.perPage ? " (per page, summed)" : ""
                printErr("\(file): \(seconds)  \(timing.name)\(note)")
            }
        }
        guard file == "-" else {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return (try converter.convert(file: file, stages: stages), stem)
        }
        // Converted in memory: no temporary file for anyone to race.
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let name = data.starts(with: Data("%PDF".utf8)) ? "stdin.pdf" : "stdin.txt"
        return (try converter.convert(data: data, fileName: name, stages: stages), "stdin")
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
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var failed: [String] = []
        for e in exporters {
            let target = dir.appendingPathComponent("\(stem).\(e.fileExtension)")
            do {
                if let external = e as? ExternalExporter {
                    // The plugin writes into a hidden folder next to the target; the file is moved
                    // into place only when the plugin succeeds, so a failed run leaves nothing behind.
                    let staging = dir.appendingPathComponent(".folio-\(e.name)-\(UUID().uuidString)", isDirectory: true)
                    try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: staging) }
                    let temp = staging.appendingPathComponent(target.lastPathComponent)
                    try external.export(documentJSON: documentJSON(), to: temp)
                    if rename(temp.path, target.path) != 0 {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
                    }
                } else {
                    try writeAtomically(try e.render(document), to: target)
                }
            } catch {
                failed.append(describe(error, of: e))
            }
        }
        return failed
    }

    /// Writes `text` to a temporary name beside `target` and renames it: a
    /// reader never sees half a file. The string's own UTF-8 is written, with
    /// no second copy of a long document in memory.
    private func writeAtomically(_ text: String, to target: URL) throws {
        var text = text
        text.makeContiguousUTF8()
        let temp = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temp.path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: target.path]) }
        do {
            try text.utf8.withContiguousStorageIfAvailable { bytes in
                try handle.write(contentsOf: UnsafeRawBufferPointer(bytes))
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        if rename(temp.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
    }

    private func describe(_ error: any Error, of exporter: any Exporter) -> String {
        if let failure = error as? PluginFailure { return failure.description }
        return "exporter '\(exporter.name)' failed: \(error)"
    }
}

enum OCRModeArgument: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
    var mode: OCRMode { OCRMode(rawValue: rawValue)! }
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
