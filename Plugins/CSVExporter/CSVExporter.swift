import FolioModel

/// One row per block, RFC 4180: fields quoted when they hold a comma, quote or
/// line break; quotes doubled; CRLF between records. Loads in pandas and R as is.
public struct CSVExporter: Exporter {
    public let name = "csv"
    public let fileExtension = "csv"
    public let summary = "one row per block (RFC 4180, UTF-8, header row) for spreadsheets, pandas and R"

    public static let columns = [
        "source_file", "chapter_index", "chapter_title", "authors", "page", "kind", "level", "label", "text",
        "footnote_refs",
    ]

    public init() {}

    public func render(_ document: Document) throws -> String {
        var out = Self.record(Self.columns)
        // Front matter comes as chapter 0, back matter after the last chapter.
        for chapter in document.chaptersWithMatter {
            for block in chapter.blocks {
                out += Self.record([
                    document.source.file,
                    String(chapter.index),
                    chapter.title ?? "",
                    chapter.authors.joined(separator: "; "),
                    String(block.page),
                    block.kind.rawValue,
                    block.level.map(String.init) ?? "",
                    block.label ?? "",
                    block.text,
                    (block.footnoteRefs ?? []).joined(separator: "; "),
                ])
            }
        }
        return out
    }

    /// One RFC 4180 record: the one CSV writer, shared by the batch datasets.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func field(_ value: String) -> String {
        // A comma, a quote or a line break starts with one of these bytes; most fields hold none.
        guard
            value.utf8.contains(where: {
                $0 == 0x2C || $0 == 0x22 || (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2
            })
        else { return value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
