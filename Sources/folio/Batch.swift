import ArgumentParser
import FolioBatch
import FolioCore
import Foundation

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a folder of reports into a dataset.",
        discussion: """
            Every *.pdf and *.txt under INPUT_DIR (recursively, any case, hidden files \
            skipped) is converted in its own worker process, --jobs at a time. Outputs \
            mirror the input's path: INPUT_DIR/sub/report.pdf becomes OUT_DIR/sub/report.json \
            (plus .csv and .md as --format asks; JSON is always kept, the datasets are built \
            from it). Each file appears complete or not at all.

            OUT_DIR/folio-manifest.json records each input's SHA-256, the folio version and \
            the options; a re-run skips what is unchanged, redoes what changed, and reports \
            inputs that disappeared. A run that was interrupted resumes where it stopped.

            After the run, OUT_DIR/dataset.csv and dataset.jsonl hold one row per block of \
            every converted document: the per-document CSV's columns plus source_sha256, \
            document_title and block_index (reading order); --sqlite FILE brings a SQLite \
            database up to date as well (docs/datasets.md).

            --filter, --plugins and external exporters' formats work as in convert; each \
            worker runs the filters. An encrypted input's password (--password-file FILE, \
            or FOLIO_PASSWORD) reaches the workers through a pipe, never their command \
            line. Workers end when the batch ends, even on kill -9, and a re-run resumes.

            --shard K/N takes only the inputs whose content hash falls in shard K of N (for \
            job arrays); `folio merge OUT_DIR` then combines the shards.

            Exit status: 0 when no document failed, 1 when some did (each listed with its \
            reason), 2 on a usage error.

            Examples:
              folio batch reports/ --output data
              folio batch reports/ --output data --jobs 4 --format json,csv --timeout 300
              folio batch /data/in --output /data/out --shard 3/8
              folio batch reports/ --output data --filter ./fix-titles.py --format json,wordcount
              FOLIO_PASSWORD=… folio batch locked/ --output data
            """)

    @Argument(help: ArgumentHelp("Folder of PDFs and .txt files.", valueName: "input-dir"))
    var inputDir: String

    @Option(name: [.short, .long], help: ArgumentHelp("Output folder.", valueName: "out-dir"))
    var output: String

    @Option(name: [.short, .long], help: "Documents converted at the same time (default: one per core).")
    var jobs: Int?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Output formats, comma-separated (json is always written).", valueName: "list"))
    var format: String = "json,csv,md"

    @Option(help: ArgumentHelp("Seconds a document may take before it is abandoned.", valueName: "seconds"))
    var timeout: Double = 600

    @Flag(help: "Convert every input again, even unchanged ones.")
    var force = false

    @Option(help: ArgumentHelp("Take only shard K of N (1-based), e.g. 2/8.", valueName: "K/N"))
    var shard: String?

    @OptionGroup var reading: ReadingOptions

    @Option(
        help: ArgumentHelp(
            "Also keep the dataset in a SQLite database (documents, chapters, blocks, full-text index).",
            valueName: "file"))
    var sqlite: String?

    @OptionGroup var plugins: PluginOptions

    @Flag(name: [.short, .long], help: "Print only failures.")
    var quiet = false

    var formats: [String] {
        var list: [String] = []
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !name.isEmpty && !list.contains(name) {
            list.append(name)
        }
        if !list.contains("json") { list.append("json") }
        return list
    }

    func validate() throws {
        try plugins.validate(formats: formats)
        if reading.passwordFile == "-" { throw ValidationError("--password-file - is not available in batch") }
        try reading.validatePasswordSource()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inputDir, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("'\(inputDir)' is not a folder")
        }
        if output.isEmpty || output == "-" { throw ValidationError("--output needs a folder") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/8 (got '\(shard)')")
        }
        if reading.lang.isEmpty { throw ValidationError("--lang needs a language") }
    }

    func run() throws {
        let password = try reading.passwordOrExit("folio batch")
        // Workers may run elsewhere in the tree: paths are made absolute once.
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        var settings = BatchSettings(
            inputDir: URL(fileURLWithPath: inputDir, isDirectory: true).standardizedFileURL,
            outDir: URL(fileURLWithPath: output, isDirectory: true).standardizedFileURL,
            jobs: jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount),
            formats: formats, timeout: timeout, force: force, shard: shard.flatMap(Shard.init),
            password: password,
            ocr: reading.ocr.rawValue, lang: reading.lang, accentLang: reading.accentLang, quiet: quiet)
        settings.filters = plugins.filters.map { $0.contains("/") ? absolute($0) : $0 }
        settings.pluginDirs = plugins.pluginDirs.map(absolute)
        settings.pluginTimeout = plugins.pluginTimeout
        let allConverted: Bool
        do {
            allConverted = try BatchRunner(settings: settings).run()
        } catch let error as BatchError {
            printErr("folio batch: \(error)")
            throw ExitCode(1)
        } catch let problem as FileProblem {
            printErr("folio batch: \(problem)")
            throw ExitCode(1)
        } catch {
            printErr("folio batch: \(FileProblem.reason(of: error))")
            throw ExitCode(1)
        }
        if let sqlite { try updateDatabase(URL(fileURLWithPath: sqlite), settings) }
        if !allConverted { throw ExitCode(1) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the manifests and datasets of batch shards.",
        discussion: """
            Reads every folio-manifest.shard-K-of-N.json in OUT_DIR (written by \
            `folio batch --shard K/N`), writes their union to folio-manifest.json and \
            rebuilds dataset.csv and dataset.jsonl from the per-document JSON files.

            Exit status: 0 when every shard 1…N was found, 1 when some is missing or \
            none is there.
            """)

    @Argument(help: ArgumentHelp("The output folder the shards wrote to.", valueName: "out-dir"))
    var outDir: String

    @Flag(name: [.short, .long], help: "Print only problems.")
    var quiet = false

    func run() throws {
        let dir = URL(fileURLWithPath: outDir, isDirectory: true).standardizedFileURL
        do {
            let report = try ShardMerger.merge(outDir: dir)
            for problem in report.problems { printErr("folio merge: \(problem)") }
            if !quiet { printErr("folio merge: \(report.summary)") }
            if !report.complete { throw ExitCode(1) }
        } catch let error as BatchError {
            printErr("folio merge: \(error)")
            throw ExitCode(1)
        }
    }
}

extension Batch {
    func updateDatabase(_ file: URL, _ settings: BatchSettings) throws {
        do {
            let manifest = try BatchManifest.load(settings.manifestURL)
            let summary = try SQLiteDataset.update(file, manifest: manifest, outDir: settings.outDir)
            for problem in summary.problems { printErr("folio batch: \(problem)") }
            if !quiet {
                printErr(
                    "folio batch: \(file.lastPathComponent): \(summary.written) documents written, "
                        + "\(summary.unchanged) unchanged, \(summary.dropped) dropped")
            }
        } catch {
            printErr("folio batch: \(file.path): \(error)")
            throw ExitCode(1)
        }
    }
}
