import FolioCore
import MarkdownExporter

// Converts the PDF named on the command line and prints it as Markdown.
let document = try Converter().convert(file: CommandLine.arguments[1])
print(try MarkdownExporter().render(document))
