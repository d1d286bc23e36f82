import FolioModel

/// Readable Markdown: chapters as headings with a byline, pull-quotes as block
/// quotes, footnotes as Markdown footnotes, captions in italics.
public struct MarkdownExporter: Exporter {
    public let name = "md"
    public let fileExtension = "md"
    public let summary = "Markdown: chapters with bylines, pull-quotes as block quotes, footnotes"

    public init() {}

    public func render(_ document: Document) throws -> String {
        var parts: [String] = []
        if let title = document.title { parts.append("# \(escape(title))") }
        for chapter in document.chapters {
            // Footnote labels restart per chapter in many reports; prefix with the
            // chapter index so Markdown footnote ids stay unique.
            let prefix = "c\(chapter.index)-"
            if let title = chapter.title { parts.append("## \(escape(title))") }
            if !chapter.authors.isEmpty { parts.append("*By \(chapter.authors.joined(separator: ", "))*") }
            for block in chapter.blocks {
                switch block.kind {
                case .heading:
                    let level = min(6, max(3, (block.level ?? 2) + 1))
                    parts.append(String(repeating: "#", count: level) + " " + escape(block.text))
                case .paragraph:
                    parts.append(escape(block.text) + refs(block, prefix))
                case .listItem:
                    parts.append("- " + escape(block.text) + refs(block, prefix))
                case .pullQuote:
                    parts.append("> " + escape(block.text))
                case .caption:
                    parts.append("*" + escape(block.text) + "*")
                case .footnote:
                    let label = block.label ?? "?"
                    parts.append("[^\(prefix)\(label)]: " + escape(block.text))
                case .table:
                    parts.append(pipeTable(block.cells))
                default:
                    // A kind this exporter does not know yet reads as a paragraph.
                    parts.append(escape(block.text))
                }
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// A pipe table; the first row is its header row (Markdown needs one). Rows
    /// are padded to the widest; in a cell `|` is escaped and a line break is a space.
    func pipeTable(_ rows: [[String]]) -> String {
        let width = max(1, rows.map(\.count).max() ?? 1)
        func row(_ cells: [String]) -> String {
            let padded = cells + Array(repeating: "", count: width - cells.count)
            let escaped = padded.map { cell in
                escape(cell).split(whereSeparator: \.isNewline).joined(separator: " ")
                    .split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
            }
            return "| " + escaped.joined(separator: " | ") + " |"
        }
        let header = row(rows.first ?? [])
        let rule = "|" + Array(repeating: " --- |", count: width).joined()
        return ([header, rule] + rows.dropFirst().map(row)).joined(separator: "\n")
    }

    private func refs(_ block: Block, _ prefix: String) -> String {
        (block.footnoteRefs ?? []).map { "[^\(prefix)\($0)]" }.joined()
    }

    /// Escapes what Markdown would read as markup at the start of a line or inline.
    func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "*_`[]<>\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        if let first = out.first, "#+-".contains(first) || (first.isNumber && out.contains(". ")) {
            if first.isNumber, let dot = out.firstIndex(of: "."), out[out.startIndex..<dot].allSatisfy(\.isNumber) {
                out.insert("\\", at: dot)
            } else if !first.isNumber {
                out.insert("\\", at: out.startIndex)
            }
        }
        return out
    }
}
