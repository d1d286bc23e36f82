// Folio external exporter written in Swift: one line per chapter, "index<TAB>title<TAB>authors".
//
// Build it once into a folder of plugins (the file name is the format name):
//
//     swiftc -O folio-export-titles.swift -o ~/folio-plugins/folio-export-titles
//     folio convert report.pdf --plugins ~/folio-plugins --format json,titles
//
// or run it as a script, through a wrapper named folio-export-titles:
//
//     #!/bin/sh
//     exec swift /path/to/folio-export-titles.swift "$@"
//
// Contract: the folio/document@1 JSON on standard input, the output file as the
// single argument; `--extension` prints the file extension (here: txt).

import Foundation

struct Document: Decodable {
    struct Chapter: Decodable {
        var index: Int
        var title: String?
        var authors: [String]
    }
    var schema: String
    var title: String?
    var chapters: [Chapter]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("folio-export-titles: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--extension"] {
    print("txt")
    exit(0)
}
guard arguments.count == 1 else { fail("usage: folio-export-titles OUTPUT < document.json") }

let input = FileHandle.standardInput.readDataToEndOfFile()
let document: Document
do {
    document = try JSONDecoder().decode(Document.self, from: input)
} catch {
    fail("cannot read the document: \(error)")
}
guard document.schema == "folio/document@1" else { fail("unexpected schema \(document.schema)") }

var lines = ["# " + (document.title ?? "(untitled)")]
for chapter in document.chapters {
    lines.append("\(chapter.index)\t\(chapter.title ?? "")\t\(chapter.authors.joined(separator: "; "))")
}
do {
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: arguments[0]))
} catch {
    fail("cannot write \(arguments[0]): \(error)")
}
