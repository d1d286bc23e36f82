import ArgumentParser
import FolioCore
import FolioModel
import Foundation

@main
struct Folio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Turn report PDFs into clean, structured data.",
        discussion: """
            Folio reads a PDF's text layer (or OCRs pages that have none), removes page \
            furniture, puts columns in reading order, and finds chapters, authors, headings, \
            pull-quotes, lists, captions and footnotes. The result is written as JSON \
            (folio/document@1), CSV (one row per block) and Markdown.

            Examples:
              folio convert report.pdf                  # output/report.json, .csv, .md
              folio convert *.pdf --format json -o data
              folio convert scan.pdf --ocr always --lang eng+spa
              folio convert old-extraction.txt          # repair text already extracted
              cat report.pdf | folio convert - --format md --output -
            """,
        version: FolioVersion.current,
        subcommands: [Convert.self, Batch.self, Merge.self, Exporters.self, Inspect.self, Diff.self],
        defaultSubcommand: nil)

    static func main() {
        // A process-wide allocator setting: made here, by the command, not by the library.
        Converter.tuneAllocatorForLongDocuments()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Usage errors exit with 2, as `convert --help` promises (the parser's default is 64).
            if exitCode(for: error).rawValue == 64 {
                printErr(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
