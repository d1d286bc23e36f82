import FolioModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `folio batch` and `folio merge`, run as a user (or a cluster) would.
@Suite("Batch")
struct BatchTests {
    // MARK: Helpers

    static func folio(_ args: [String], env: [String: String] = [:]) throws -> ProcessResult {
        let exe = try #require(CLITests.executable, "the folio executable was not built")
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        for (k, v) in env { environment[k] = v }
        return try run(exe, args, environment: environment)
    }

    static func batch(_ input: URL, _ output: URL, _ extra: [String] = [], env: [String: String] = [:]) throws
        -> ProcessResult
    {
        try folio(["batch", input.path, "--output", output.path, "--jobs", "2"] + extra, env: env)
    }

    /// Four good inputs in nested folders, one of them "abc" (the SHA-256 test vector).
    static func goodInputs(in dir: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try fm.copyItem(at: Fixtures.url("two-page.pdf"), to: dir.appendingPathComponent("a.pdf"))
        try fm.copyItem(at: Fixtures.url("two-page.txt"), to: dir.appendingPathComponent("sub/b.txt"))
        try fm.copyItem(at: Fixtures.url("two-column.pdf"), to: dir.appendingPathComponent("sub/deeper/c.PDF"))
        try Data("abc".utf8).write(to: dir.appendingPathComponent("abc.txt"))
        try Data("ignored".utf8).write(to: dir.appendingPathComponent("notes.md"))
    }

    static let goodPaths = ["a.pdf", "abc.txt", "sub/b.txt", "sub/deeper/c.PDF"]

    /// Every file under `dir` (relative path → bytes), the temp area left out.
    static func tree(_ dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = dir.resolvingSymlinksInPath().path + "/"
        let walker = try #require(
            FileManager.default.enumerator(at: dir.resolvingSymlinksInPath(), includingPropertiesForKeys: nil))
        while let url = walker.nextObject() as? URL {
            let rel = String(url.resolvingSymlinksInPath().path.dropFirst(root.count))
            if rel.hasPrefix(".folio-tmp") { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                files[rel] = try Data(contentsOf: url)
            }
        }
        return files
    }

    static func manifest(_ url: URL) throws -> [String: [String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(object?["documents"] as? [String: [String: Any]])
    }

    static func lines(_ r: ProcessResult, _ prefix: String) -> [String] {
        r.err.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix + " ") }
    }

    /// A worker wrapper: `kill -9` itself for inputs named crash*, sleep for slow*,
    /// then the real folio.
    static func wrapper(in dir: URL, sleep seconds: Double = 0) throws -> URL {
        let exe = try #require(CLITests.executable)
        let script = dir.appendingPathComponent("worker.sh")
        try """
        #!/bin/sh
        case "$2" in
          */crash*) kill -9 $$ ;;
          */slow*) sleep 30 ;;
        esac
        \(seconds > 0 ? "sleep \(seconds)" : "")
        exec '\(exe.path)' "$@"

        """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return script
    }

    // MARK: Tests

    @Test func convertsThenSkipsThenRedoesOnlyWhatChanged() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try Self.goodInputs(in: input)

        let first = try Self.batch(input, out)
        #expect(first.status == 0, "stderr: \(first.err)")
        #expect(
            Set(Self.lines(first, "converted").map { $0.split(separator: " ")[1] })
                == Set(Self.goodPaths.map { Substring($0) }))
        #expect(first.err.contains("converted sub/a.pdf") == false)
        #expect(first.err.contains("converted a.pdf (2 pages, 1 chapters"), "stderr: \(first.err)")
        let files = try Self.tree(out)
        for stem in ["a", "abc", "sub/b", "sub/deeper/c"] {
            for ext in ["json", "csv", "md"] { #expect(files["\(stem).\(ext)"] != nil, "no \(stem).\(ext)") }
        }
        #expect(files["notes.json"] == nil)

        // Manifest: hashes (the SHA-256 "abc" vector, and FolioCore's own hash of a
        // multi-block file), version, options, status.
        let m = try Self.manifest(out.appendingPathComponent("folio-manifest.json"))
        #expect(Set(m.keys) == Set(Self.goodPaths))
        #expect(
            m["abc.txt"]?["sha256"] as? String == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let docA = try JSONDecoder().decode(Document.self, from: #require(files["a.json"]))
        #expect(m["a.pdf"]?["sha256"] as? String == docA.source.sha256)
        #expect(m["a.pdf"]?["pages"] as? Int == 2)
        #expect(m["a.pdf"]?["chapters"] as? Int == docA.chapters.count)
        #expect(m["a.pdf"]?["status"] as? String == "converted")
        #expect(m["a.pdf"]?["outputs"] as? [String] == ["a.json", "a.csv", "a.md"])
        #expect((m["a.pdf"]?["folio_version"] as? String)?.isEmpty == false)

        // The dataset: parses back, one row per block of every document, sorted, and
        // the JSON lines say the same.
        let csv = try String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8)
        let rows = try ExporterTests.parseCSV(csv)
        #expect(
            rows.first == [
                "source_file", "source_sha256", "document_title", "chapter_index", "chapter_title", "authors",
                "block_index", "page", "kind", "level", "label", "text", "footnote_refs", "block_id", "series",
                "edition",
            ])
        // Every column of the per-document CSV is there under the same name.
        let perDocumentCSV = String(decoding: try #require(files["a.csv"]), as: UTF8.self)
        let perDocument = try ExporterTests.parseCSV(perDocumentCSV).first ?? []
        #expect(Set(perDocument).isSubset(of: Set(rows.first ?? [])), "\(perDocument)")
        var expected: [[String]] = []
        for path in Self.goodPaths.sorted() {
            let stem = (path as NSString).deletingPathExtension
            let doc = try JSONDecoder().decode(Document.self, from: #require(files["\(stem).json"]))
            for (i, (chapter, block)) in doc.allBlocks.enumerated() {
                expected.append([
                    path, m[path]?["sha256"] as? String ?? "", doc.title ?? "", String(chapter.index),
                    chapter.title ?? "", chapter.authors.joined(separator: "; "), String(i + 1), String(block.page),
                    block.kind.rawValue,
                    block.level.map(String.init) ?? "", block.label ?? "", block.text,
                    (block.footnoteRefs ?? []).joined(separator: "; "), block.id ?? "",
                ])
            }
        }
        #expect(rows.dropFirst().map { Array($0.prefix(14)) } == expected)
        // Each document sits in one series (its title, years aside) at one edition.
        for path in Self.goodPaths {
            let placements = Set(rows.dropFirst().filter { $0[0] == path }.map { $0[14] + "#" + $0[15] })
            #expect(placements.count <= 1, "\(path): \(placements)")
        }
        let jsonl = try String(contentsOf: out.appendingPathComponent("dataset.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(jsonl.count == expected.count)
        for (line, row) in zip(jsonl, expected) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["source_file"] as? String == row[0])
            #expect(object["text"] as? String == row[11])
            #expect(object["page"] as? Int == Int(row[7]))
            #expect(object["block_index"] as? Int == Int(row[6]))
            #expect(object["document_title"] as? String == (row[2].isEmpty ? nil : row[2]))
            #expect(object["block_id"] as? String == row[13])
        }

        // Unchanged: everything skipped, nothing rewritten.
        let second = try Self.batch(input, out)
        #expect(second.status == 0)
        #expect(Self.lines(second, "converted").isEmpty, "stderr: \(second.err)")
        #expect(Self.lines(second, "skipped").count == Self.goodPaths.count, "stderr: \(second.err)")
        #expect(try Self.tree(out) == files)

        // One input's content changes: only it is redone.
        try Data("Changed text.\n\nA new paragraph.\n".utf8).write(to: input.appendingPathComponent("sub/b.txt"))
        let third = try Self.batch(input, out)
        #expect(third.status == 0)
        #expect(
            Self.lines(third, "converted").map { $0.split(separator: " ")[1] } == ["sub/b.txt"], "stderr: \(third.err)")
        #expect(Self.lines(third, "skipped").count == 3)
        #expect(
            try String(contentsOf: out.appendingPathComponent("sub/b.md"), encoding: .utf8).contains("A new paragraph.")
        )

        // One input disappears: reported, outputs left in place and listed.
        try FileManager.default.removeItem(at: input.appendingPathComponent("abc.txt"))
        let fourth = try Self.batch(input, out)
        #expect(fourth.status == 0)
        #expect(Self.lines(fourth, "removed").count == 1)
        #expect(Self.lines(fourth, "removed").first?.hasPrefix("removed abc.txt") == true, "stderr: \(fourth.err)")
        #expect(fourth.err.contains("1 removed"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("abc.json").path))
        let m4 = try Self.manifest(out.appendingPathComponent("folio-manifest.json"))
        #expect(m4["abc.txt"]?["status"] as? String == "removed")
        let rows4 = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        #expect(!rows4.contains { $0.first == "abc.txt" })

        // --force: everything again.
        let fifth = try Self.batch(input, out, ["--force"])
        #expect(fifth.status == 0)
        #expect(Self.lines(fifth, "converted").count == 3, "stderr: \(fifth.err)")
        #expect(Self.lines(fifth, "skipped").isEmpty)

        // No temporary files left behind: only the locks and the documents' dataset
        // fragments (one per converted input, no half-written ones).
        let tempDir = out.appendingPathComponent(".folio-tmp")
        let temp = (try? FileManager.default.contentsOfDirectory(atPath: tempDir.path)) ?? []
        #expect(temp.allSatisfy { $0.hasPrefix(".lock") || $0 == "fragments" }, "\(temp)")
        let fragments =
            (try? FileManager.default.contentsOfDirectory(atPath: tempDir.appendingPathComponent("fragments").path))
            ?? []
        #expect(fragments.allSatisfy { $0.hasSuffix(".fragment") && !$0.hasPrefix(".") }, "\(fragments)")
    }

    @Test func badInputsEachFailWithOneLine() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data().write(to: input.appendingPathComponent("zero.pdf"))
        try Fixtures.data("not-a-pdf.pdf").write(to: input.appendingPathComponent("not-a-pdf.pdf"))
        let pdf = try Fixtures.data("two-page.pdf")
        try pdf.prefix(pdf.count * 4 / 10).write(to: input.appendingPathComponent("truncated.pdf"))
        try Fixtures.data("encrypted.pdf").write(to: input.appendingPathComponent("encrypted.pdf"))
        try pdf.write(to: input.appendingPathComponent("good.pdf"))
        try Fixtures.data("two-page.txt").write(to: input.appendingPathComponent("plain.txt"))

        let r = try Self.batch(input, out, ["--format", "json"])
        #expect(r.status == 1)
        let failed = Self.lines(r, "failed")
        #expect(failed.count == 4, "stderr: \(r.err)")
        for name in ["zero.pdf", "not-a-pdf.pdf", "truncated.pdf", "encrypted.pdf"] {
            let line = failed.first { $0.hasPrefix("failed \(name): ") }
            #expect(line != nil, "no failure line for \(name): \(r.err)")
            #expect((line?.count ?? 0) > "failed \(name): ".count + 3)
            #expect(r.err.contains("  \(name): "), "\(name) missing from the summary: \(r.err)")
        }
        #expect(failed.contains { $0.contains("encrypted.pdf") && $0.contains("password") })
        #expect(Set(Self.lines(r, "converted").map { $0.split(separator: " ")[1] }) == ["good.pdf", "plain.txt"])
        #expect(r.err.contains("2 converted, 0 skipped, 4 failed"))
        let m = try Self.manifest(out.appendingPathComponent("folio-manifest.json"))
        #expect(
            m["zero.pdf"]?["sha256"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(m["zero.pdf"]?["status"] as? String == "failed")
        #expect((m["truncated.pdf"]?["reason"] as? String)?.isEmpty == false)
        #expect(
            try Self.tree(out).keys.filter { $0.hasSuffix(".json") && !$0.hasPrefix("folio-") }.sorted() == [
                "good.json", "plain.json",
            ])

        let unlocked = try Self.batch(input, out, ["--format", "json", "--password", "secret"])
        #expect(unlocked.status == 1)
        #expect(
            Self.lines(unlocked, "converted").map { $0.split(separator: " ")[1] } == ["encrypted.pdf"],
            "stderr: \(unlocked.err)")
        #expect(Self.lines(unlocked, "failed").count == 3)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("encrypted.json").path))
    }

    @Test func aCrashedOrHungWorkerFailsOnlyItsDocument() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try Self.goodInputs(in: input)
        try Fixtures.data("two-page.pdf").write(to: input.appendingPathComponent("crash.pdf"))
        try Fixtures.data("two-page.pdf").write(to: input.appendingPathComponent("slow.pdf"))
        let worker = try Self.wrapper(in: dir.url)

        let started = Date()
        let r = try Self.batch(input, out, ["--timeout", "2"], env: ["FOLIO_WORKER": worker.path])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(r.status == 1)
        #expect(
            Self.lines(r, "failed").sorted() == [
                "failed crash.pdf: crashed (signal 9)", "failed slow.pdf: timed out after 2 s",
            ], "stderr: \(r.err)")
        #expect(Self.lines(r, "converted").count == Self.goodPaths.count)
        let files = try Self.tree(out)
        #expect(files["crash.json"] == nil && files["slow.json"] == nil)
        #expect(files["a.json"] != nil)
    }

    @Test func anInterruptedBatchResumesToTheSameOutputs() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        try Self.goodInputs(in: input)
        try Fixtures.data("two-column.pdf").write(to: input.appendingPathComponent("z-last.pdf"))

        let reference = dir.file("reference")
        #expect(try Self.batch(input, reference).status == 0)

        // A slow worker, one at a time; SIGKILL the batch once the first document is done.
        let out = dir.file("out")
        let process = Process()
        let exe = try #require(CLITests.executable)
        process.executableURL = exe
        process.arguments = ["batch", input.path, "--output", out.path, "--jobs", "1"]
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        env["FOLIO_WORKER"] = try Self.wrapper(in: dir.url, sleep: 0.4).path
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let manifestURL = out.appendingPathComponent("folio-manifest.json")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let m = try? Self.manifest(manifestURL),
                m.values.contains(where: { $0["status"] as? String == "converted" })
            {
                break
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // Whatever is in place is complete: every file equals the reference's.
        let partial = try Self.tree(out)
        let referenceFiles = try Self.tree(reference)
        for (path, data) in partial where !path.hasPrefix("folio-manifest") {
            #expect(data == referenceFiles[path], "\(path) differs from an uninterrupted run's")
        }
        #expect(
            partial.keys.contains { $0.hasSuffix(".json") && !$0.hasPrefix("folio-") },
            "nothing was converted before the kill")
        #expect(!partial.keys.contains("z-last.json"), "the batch finished before it was killed")

        let resumed = try Self.batch(input, out)
        #expect(resumed.status == 0, "stderr: \(resumed.err)")
        #expect(!Self.lines(resumed, "skipped").isEmpty, "stderr: \(resumed.err)")
        let final = try Self.tree(out)
        #expect(final.keys.sorted() == referenceFiles.keys.sorted())
        for (path, data) in referenceFiles { #expect(final[path] == data, "\(path) differs after resuming") }
        // Byte-identical outputs are possible because the JSON holds no time of conversion.
        let json = try String(decoding: #require(final["a.json"]), as: UTF8.self)
        #expect(json.range(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"#, options: .regularExpression) == nil)
    }

    /// Each document's dataset rows are made when it is converted and kept in
    /// `.folio-tmp/fragments/`; the datasets still follow the JSON files: a missing,
    /// damaged or outdated fragment is made again from its document's JSON.
    @Test func datasetFragmentsAreRemadeFromTheJSONWhenMissingDamagedOrStale() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try Self.goodInputs(in: input)
        let fm = FileManager.default
        let fragments = out.appendingPathComponent(".folio-tmp/fragments")
        func datasets() throws -> [Data] {
            try ["dataset.csv", "dataset.jsonl", "changes.jsonl"].map {
                try Data(contentsOf: out.appendingPathComponent($0))
            }
        }

        let first = try Self.batch(input, out, ["--format", "json"])
        #expect(first.status == 0, "stderr: \(first.err)")
        let reference = try datasets()
        #expect(try fm.contentsOfDirectory(atPath: fragments.path).count == Self.goodPaths.count)

        // No fragments at all: made again, same bytes.
        try fm.removeItem(at: fragments)
        let second = try Self.batch(input, out, ["--format", "json"])
        #expect(second.status == 0, "stderr: \(second.err)")
        #expect(Self.lines(second, "skipped").count == Self.goodPaths.count, "stderr: \(second.err)")
        #expect(try datasets() == reference)
        let names = try fm.contentsOfDirectory(atPath: fragments.path).sorted()
        #expect(names.count == Self.goodPaths.count)

        // A damaged fragment: made again.
        let damaged = fragments.appendingPathComponent(try #require(names.first))
        let good = try Data(contentsOf: damaged)
        try good.prefix(good.count / 2).write(to: damaged)
        #expect(try Self.batch(input, out, ["--format", "json"]).status == 0)
        #expect(try datasets() == reference)
        #expect(try Data(contentsOf: damaged) == good)

        // A JSON file changed since its fragment was made: the dataset follows the JSON.
        let json = out.appendingPathComponent("a.json")
        var document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: json))
        document.title = "A title, edited by hand"
        try JSONEncoder().encode(document).write(to: json)
        #expect(try Self.batch(input, out, ["--format", "json"]).status == 0)
        let rows = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        let titleColumn = try #require(rows.first?.firstIndex(of: "document_title"))
        let rowsOfA = rows.filter { $0.first == "a.pdf" }
        #expect(!rowsOfA.isEmpty)
        #expect(rowsOfA.allSatisfy { $0[titleColumn] == "A title, edited by hand" })
        #expect(rows.filter { $0.first != "a.pdf" }.count > 1)

        // Half-written files of a process that is gone are removed, a live one's kept,
        // and so is every fragment in use.
        let orphan = fragments.appendingPathComponent(".x.fragment.tmp-4194303")
        let live = fragments.appendingPathComponent(".y.fragment.tmp-\(getpid())")
        try Data("half".utf8).write(to: orphan)
        try Data("half".utf8).write(to: live)
        #expect(try Self.batch(input, out, ["--format", "json"]).status == 0)
        #expect(!fm.fileExists(atPath: orphan.path))
        #expect(fm.fileExists(atPath: live.path))
        #expect(try fm.contentsOfDirectory(atPath: fragments.path).filter { !$0.hasPrefix(".") }.count == names.count)
    }

    @Test func shardsPartitionTheInputsAndMergeToTheWholeDataset() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        try Self.goodInputs(in: input)
        try FileManager.default.createDirectory(
            at: input.appendingPathComponent("more"), withIntermediateDirectories: true)
        for i in 1...4 {
            try Data("Report number \(i).\n\nIts only paragraph, \(i).\n".utf8)
                .write(to: input.appendingPathComponent("more/r\(i).txt"), options: [])
        }
        let whole = dir.file("whole")
        #expect(try Self.batch(input, whole, ["--format", "csv"]).status == 0)

        // Both shards at once, into one folder, as a job array would.
        let out = dir.file("sharded")
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.set(
                i,
                try? Self.folio([
                    "batch", input.path, "--output", out.path, "--jobs", "1", "--format", "csv", "--shard",
                    "\(i + 1)/2",
                ]))
        }
        let one = try #require(results.get(0))
        let two = try #require(results.get(1))
        #expect(one.status == 0 && two.status == 0, "\(one.err)\n\(two.err)")
        let m1 = try Self.manifest(out.appendingPathComponent("folio-manifest.shard-1-of-2.json"))
        let m2 = try Self.manifest(out.appendingPathComponent("folio-manifest.shard-2-of-2.json"))
        let all = try Self.manifest(whole.appendingPathComponent("folio-manifest.json"))
        #expect(Set(m1.keys).isDisjoint(with: m2.keys))
        #expect(Set(m1.keys).union(m2.keys) == Set(all.keys))
        #expect(all.count == 8)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dataset.shard-1-of-2.csv").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dataset.shard-2-of-2.jsonl").path))

        let merged = try Self.folio(["merge", out.path])
        #expect(merged.status == 0, "stderr: \(merged.err)")
        for name in ["dataset.csv", "dataset.jsonl", "folio-manifest.json"] {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name))
                    == Data(contentsOf: whole.appendingPathComponent(name)),
                "\(name) differs between the merged shards and a whole run")
        }
        let rows = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        #expect(Set(rows.dropFirst().map { $0[0] }) == Set(all.keys))

        // A missing shard is reported.
        try FileManager.default.removeItem(at: out.appendingPathComponent("folio-manifest.shard-2-of-2.json"))
        let incomplete = try Self.folio(["merge", out.path])
        #expect(incomplete.status == 1)
        #expect(incomplete.err.contains("missing shard 2/2"))
    }

    @Test func usageErrorsExit2() throws {
        let dir = try TempDir("folio-batch")
        defer { dir.cleanUp() }
        for args in [
            ["batch", dir.url.path, "--output", dir.file("o").path, "--shard", "3/2"],
            ["batch", dir.url.path, "--output", dir.file("o").path, "--shard", "x"],
            ["batch", dir.file("missing").path, "--output", dir.file("o").path],
            ["batch", dir.url.path, "--output", dir.file("o").path, "--format", "nope"],
            ["batch", dir.url.path, "--output", dir.file("o").path, "--jobs", "0"],
        ] {
            let r = try Self.folio(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.err)")
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: ProcessResult] = [:]
    func set(_ i: Int, _ r: ProcessResult?) { lock.withLock { values[i] = r } }
    func get(_ i: Int) -> ProcessResult? { lock.withLock { values[i] } }
}
