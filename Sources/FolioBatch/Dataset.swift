import CSVExporter
import FolioModel
import Foundation

/// `dataset.csv` and `dataset.jsonl`: one row per block across every converted
/// document of a manifest, in sorted input-path order, rebuilt from the
/// per-document JSON files.
package enum Dataset {
    /// The per-document CSV's columns, same names, plus what a dataset of many
    /// documents needs: the input's hash, the document's title and the block's
    /// place in its document (1-based, reading order), to restore order after a sort.
    package static let columns = [
        "source_file", "source_sha256", "document_title", "chapter_index", "chapter_title", "authors", "block_index",
        "page", "kind", "level", "label", "text", "footnote_refs", "block_id", "series", "edition",
    ]

    package struct Summary {
        package var documents = 0
        package var rows = 0
        package var problems: [String] = []
        /// Lines of changes.jsonl (changes between consecutive editions).
        package var changes = 0
    }

    /// Writes `<base>.csv` and `<base>.jsonl` in `outDir` (`base` is "dataset" or
    /// "dataset.shard-K-of-N"), both atomically.
    @discardableResult
    package static func write(manifest: BatchManifest, outDir: URL, base: String) throws -> Summary {
        let csv = try AtomicTextFile(outDir.appendingPathComponent("\(base).csv"))
        let jsonl: AtomicTextFile
        do { jsonl = try AtomicTextFile(outDir.appendingPathComponent("\(base).jsonl")) } catch {
            csv.abandon()
            throw error
        }
        var summary = Summary()
        do {
            let editions = try EditionSeries.load(manifest: manifest, outDir: outDir)
            try csv.write(csvRecord(columns))
            for path in manifest.documents.keys.sorted() {
                let entry = manifest.documents[path]!
                guard entry.status == .converted, let json = entry.jsonOutput else { continue }
                let document: Document
                do {
                    // Identities recomputed: JSON written before they existed gets them too.
                    document = try JSONDecoder().decode(
                        Document.self, from: Data(contentsOf: outDir.appendingPathComponent(json))
                    ).withIdentities()
                } catch {
                    summary.problems.append("\(path): cannot read \(json) for the dataset")
                    continue
                }
                summary.documents += 1
                let edition = editions.placement[path]
                let seriesField = edition?.series ?? ""
                let editionField = edition.map { String($0.edition) } ?? ""
                for (blockIndex, (chapter, block)) in document.allBlocks.enumerated() {
                    let authors = chapter.authors.joined(separator: "; ")
                    let refs = (block.footnoteRefs ?? []).joined(separator: "; ")
                    try csv.write(
                        csvRecord([
                            path, entry.sha256, document.title ?? "", String(chapter.index), chapter.title ?? "",
                            authors, String(blockIndex + 1), String(block.page),
                            block.kind.rawValue, block.level.map(String.init) ?? "", block.label ?? "", block.text,
                            refs, block.id ?? "", seriesField, editionField,
                        ]))
                    let values: [JSONValue] = [
                        .string(path), .string(entry.sha256), .optionalString(document.title), .int(chapter.index),
                        .optionalString(chapter.title), .strings(chapter.authors), .int(blockIndex + 1),
                        .int(block.page), .string(block.kind.rawValue),
                        block.level.map(JSONValue.int) ?? .null, .optionalString(block.label), .string(block.text),
                        .strings(block.footnoteRefs ?? []), .optionalString(block.id),
                        .optionalString(edition?.series), edition.map { JSONValue.int($0.edition) } ?? .null,
                    ]
                    try jsonl.write(jsonObject(zip(columns, values)) + "\n")
                    summary.rows += 1
                }
            }
            try csv.commit()
            try jsonl.commit()
            summary.changes = try editions.writeChanges(
                manifest: manifest, outDir: outDir, base: "changes" + base.dropFirst("dataset".count))
        } catch {
            csv.abandon()
            jsonl.abandon()
            throw error
        }
        return summary
    }

    // MARK: CSV (RFC 4180)

    package static func csvRecord(_ fields: [String]) -> String { CSVExporter.record(fields) }

    // MARK: JSON lines

    package enum JSONValue {
        case string(String), int(Int), strings([String]), null

        package static func optionalString(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

        package var rendered: String {
            switch self {
            case .string(let s): return jsonString(s)
            case .int(let i): return String(i)
            case .strings(let a): return "[" + a.map(jsonString).joined(separator: ",") + "]"
            case .null: return "null"
            }
        }
    }

    /// Keys in column order (JSONEncoder would sort or scramble them).
    package static func jsonObject<S: Sequence>(_ pairs: S) -> String where S.Element == (String, JSONValue) {
        "{" + pairs.map { jsonString($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
    }

    package static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if c.value < 0x20 {
                    out += String(format: "\\u%04x", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
