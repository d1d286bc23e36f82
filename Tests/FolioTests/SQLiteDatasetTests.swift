import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `folio batch --sqlite`: the database is read back with Python's sqlite3
/// (and pandas), as a user would, and compared with the JSON files.
@Suite("Batch: SQLite dataset")
struct SQLiteDatasetTests {
    /// Extracted-text reports, each `paragraphs` paragraphs long and unlike the others.
    static func reports(in dir: URL, count: Int, paragraphs: Int) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for d in 1...count {
            var text = "Annual Review Number \(d)\n\n"
            for p in 1...paragraphs {
                text += "Paragraph \(p) of review \(d) reports that freight corridor \(d * 1000 + p) "
                text += "moved more cargo than the year before, while inspection delays stayed long.\n\n"
            }
            try Data(text.utf8).write(to: dir.appendingPathComponent(String(format: "review-%03d.txt", d)))
        }
    }

    /// Checks, in Python, that the database is whole and agrees with the JSON
    /// files; prints the source paths it holds, one a line.
    static let check = """
        import json, os, sqlite3, sys
        db, out = sys.argv[1], sys.argv[2]
        c = sqlite3.connect(db)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for doc_id, path, title in c.execute("SELECT id, source_path, title FROM documents ORDER BY source_path"):
            stem = os.path.splitext(path)[0]
            doc = json.load(open(os.path.join(out, stem + ".json")))
            blocks = [b for ch in doc["chapters"] for b in ch["blocks"]]
            rows = c.execute("SELECT block_id, text, kind FROM blocks WHERE document_id = ? ORDER BY position",
                             (doc_id,)).fetchall()
            assert [(b["id"], b["text"], b["kind"]) for b in blocks] == rows, path
            chapters = c.execute("SELECT count(*) FROM chapters WHERE document_id = ?", (doc_id,)).fetchone()[0]
            assert chapters == len(doc["chapters"]), path
            assert title == doc["title"], path
            print(path)
        # The full-text index holds exactly the blocks.
        assert c.execute("SELECT count(*) FROM blocks_fts").fetchone()[0] == \\
            c.execute("SELECT count(*) FROM blocks").fetchone()[0]
        """

    static func python(_ script: String, _ args: [String]) throws -> ProcessResult {
        let python = try #require(which("python3"))
        return try run(python, ["-c", script] + args)
    }

    static func stored(_ db: URL, _ out: URL) throws -> [String] {
        let r = try python(check, [db.path, out.path])
        #expect(r.status == 0, "python check failed: \(r.err)")
        return r.out.split(separator: "\n").map(String.init)
    }

    @Test func writesReadsAndUpdates() throws {
        let dir = try TempDir("folio-sqlite")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        let db = dir.file("data.sqlite")
        try Self.reports(in: input, count: 3, paragraphs: 4)

        let first = try BatchTests.batch(input, out, ["--sqlite", db.path])
        #expect(first.status == 0, "stderr: \(first.err)")
        #expect(try Self.stored(db, out) == ["review-001.txt", "review-002.txt", "review-003.txt"])

        // Full-text search and pandas, as docs/datasets.md shows them.
        let search = try Self.python(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            rows = c.execute(\"\"\"SELECT d.source_path, b.page, b.text FROM blocks_fts
                JOIN blocks b ON b.id = blocks_fts.rowid JOIN documents d ON d.id = b.document_id
                WHERE blocks_fts MATCH '"corridor 2003"'\"\"\").fetchall()
            print(len(rows), rows[0][0])
            """, [db.path])
        #expect(search.out == "1 review-002.txt\n", "stderr: \(search.err)")
        if pythonHasModule("pandas") {
            let frame = try Self.python(
                """
                import pandas, sqlite3, sys
                c = sqlite3.connect(sys.argv[1])
                df = pandas.read_sql("SELECT b.*, d.source_path FROM blocks b JOIN documents d ON d.id = b.document_id", c)
                print(len(df) == c.execute("SELECT count(*) FROM blocks").fetchone()[0] > 0,
                      sorted(df["source_path"].unique()) == ["review-001.txt", "review-002.txt", "review-003.txt"],
                      df["block_id"].str.len().min() >= 16)
                """, [db.path])
            #expect(frame.out == "True True True\n", "stderr: \(frame.err)")
        }

        // A re-run rewrites the changed document and drops the removed one.
        try Data("Annual Review Number 1\n\nOne new paragraph about rail freight.\n\n".utf8)
            .write(to: input.appendingPathComponent("review-001.txt"))
        try FileManager.default.removeItem(at: input.appendingPathComponent("review-003.txt"))
        let second = try BatchTests.batch(input, out, ["--sqlite", db.path])
        #expect(second.status == 0, "stderr: \(second.err)")
        #expect(second.err.contains("1 documents written, 1 unchanged, 1 dropped"), "\(second.err)")
        #expect(try Self.stored(db, out) == ["review-001.txt", "review-002.txt"])
    }

    /// `kill -9` while the database is being written: reopened, it holds whole
    /// documents only, and the next run completes it.
    @Test func survivesKillMidWrite() throws {
        let dir = try TempDir("folio-sqlite-kill")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try Self.reports(in: input, count: 30, paragraphs: 150)
        // Convert first, so the killed run spends its time writing the database.
        let convert = try BatchTests.batch(input, out)
        #expect(convert.status == 0, "stderr: \(convert.err)")

        var interrupted = 0
        for attempt in 0..<3 {
            let db = dir.file("data-\(attempt).sqlite")
            let process = Process()
            process.executableURL = try #require(CLITests.executable)
            process.arguments = ["batch", input.path, "--output", out.path, "--sqlite", db.path, "-q"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the database to exist, then kill a moment later.
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: db.path) && Date() < deadline { usleep(1000) }
            usleep(useconds_t(20_000 + attempt * 60_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interrupted += 1 }

            // Killed before the schema's first commit (a slow fsync under load), the
            // file holds no tables yet: no documents, and nothing half written.
            let tables = try Self.python(
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("
                    + "\"SELECT count(*) FROM sqlite_master WHERE name = 'documents'\").fetchone()[0])", [db.path])
            #expect(tables.status == 0, "\(tables.err)")
            let kept = tables.out == "0\n" ? [] : try Self.stored(db, out)
            #expect(kept.count <= 30)
            let resumed = try BatchTests.batch(input, out, ["--sqlite", db.path, "-q"])
            #expect(resumed.status == 0, "stderr: \(resumed.err)")
            #expect(try Self.stored(db, out).count == 30)
        }
        #expect(interrupted > 0, "the batch finished before it could be killed")
    }
}
