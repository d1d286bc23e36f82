import FolioCore
import FolioDiff
import FolioModel
import Foundation

/// Editions of one report among a batch's documents: documents whose titles
/// (file names, when untitled) agree once years and edition words are set
/// aside form a series, ordered by
/// the year in the file name or title, else by file name. `OUT_DIR/folio-editions.json`
/// overrides what cannot be told: `{"path": {"series": "Name", "edition": 2}}`.
/// The dataset gains `series` and `edition` columns, and `changes.jsonl` holds
/// the diff between consecutive editions (docs/datasets.md).
package struct EditionSeries {
    package static let overridesName = "folio-editions.json"

    package struct Override: Decodable {
        package var series: String?
        package var edition: Int?
    }

    /// Each titled document's series name and 1-based edition number.
    private(set) var placement: [String: (series: String, edition: Int)] = [:]
    /// Series of two or more documents, each in edition order.
    private(set) var series: [(name: String, paths: [String])] = []

    /// `OUT_DIR/folio-editions.json`, if there is one.
    package static func overrides(in outDir: URL) throws -> [String: Override] {
        let file = outDir.appendingPathComponent(overridesName)
        var overrides: [String: Override] = [:]
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                overrides = try JSONDecoder().decode([String: Override].self, from: Data(contentsOf: file))
            } catch {
                throw BatchError("cannot read \(overridesName): \(error.localizedDescription)")
            }
        }
        return overrides
    }

    package init(titles: [String: String?], overrides: [String: Override]) {
        var groups: [String: [String]] = [:]
        var names: [String: String] = [:]
        for path in titles.keys.sorted() {
            let (key, name) = Self.group(of: path, title: titles[path] ?? nil, overrides: overrides)
            guard !key.isEmpty else { continue }
            groups[key, default: []].append(path)
            if names[key] == nil { names[key] = name }
        }
        for (key, paths) in groups {
            let ordered = paths.sorted { a, b in
                let ka = (overrides[a]?.edition ?? Int.max, Self.year(a, titles[a] ?? nil) ?? Int.max)
                let kb = (overrides[b]?.edition ?? Int.max, Self.year(b, titles[b] ?? nil) ?? Int.max)
                if ka != kb { return ka < kb }
                return a.localizedStandardCompare(b) == .orderedAscending
            }
            let name = names[key] ?? key
            for (i, path) in ordered.enumerated() { placement[path] = (name, i + 1) }
            if ordered.count > 1 { series.append((name, ordered)) }
        }
        series.sort { $0.paths[0] < $1.paths[0] }
    }

    /// The series a document belongs to (empty: none) and the name it gives it.
    package static func group(of path: String, title: String?, overrides: [String: Override]) -> (
        key: String, name: String
    ) {
        // Untitled documents (often extracted text) are known by their file names.
        // Separators in a file name are spaces ("trade-review-2023": three words).
        let stem = String(
            ((path as NSString).lastPathComponent as NSString).deletingPathExtension.map {
                $0.isLetter || $0.isNumber ? $0 : " "
            })
        let title = title.flatMap { Self.seriesKey($0).isEmpty ? nil : $0 }
        let key = overrides[path]?.series.map { "=" + $0 } ?? Self.seriesKey(title ?? stem)
        return (key, overrides[path]?.series ?? title ?? stem)
    }

    /// The title's comparison words without years and edition words: "Annual
    /// Report 2023, Second Edition" and "Annual Report 2024" are one series.
    package static func seriesKey(_ title: String) -> String {
        EditionText.words(of: title).filter { word in
            !(isYear(word) || editionWords.contains(word)
                || (word.first?.isNumber == true && ["st", "nd", "rd", "th"].contains(String(word.suffix(2)))))
        }.joined(separator: " ")
    }

    package static let editionWords: Set<String> = [
        "edition", "ed", "revised", "updated", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth",
    ]

    /// The first year (1900–2099) in the file name, else in the title.
    package static func year(_ path: String, _ title: String?) -> Int? {
        let name = (path as NSString).lastPathComponent
        for text in [name, title ?? ""] {
            let words = text.split { !$0.isNumber }.map(String.init)
            if let year = words.first(where: isYear) { return Int(year) }
        }
        return nil
    }

    package static func isYear(_ word: String) -> Bool {
        word.count == 4 && (word.hasPrefix("19") || word.hasPrefix("20")) && word.allSatisfy(\.isNumber)
    }

    // MARK: changes.jsonl

    /// Writes `<base>.jsonl` (changes, or changes.shard-K-of-N): one line per
    /// change between consecutive editions, with the series and both paths.
    /// Each pair's lines are kept beside the dataset fragments: a pair whose two
    /// JSON files are unchanged since (same size, inode and modification time)
    /// is not read or compared again. The names of the files used are added to `kept`.
    package func writeChanges(manifest: BatchManifest, outDir: URL, base: String, kept: inout Set<String>) throws
        -> Int
    {
        let file = try AtomicTextFile(outDir.appendingPathComponent("\(base).jsonl"))
        var lines = 0
        do {
            for (name, paths) in series {
                let jsons = paths.map { manifest.documents[$0]?.jsonOutput }
                var pairs: [(old: Int, new: Int)] = []
                var previous: Int?
                for i in paths.indices where jsons[i] != nil {
                    if let previous { pairs.append((previous, i)) }
                    previous = i
                }
                let stamps = jsons.map { json in
                    json.flatMap { DatasetFragment.stamp(of: outDir.appendingPathComponent($0)) }
                }
                let caches: [URL?] = pairs.map { old, new in
                    guard let a = stamps[old], let b = stamps[new], let oldJSON = jsons[old], let newJSON = jsons[new]
                    else { return nil }
                    return Self.comparisonURL(old: (oldJSON, a), new: (newJSON, b), outDir: outDir)
                }
                var compared: [String?] = caches.map { url in
                    url.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
                }
                // The rest: each edition read, and each pair compared, on every core.
                let needed = Array(
                    Set(pairs.indices.filter { compared[$0] == nil }.flatMap { [pairs[$0].old, pairs[$0].new] })
                ).sorted()
                let read = parallelMap(needed.count) { k -> Result<Document, any Error> in
                    Result {
                        try JSONDecoder().decode(
                            Document.self, from: Data(contentsOf: outDir.appendingPathComponent(jsons[needed[k]]!)))
                    }
                }
                var documents: [Int: Document] = [:]
                for (i, result) in zip(needed, read) { documents[i] = try result.get() }
                let missing = pairs.indices.filter { compared[$0] == nil }
                let sides = missing.map { (documents[pairs[$0].old]!, documents[pairs[$0].new]!) }
                let fresh = parallelMap(sides.count) { k in
                    Result<String, any Error> { try Self.compare(old: sides[k].0, new: sides[k].1) }
                }
                for (p, result) in zip(missing, fresh) {
                    let text = try result.get()
                    compared[p] = text
                    if let url = caches[p] { Self.save(text, to: url) }
                }
                let index = pairs.map(\.new)
                let texts = compared.map { $0 ?? "" }
                let rendered = parallelMap(texts.count) { p in
                    Result<String, any Error> {
                        try texts[p].split(separator: "\n").map { change in
                            var object =
                                try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any] ?? [:]
                            object["series"] = name
                            object["old_path"] = paths[index[p] - 1]
                            object["new_path"] = paths[index[p]]
                            object["old_edition"] = index[p]
                            object["new_edition"] = index[p] + 1
                            let line = try JSONSerialization.data(
                                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                            return String(decoding: line, as: UTF8.self) + "\n"
                        }.joined()
                    }
                }
                for (p, result) in rendered.enumerated() {
                    if let url = caches[p] { kept.insert(url.lastPathComponent) }
                    let text = try result.get()
                    guard !text.isEmpty else { continue }
                    try file.write(text)
                    lines += text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                }
            }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
        return lines
    }

    /// The changes from `old` to `new`, one JSON object (sorted keys) a line.
    package static func compare(old: Document, new: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try EditionDiffer().diff(old: old, new: new).changes.map {
            String(decoding: try encoder.encode($0), as: UTF8.self) + "\n"
        }.joined()
    }

    /// Where the comparison of two JSON files (path and stamp) is kept.
    package static func comparisonURL(old: (String, String), new: (String, String), outDir: URL) -> URL {
        DatasetFragment.changesURL(key: [old.0, old.1, new.0, new.1], outDir: outDir)
    }

    static func save(_ comparison: String, to url: URL) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(Data(comparison.utf8), to: url)
    }
}
