import ArgumentParser
import FolioCore
import FolioDiff
import FolioModel
import FolioPlugins
import Foundation

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say what changed between two editions of a report.",
        discussion: """
            OLD and NEW are each a PDF, an extracted .txt file or a Folio JSON document \
            (folio/document@1). Chapters are aligned by title, authors and content; blocks \
            are matched by their identity, then by word similarity, within and across \
            chapters, so moved sections are found; edited blocks get a word-level diff. \
            Differences in whitespace, hyphenation, case, punctuation, quotes, ligatures \
            and note numbers are not changes; words split differently and OCR slips are \
            listed as noise. See docs/diff.md.

            Formats: json (folio/diff@1), md (a changelog), html (the editions side by \
            side, insertions and deletions marked).

            Examples:
              folio diff 2023.pdf 2024.pdf --format md
              folio diff output/2023.json output/2024.json -o changes.json

            Exit status, as diff(1): 0 when the editions are the same, 1 when they \
            differ, 2 on trouble (an unreadable input, a usage error).
            """)

    @Argument(help: "The earlier edition: PDF, .txt or Folio JSON.")
    var old: String

    @Argument(help: "The later edition: PDF, .txt or Folio JSON.")
    var new: String

    @Option(name: [.short, .long], help: "Output format: json, md or html.")
    var format: DiffFormat = .json

    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE (default: standard output).", valueName: "file"))
    var output: String = "-"

    @OptionGroup var reading: ReadingOptions

    @Option(help: "Resolution pages are rendered at for OCR.")
    var dpi: Int = 300

    func validate() throws {
        if dpi < 50 || dpi > 1200 { throw ValidationError("--dpi must be between 50 and 1200") }
    }

    func run() throws {
        let report: EditionDiff
        do {
            let password = try reading.passwordOrExit("folio diff")
            let converter = Converter(options: reading.conversionOptions(ocrDPI: dpi, jobs: 0, password: password))
            report = EditionDiffer().diff(old: try load(old, converter), new: try load(new, converter))
            let text: String
            switch format {
            case .json: text = try DiffRenderer.json(report)
            case .md: text = DiffRenderer.markdown(report)
            case .html: text = DiffRenderer.html(report)
            }
            if output == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
            } else {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        } catch let error as ConversionError {
            printErr("folio: \(error.file): \(error.reason)")
            throw ExitCode(2)
        } catch {
            printErr("folio: \(error)")
            throw ExitCode(2)
        }
        throw ExitCode(report.isUnchanged ? 0 : 1)
    }

    /// A Folio JSON document as it is; anything else through the converter.
    private func load(_ path: String, _ converter: Converter) throws -> Document {
        guard path.lowercased().hasSuffix(".json") else { return try converter.convert(file: path) }
        do {
            return try DocumentValidator.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let invalid as DocumentValidator.Invalid {
            throw DiffInputError(description: "\(path): not a Folio document: \(invalid.reason)")
        }
    }
}

struct DiffInputError: Error, CustomStringConvertible {
    var description: String
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case json, md, html
}
