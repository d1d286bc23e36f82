import FolioModel
import Foundation
import HTMLExporter
import MarkdownExporter

/// The document JSON reader (what filters hand back), then the exporters on
/// whatever it accepts: no crash, and Markdown whose every note reference has
/// exactly one definition.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDocumentJSON(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let data = Data(bytes: bytes, count: size)
    guard let document = try? JSONDecoder().decode(Document.self, from: data) else { return 0 }
    _ = try? HTMLExporter().render(document)
    guard let markdown = try? MarkdownExporter().render(document) else { return 0 }
    var defined: [Substring: Int] = [:]
    var referenced: Set<Substring> = []
    for line in markdown.split(separator: "\n") {
        var rest = line[...]
        while let open = rest.range(of: "[^") {
            guard let close = rest[open.upperBound...].firstIndex(of: "]") else { break }
            let id = rest[open.upperBound..<close]
            let isDefinition = open.lowerBound == line.startIndex && line[close...].hasPrefix("]:")
            if isDefinition { defined[id, default: 0] += 1 } else { referenced.insert(id) }
            rest = rest[close...]
        }
    }
    if defined.values.contains(where: { $0 > 1 }) { fatalError("a note defined twice") }
    if !referenced.isSubset(of: Set(defined.keys)) { fatalError("a reference without its note") }
    return 0
}
