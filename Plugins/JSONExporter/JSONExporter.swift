import FolioModel
import Foundation

/// The `folio/document@1` JSON file.
public struct JSONExporter: Exporter {
    public let name = "json"
    public let fileExtension = "json"
    public let summary = "the folio/document@1 JSON contract (chapters, blocks, pages)"

    public init() {}

    public func render(_ document: Document) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the same document gives the same bytes on every run.
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        var data = try encoder.encode(document)
        data.append(0x0A)
        return String(decoding: data, as: UTF8.self)
    }
}
