import FolioCore
import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One document's share of `dataset.csv` and `dataset.jsonl`, rendered once,
/// when the document is converted (on the worker's thread), so that the end of
/// a run only splices fragments together in input order. A fragment holds each
/// row without its last two columns (`series`, `edition`: known only once every
/// title is), and the title (for the editions). Fragments live in
/// `OUT_DIR/.folio-tmp/fragments/`, one per input path, written atomically; a
/// fragment counts only while its JSON is the very file it was made from (same
/// size, inode and modification time), else it is made again from the JSON.
/// Deleting the folder costs only that.
package struct DatasetFragment {
    package static let folderName = "fragments"
    static let version = 1

    package struct Header: Codable, Equatable {
        var version: Int
        var path: String
        var sha256: String
        var json: String
        /// The JSON file's size, inode and modification time.
        var stamp: String
        var title: String?
        /// Byte lengths of each row's CSV and JSON-lines text, in order.
        var csv: [Int]
        var jsonl: [Int]
    }

    package var header: Header
    /// The CSV rows, then the JSON lines, without their ends.
    package var body: Data

    package var rows: Int { header.csv.count }

    /// The rows of `document` (identities assigned) for the input at `path`.
    package init(document: Document, path: String, sha256: String, json: String, stamp: String) {
        let document = document.withIdentities()
        var csvText = Data()
        var jsonText = Data()
        var csvLengths: [Int] = []
        var jsonLengths: [Int] = []
        let columns = Dataset.columns.prefix(Dataset.columns.count - 2)
        for (blockIndex, (chapter, block)) in document.allBlocks.enumerated() {
            let authors = chapter.authors.joined(separator: "; ")
            let refs = (block.footnoteRefs ?? []).joined(separator: "; ")
            let fields = [
                path, sha256, document.title ?? "", String(chapter.index), chapter.title ?? "", authors,
                String(blockIndex + 1), String(block.page), block.kind.rawValue, block.level.map(String.init) ?? "",
                block.label ?? "", block.text, refs, block.id ?? "",
            ]
            let csv = Data(fields.map(Dataset.csvField).joined(separator: ",").utf8)
            csvText.append(csv)
            csvLengths.append(csv.count)
            let values: [Dataset.JSONValue] = [
                .string(path), .string(sha256), .optionalString(document.title), .int(chapter.index),
                .optionalString(chapter.title), .strings(chapter.authors), .int(blockIndex + 1),
                .int(block.page), .string(block.kind.rawValue),
                block.level.map(Dataset.JSONValue.int) ?? .null, .optionalString(block.label), .string(block.text),
                .strings(block.footnoteRefs ?? []), .optionalString(block.id),
            ]
            let line = Data(
                ("{"
                    + zip(columns, values).map { Dataset.jsonString($0.0) + ":" + $0.1.rendered }.joined(separator: ","))
                    .utf8)
            jsonText.append(line)
            jsonLengths.append(line.count)
        }
        header = Header(
            version: Self.version, path: path, sha256: sha256, json: json, stamp: stamp, title: document.title,
            csv: csvLengths, jsonl: jsonLengths)
        body = csvText + jsonText
    }

    init(header: Header, body: Data) {
        self.header = header
        self.body = body
    }

    /// Appends the rows, completed with the series and edition columns.
    package func appendRows(csv: inout Data, jsonl: inout Data, series: String?, edition: Int?) {
        let csvEnd = Data(
            ("," + Dataset.csvField(series ?? "") + "," + Dataset.csvField(edition.map(String.init) ?? "") + "\r\n")
                .utf8)
        let jsonEnd = Data(
            (",\"series\":" + Dataset.JSONValue.optionalString(series).rendered + ",\"edition\":"
                + (edition.map { String($0) } ?? "null") + "}\n").utf8)
        var offset = body.startIndex
        for length in header.csv {
            csv.append(body[offset..<offset + length])
            csv.append(csvEnd)
            offset += length
        }
        for length in header.jsonl {
            jsonl.append(body[offset..<offset + length])
            jsonl.append(jsonEnd)
            offset += length
        }
    }

    // MARK: Files

    package static func folder(outDir: URL) -> URL {
        outDir.appendingPathComponent(".folio-tmp").appendingPathComponent(folderName)
    }

    package static func url(for path: String, outDir: URL) -> URL {
        folder(outDir: outDir).appendingPathComponent(String(SHA256.hex(of: Data(path.utf8)).prefix(32)) + ".fragment")
    }

    /// The lines of `changes.jsonl` between two editions, under a key that names
    /// the series, both paths, the edition and both JSON files' stamps.
    package static func changesURL(key: [String], outDir: URL) -> URL {
        let text = (["changes-\(version)", FolioVersion.current] + key).joined(separator: "\u{0}")
        return folder(outDir: outDir).appendingPathComponent(
            "changes-" + String(SHA256.hex(of: Data(text.utf8)).prefix(32)) + ".jsonl")
    }

    /// Removes the fragments and saved changes not named in `kept` (documents no
    /// longer converted, editions compared before a change), and the half-written
    /// files of processes that are gone (a killed run's); files being written by
    /// a live process are left alone.
    package static func prune(outDir: URL, keeping kept: Set<String>) {
        let fm = FileManager.default
        let dir = folder(outDir: outDir)
        for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
            let stale: Bool
            if name.hasPrefix(".") {
                let writer = name.range(of: ".tmp-").flatMap { pid_t(name[$0.upperBound...]) }
                stale = writer.map { kill($0, 0) != 0 && errno == ESRCH } ?? false
            } else {
                stale = !kept.contains(name) && (name.hasSuffix(".fragment") || name.hasSuffix(".jsonl"))
            }
            if stale { try? fm.removeItem(at: dir.appendingPathComponent(name)) }
        }
    }

    /// Header (one line of JSON), then the body.
    package func save(outDir: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(header) + Data("\n".utf8) + body
        try FileManager.default.createDirectory(at: Self.folder(outDir: outDir), withIntermediateDirectories: true)
        try AtomicFile.write(data, to: Self.url(for: header.path, outDir: outDir))
    }

    /// The saved fragment of `path`, if it was made from the JSON now at `json`
    /// for this `sha256`.
    package static func load(path: String, sha256: String, json: String, outDir: URL) -> DatasetFragment? {
        guard let stamp = Self.stamp(of: outDir.appendingPathComponent(json)),
            let data = try? Data(contentsOf: url(for: path, outDir: outDir)),
            let newline = data.firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(Header.self, from: data[data.startIndex..<newline]),
            header.version == version, header.path == path, header.sha256 == sha256, header.json == json,
            header.stamp == stamp, header.csv.count == header.jsonl.count
        else { return nil }
        let body = data[(newline + 1)...]
        guard body.count == header.csv.reduce(0, +) + header.jsonl.reduce(0, +) else { return nil }
        return DatasetFragment(header: header, body: Data(body))
    }

    /// The saved fragment, else one made from the JSON (and saved); nil when the
    /// JSON cannot be read.
    package static func loadOrMake(path: String, sha256: String, json: String, outDir: URL) -> DatasetFragment? {
        if let fragment = load(path: path, sha256: sha256, json: json, outDir: outDir) { return fragment }
        let file = outDir.appendingPathComponent(json)
        guard let stamp = Self.stamp(of: file), let data = try? Data(contentsOf: file),
            let document = try? JSONDecoder().decode(Document.self, from: data),
            Self.stamp(of: file) == stamp
        else { return nil }
        let fragment = DatasetFragment(document: document, path: path, sha256: sha256, json: json, stamp: stamp)
        try? fragment.save(outDir: outDir)
        return fragment
    }

    /// Size, inode and modification time (to the nanosecond) of a file.
    package static func stamp(of url: URL) -> String? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        return "\(info.st_size)-\(info.st_ino)-\(time.tv_sec).\(time.tv_nsec)"
    }
}

/// `body(i)` for every i in 0..<count, spread over the cores; results in order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, body(i)) }
    return results.values
}

private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.withLock { items[i] = v } }
    var values: [T] { lock.withLock { items.map { $0! } } }
}
