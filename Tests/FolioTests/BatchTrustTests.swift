import FolioModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `folio batch` watched from outside while it runs: what its workers'
/// command lines hold, what a `kill -9` leaves behind, which options it passes on.
@Suite("Batch: secrets, interruption, options")
struct BatchTrustTests {
    /// A batch started in the background; stderr goes to a file (nobody reads a pipe).
    final class Running {
        let process = Process()
        let log: URL

        init(_ args: [String], env: [String: String] = [:], log: URL) throws {
            let exe = try #require(CLITests.executable, "the folio executable was not built")
            self.log = log
            process.executableURL = exe
            process.arguments = args
            var environment = ProcessInfo.processInfo.environment
            environment["OMP_THREAD_LIMIT"] = "1"
            environment["FOLIO_WORKER"] = nil
            for (k, v) in env { environment[k] = v }
            process.environment = environment
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    /// Processes whose parent is `pid` (from /proc/*/stat).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> pid_t? in
            guard let child = pid_t(name),
                let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid ? child : nil
        }
    }

    /// A NUL-separated /proc file as text.
    static func procText(_ pid: pid_t, _ file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") else { return nil }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    static func alive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    // MARK: Secrets

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/cmdline"), "needs /proc"),
        arguments: ["option", "file", "environment"])
    func thePasswordIsNeverOnAWorkersCommandLineOrEnvironment(_ source: String) throws {
        let dir = try TempDir("folio-pw")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 1...4 {
            try FileManager.default.copyItem(
                at: Fixtures.url("encrypted.pdf"), to: input.appendingPathComponent("e\(i).pdf"))
        }
        // Slow workers, so they can be watched: a wrapper that waits, then runs folio.
        let wrapper = try BatchTests.wrapper(in: dir.url, sleep: 0.6)
        var args = ["batch", input.path, "--output", dir.file("out").path, "--jobs", "2", "--format", "json"]
        var env = ["FOLIO_WORKER": wrapper.path]
        switch source {
        case "option": args += ["--password", "secret"]
        case "file":
            try Data("secret\n".utf8).write(to: dir.file("pw"))
            args += ["--password-file", dir.file("pw").path]
        default: env["FOLIO_PASSWORD"] = "secret"
        }
        let batch = try Running(args, env: env, log: dir.file("log"))
        var seen: [pid_t: (String, String)] = [:]
        while batch.process.isRunning {
            let own = Self.procText(batch.process.processIdentifier, "cmdline")
            for pid in Self.children(of: batch.process.processIdentifier) {
                // A child between its fork and its exec still shows the batch's own
                // command line (a slow build, such as AddressSanitizer's, widens that moment).
                if let cmdline = Self.procText(pid, "cmdline"), cmdline != own,
                    let environ = Self.procText(pid, "environ")
                {
                    seen[pid] = (cmdline, environ)
                }
            }
            usleep(20_000)
        }
        #expect(batch.process.terminationStatus == 0, "stderr: \(batch.stderr)")
        #expect(!seen.isEmpty, "no worker was seen")
        for (pid, (cmdline, environ)) in seen {
            #expect(cmdline.contains("convert"), "\(pid): \(cmdline)")
            #expect(!cmdline.contains("secret"), "the password is on worker \(pid)'s command line: \(cmdline)")
            #expect(!environ.contains("secret"), "the password is in worker \(pid)'s environment")
        }
    }

    // MARK: Interruption

    @Test(
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "needs /proc"))
    func aKilledBatchLeavesNoWorkerAndResumesAtOnce() throws {
        let dir = try TempDir("folio-kill")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // Scans read with OCR take seconds each: the batch is surely mid-run when killed.
        for i in 1...4 {
            try FileManager.default.copyItem(
                at: Fixtures.url("scanned.pdf"), to: input.appendingPathComponent("s\(i).pdf"))
        }
        try FileManager.default.copyItem(at: Fixtures.url("two-page.pdf"), to: input.appendingPathComponent("p.pdf"))
        let args = ["batch", input.path, "--output", out.path, "--jobs", "2", "--ocr", "always", "--format", "json,md"]

        let first = try Running(args, log: dir.file("log1"))
        var workers: [pid_t] = []
        let deadline = Date().addingTimeInterval(60)
        while workers.count < 2 && first.process.isRunning && Date() < deadline {
            workers = Self.children(of: first.process.processIdentifier)
            usleep(20_000)
        }
        try #require(workers.count >= 1, "no worker started: \(first.stderr)")
        usleep(800_000)  // the workers are converting (past their start-up, even on a loaded machine)
        let batchPID = first.process.processIdentifier
        kill(batchPID, SIGKILL)
        // Not waitUntilExit: Foundation's Process may wait for the descendants too.
        while Self.alive(batchPID) { usleep(10_000) }

        // Workers end with their batch: gone within a second, not after their OCR.
        let gone = Date().addingTimeInterval(1.5)
        while workers.contains(where: Self.alive) && Date() < gone { usleep(20_000) }
        #expect(!workers.contains(where: Self.alive), "workers outlived the batch: \(workers.filter(Self.alive))")
        defer { first.process.waitUntilExit() }

        // At once: no "another folio batch is already writing".
        let second = try BatchTests.folio(args)
        #expect(second.status == 0, "stderr: \(second.err)")
        #expect(!second.err.contains("already writing"))
        let manifest = try BatchTests.manifest(out.appendingPathComponent("folio-manifest.json"))
        #expect(manifest.count == 5)
        for (path, entry) in manifest {
            #expect(entry["status"] as? String == "converted", "\(path): \(entry)")
            let stem = (path as NSString).deletingPathExtension
            let doc = try JSONDecoder().decode(
                Document.self, from: Data(contentsOf: out.appendingPathComponent("\(stem).json")))
            #expect(doc.allBlocks.count > 0, "\(path)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(stem).md").path))
        }
        let rows = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        #expect(Set(rows.dropFirst().map { $0[0] }).count == 5)
    }

    // MARK: Options

    /// Filters run in the worker, external exporters' formats are written, like convert.
    @Test func batchTakesFiltersPluginsAndExternalFormats() throws {
        let dir = try TempDir("folio-batch-plugins")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        try FileManager.default.createDirectory(
            at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url("two-page.pdf"), to: input.appendingPathComponent("a.pdf"))
        try FileManager.default.copyItem(
            at: Fixtures.url("two-page.txt"), to: input.appendingPathComponent("sub/b.txt"))
        let plugins = dir.file("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Repo.root.appendingPathComponent("Plugins/examples/folio-export-wordcount"),
            to: plugins.appendingPathComponent("folio-export-wordcount"))
        // A filter that titles every document, proving it ran (in the worker: its own pid differs).
        let filter = dir.file("title-filter")
        try """
        #!/usr/bin/env python3
        import json, sys
        doc = json.load(sys.stdin)
        doc["title"] = "Filtered"
        json.dump(doc, sys.stdout)

        """.write(to: filter, atomically: true, encoding: .utf8)
        chmod(filter.path, 0o755)
        let out = dir.file("out")
        let r = try BatchTests.batch(
            input, out, ["--format", "json,wordcount", "--plugins", plugins.path, "--filter", filter.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        for stem in ["a", "sub/b"] {
            let doc = try JSONDecoder().decode(
                Document.self, from: Data(contentsOf: out.appendingPathComponent("\(stem).json")))
            #expect(doc.title == "Filtered", "\(stem)")
            #expect(
                FileManager.default.fileExists(atPath: out.appendingPathComponent("\(stem).words.csv").path), "\(stem)")
        }
        let rows = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        let title = try #require(rows.first?.firstIndex(of: "document_title"))
        #expect(rows.dropFirst().allSatisfy { $0[title] == "Filtered" })
        // Unknown formats are still a usage error, listing the external ones.
        let bad = try BatchTests.batch(input, out, ["--format", "nope", "--plugins", plugins.path])
        #expect(bad.status == 2 && bad.err.contains("wordcount"), "stderr: \(bad.err)")
    }

    /// An output folder that cannot be made: one plain line, no Foundation text.
    @Test func anOutputFolderBehindAFileIsOnePlainLine() throws {
        let dir = try TempDir("folio-batch-outdir")
        defer { dir.cleanUp() }
        try BatchTests.goodInputs(in: dir.file("in"))
        try Data("x".utf8).write(to: dir.file("afile"))
        let r = try BatchTests.batch(dir.file("in"), dir.file("afile/out"))
        #expect(r.status == 1)
        #expect(r.err.split(separator: "\n").count == 1, "stderr: \(r.err)")
        #expect(r.err.contains("afile: is a file, not a folder"), "stderr: \(r.err)")
        #expect(!r.err.contains("Error Domain"))
    }

    // MARK: The datasets documentation, run

    /// The code blocks of docs/datasets.md, in a folder holding `data/` (a real batch).
    static func datasetFolder() throws -> TempDir {
        let dir = try TempDir("folio-datasets")
        let input = dir.file("in")
        try BatchTests.goodInputs(in: input)
        try "NA\n\nnull\n\nN/A\n".write(to: input.appendingPathComponent("na.txt"), atomically: true, encoding: .utf8)
        let r = try BatchTests.batch(input, dir.file("data"), ["--format", "json"])
        try #require(r.status == 0, "stderr: \(r.err)")
        return dir
    }

    static func codeBlock(_ language: String) throws -> String {
        let doc = try String(contentsOf: Repo.root.appendingPathComponent("docs/datasets.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```\(language)\n"), "no ```\(language) block in docs/datasets.md")
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    @Test(.enabled(if: pythonHasModule("pandas"), "python3 with pandas is not installed"))
    func theDatasetsPandasExampleRuns() throws {
        let dir = try Self.datasetFolder()
        defer { dir.cleanUp() }
        let check = """

            assert list(df.columns)[:3] == ["source_file", "source_sha256", "document_title"], list(df.columns)
            texts = set(df[df.source_file == "na.txt"].text)
            assert {"NA", "null", "N/A"} <= texts, texts
            assert len(notes) == len(df)
            assert (df.groupby("source_file").block_index.apply(lambda s: list(s) == list(range(1, len(s) + 1)))).all()
            print("ok", len(df))
            """
        let python = try #require(which("python3"))
        let r = try run(python, ["-c", try Self.codeBlock("python") + check], currentDirectory: dir.url)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("ok"), "stdout: \(r.out)")
    }

    @Test(.enabled(if: which("sqlite3") != nil, "sqlite3 is not installed"))
    func theDatasetsSQLiteExampleRuns() throws {
        let dir = try Self.datasetFolder()
        defer { dir.cleanUp() }
        let bash = try #require(which("bash"))
        let r = try run(bash, ["-euc", try Self.codeBlock("sh")], currentDirectory: dir.url)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.contains("paragraph|"), "stdout: \(r.out)")
        let sqlite = try #require(which("sqlite3"))
        let count = try run(
            sqlite, ["data/blocks.db", "SELECT count(*) FROM blocks WHERE source_file = 'na.txt' AND text = 'NA'"],
            currentDirectory: dir.url)
        #expect(count.out.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(count.out) \(count.err)")
    }
}
