import Foundation

/// `folio merge`: the union of the shard manifests, and the datasets rebuilt.
public enum ShardMerger {
    public struct Report {
        public var complete: Bool
        public var summary: String
        public var problems: [String]
    }

    public static func merge(outDir: URL) throws -> Report {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outDir.path)) ?? []
        var shards: [(Shard, String)] = []
        for name in names {
            guard name.hasPrefix("folio-manifest.shard-"), name.hasSuffix(".json") else { continue }
            let middle = name.dropFirst("folio-manifest.shard-".count).dropLast(".json".count)
            let parts = middle.components(separatedBy: "-of-")
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), k >= 1, k <= n else { continue }
            shards.append((Shard(index: k, count: n), name))
        }
        guard !shards.isEmpty else {
            throw BatchError("no shard manifests (folio-manifest.shard-K-of-N.json) in \(outDir.path)")
        }
        shards.sort { ($0.0.count, $0.0.index) < ($1.0.count, $1.0.index) }

        var problems: [String] = []
        let counts = Set(shards.map(\.0.count))
        if counts.count > 1 {
            problems.append(
                "shard manifests of different splits (\(counts.sorted().map { "of \($0)" }.joined(separator: ", "))); "
                    + "combining them all")
        }
        var complete = true
        for n in counts.sorted() {
            let have = Set(shards.filter { $0.0.count == n }.map(\.0.index))
            let missing = (1...n).filter { !have.contains($0) }
            if !missing.isEmpty {
                complete = false
                problems.append("missing shard \(missing.map { "\($0)/\(n)" }.joined(separator: ", "))")
            }
        }

        var merged = BatchManifest()
        var owner: [String: String] = [:]
        for (_, name) in shards {
            let m = try BatchManifest.load(outDir.appendingPathComponent(name))
            for (path, entry) in m.documents {
                if let previous = owner[path], let old = merged.documents[path], old != entry {
                    problems.append("\(path) is in both \(previous) and \(name); keeping the latter")
                }
                merged.documents[path] = entry
                owner[path] = name
            }
        }
        try merged.save(outDir.appendingPathComponent(Shard.manifestName(nil)))
        let dataset = try Dataset.write(manifest: merged, outDir: outDir, base: Shard.datasetBase(nil))
        problems += dataset.problems.map { "dataset: \($0)" }

        let entries = merged.documents.values
        let converted = entries.filter { $0.status == .converted }.count
        let failed = entries.filter { $0.status == .failed }.count
        let removed = entries.filter { $0.status == .removed }.count
        let summary =
            "\(shards.count) shard manifests, \(entries.count) documents (\(converted) converted, \(failed) failed, "
            + "\(removed) removed); dataset.csv: \(dataset.rows) rows from \(dataset.documents) documents"
        return Report(complete: complete, summary: summary, problems: problems)
    }
}
