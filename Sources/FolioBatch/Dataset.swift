import CSVExporter
import FolioModel
import Foundation

/// `dataset.csv` and `dataset.jsonl`: one row per block across every converted
/// document of a manifest, in sorted input-path order, put together from each
/// document's `DatasetFragment` (made from its JSON file).
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
            // Each document's rows, made when it was converted (else now, from its
            // JSON, on every core); then only spliced together in input order.
            let documents = manifest.documents.keys.sorted().compactMap { path -> (String, String, String)? in
                let entry = manifest.documents[path]!
                guard entry.status == .converted, let json = entry.jsonOutput else { return nil }
                return (path, entry.sha256, json)
            }
            let titles = parallelMap(documents.count) { i -> String?? in
                let (path, sha, json) = documents[i]
                return DatasetFragment.loadOrMake(path: path, sha256: sha, json: json, outDir: outDir)?.header.title
            }
            var readable: [String: String?] = [:]
            for (document, title) in zip(documents, titles) {
                if let title { readable[document.0] = title }
            }
            let editions = try EditionSeries(titles: readable, overrides: EditionSeries.overrides(in: outDir))
            try csv.write(csvRecord(columns))
            var csvRows = Data()
            var jsonLines = Data()
            for (path, sha, json) in documents {
                guard readable[path] != nil,
                    let fragment = DatasetFragment.loadOrMake(path: path, sha256: sha, json: json, outDir: outDir)
                else {
                    summary.problems.append("\(path): cannot read \(json) for the dataset")
                    continue
                }
                summary.documents += 1
                let edition = editions.placement[path]
                fragment.appendRows(
                    csv: &csvRows, jsonl: &jsonLines, series: edition?.series, edition: edition?.edition)
                summary.rows += fragment.rows
                if csvRows.count >= 1 << 20 {
                    try csv.write(csvRows)
                    csvRows.removeAll(keepingCapacity: true)
                }
                if jsonLines.count >= 1 << 20 {
                    try jsonl.write(jsonLines)
                    jsonLines.removeAll(keepingCapacity: true)
                }
            }
            try csv.write(csvRows)
            try jsonl.write(jsonLines)
            try csv.commit()
            try jsonl.commit()
            var kept = Set(documents.map { DatasetFragment.url(for: $0.0, outDir: outDir).lastPathComponent })
            summary.changes = try editions.writeChanges(
                manifest: manifest, outDir: outDir, base: "changes" + base.dropFirst("dataset".count), kept: &kept)
            // A whole run (or a merge) knows every document: what it did not use is stale.
            if base == Shard.datasetBase(nil) { DatasetFragment.prune(outDir: outDir, keeping: kept) }
        } catch {
            csv.abandon()
            jsonl.abandon()
            throw error
        }
        return summary
    }

    // MARK: CSV (RFC 4180)

    package static func csvRecord(_ fields: [String]) -> String { CSVExporter.record(fields) }

    package static func csvField(_ value: String) -> String { CSVExporter.field(value) }

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

    /// `s` as a JSON string: quotes, backslashes and control characters
    /// escaped, and U+2028/U+2029 too (JavaScript reads them as line ends).
    /// Byte by byte: every row of a dataset passes through here.
    package static func jsonString(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x22, 0x5C: out += [0x5C, b]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case ..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            case 0xE2
            where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                out += Array("\\u202".utf8) + [bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")]
                i += 2
            default: out.append(b)
            }
            i += 1
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
