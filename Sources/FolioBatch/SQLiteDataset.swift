import FolioCore
import FolioModel
import Foundation
import SQLiteKit

/// `folio batch --sqlite FILE`: the dataset as a SQLite database (documents,
/// chapters, blocks with an FTS5 index), brought up to date from the manifest
/// and the per-document JSON files. Each document is written in a transaction
/// of its own, so a killed run leaves whole documents only; a re-run rewrites
/// a document only when its JSON changed and drops documents no longer
/// converted. The schema is in docs/datasets.md.
public enum SQLiteDataset {
    public static let schemaID = "folio/sqlite@1"

    public struct Summary {
        public var written = 0
        public var unchanged = 0
        public var dropped = 0
        public var problems: [String] = []
    }

    package static let schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS documents (
            id INTEGER PRIMARY KEY,
            source_path TEXT NOT NULL UNIQUE,
            source_sha256 TEXT NOT NULL,
            json_sha256 TEXT NOT NULL,
            title TEXT,
            page_count INTEGER NOT NULL,
            folio_version TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS chapters (
            document_id INTEGER NOT NULL REFERENCES documents(id),
            chapter_index INTEGER NOT NULL,
            chapter_id TEXT,
            title TEXT,
            authors TEXT NOT NULL,
            start_page INTEGER,
            end_page INTEGER,
            PRIMARY KEY (document_id, chapter_index)
        );
        CREATE TABLE IF NOT EXISTS blocks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            chapter_index INTEGER NOT NULL,
            position INTEGER NOT NULL,
            block_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            level INTEGER,
            label TEXT,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            footnote_refs TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS blocks_by_document ON blocks (document_id, position);
        CREATE INDEX IF NOT EXISTS blocks_by_block_id ON blocks (block_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS blocks_fts USING fts5 (text, content='blocks', content_rowid='id');
        CREATE TRIGGER IF NOT EXISTS blocks_fts_insert AFTER INSERT ON blocks BEGIN
            INSERT INTO blocks_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS blocks_fts_delete AFTER DELETE ON blocks BEGIN
            INSERT INTO blocks_fts (blocks_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TABLE IF NOT EXISTS changes (
            series TEXT NOT NULL,
            old_path TEXT NOT NULL,
            new_path TEXT NOT NULL,
            old_edition INTEGER NOT NULL,
            new_edition INTEGER NOT NULL,
            type TEXT NOT NULL,
            kind TEXT,
            old_chapter TEXT,
            new_chapter TEXT,
            old_text TEXT,
            new_text TEXT,
            change TEXT NOT NULL
        );
        """

    public static func update(_ file: URL, manifest: BatchManifest, outDir: URL) throws -> Summary {
        let db = try SQLiteDatabase(path: file.path)
        try db.transaction {
            try db.execute(schema)
            try db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", [.text(schemaID)])
        }
        var summary = Summary()
        var stored: [String: String] = [:]
        for row in try db.run("SELECT source_path, json_sha256 FROM documents") {
            if case .text(let path) = row[0], case .text(let sha) = row[1] { stored[path] = sha }
        }
        var kept = Set<String>()
        for path in manifest.documents.keys.sorted() {
            let entry = manifest.documents[path]!
            guard entry.status == .converted, let json = entry.jsonOutput else { continue }
            let data: Data
            do {
                data = try Data(contentsOf: outDir.appendingPathComponent(json))
            } catch {
                summary.problems.append("\(path): cannot read \(json) for the database")
                continue
            }
            // Unchanged JSON (it decoded when it was stored) is not decoded again.
            let jsonSHA = SHA256.hex(of: data)
            if stored[path] == jsonSHA {
                kept.insert(path)
                summary.unchanged += 1
                continue
            }
            let document: Document
            do {
                document = try JSONDecoder().decode(Document.self, from: data).withIdentities()
            } catch {
                summary.problems.append("\(path): cannot read \(json) for the database")
                continue
            }
            kept.insert(path)
            try db.transaction {
                try delete(path, from: db)
                try insert(document, path: path, entry: entry, jsonSHA: jsonSHA, into: db)
            }
            summary.written += 1
        }
        for path in stored.keys.sorted() where !kept.contains(path) {
            try db.transaction { try delete(path, from: db) }
            summary.dropped += 1
        }
        try replaceChanges(in: db, from: outDir.appendingPathComponent("changes.jsonl"))
        return summary
    }

    /// The changes between editions (changes.jsonl, rebuilt by every run) replace
    /// the table's rows in one transaction.
    private static func replaceChanges(in db: SQLiteDatabase, from file: URL) throws {
        let lines = (try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n") ?? []
        try db.transaction {
            try db.run("DELETE FROM changes")
            for line in lines {
                guard let change = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    continue
                }
                func field(_ key: String) -> SQLiteDatabase.Value {
                    if let text = change[key] as? String { return .text(text) }
                    if let number = change[key] as? Int { return .integer(number) }
                    return .null
                }
                let columns = [
                    "series", "old_path", "new_path", "old_edition", "new_edition", "type", "kind", "old_chapter",
                    "new_chapter", "old_text", "new_text",
                ]
                try db.run(
                    "INSERT INTO changes (\(columns.joined(separator: ", ")), change) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")), ?)",
                    columns.map(field) + [.text(String(line))])
            }
        }
    }

    private static func delete(_ path: String, from db: SQLiteDatabase) throws {
        let document = "(SELECT id FROM documents WHERE source_path = ?)"
        try db.run("DELETE FROM blocks WHERE document_id = \(document)", [.text(path)])
        try db.run("DELETE FROM chapters WHERE document_id = \(document)", [.text(path)])
        try db.run("DELETE FROM documents WHERE source_path = ?", [.text(path)])
    }

    private static func insert(
        _ document: Document, path: String, entry: BatchManifest.Entry, jsonSHA: String, into db: SQLiteDatabase
    ) throws {
        try db.run(
            """
            INSERT INTO documents (source_path, source_sha256, json_sha256, title, page_count, folio_version)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .text(path), .text(entry.sha256), .text(jsonSHA), text(document.title),
                .integer(document.source.pageCount), .text(entry.folioVersion),
            ])
        let documentID = SQLiteDatabase.Value.integer(db.lastInsertedRow)
        var position = 0
        for chapter in document.chapters {
            try db.run(
                """
                INSERT INTO chapters (document_id, chapter_index, chapter_id, title, authors, start_page, end_page)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    documentID, .integer(chapter.index), text(chapter.id), text(chapter.title),
                    .text(jsonArray(chapter.authors)), integer(chapter.startPage), integer(chapter.endPage),
                ])
            for block in chapter.blocks {
                position += 1
                try db.run(
                    """
                    INSERT INTO blocks (document_id, chapter_index, position, block_id, kind, level, label, page,
                                        text, footnote_refs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        documentID, .integer(chapter.index), .integer(position), .text(block.id ?? ""),
                        .text(block.kind.rawValue), integer(block.level), text(block.label), .integer(block.page),
                        .text(block.text), .text(jsonArray(block.footnoteRefs ?? [])),
                    ])
            }
        }
    }

    private static func text(_ value: String?) -> SQLiteDatabase.Value { value.map { .text($0) } ?? .null }
    private static func integer(_ value: Int?) -> SQLiteDatabase.Value { value.map { .integer($0) } ?? .null }

    /// A list as a JSON array (SQLite's json_each reads it).
    private static func jsonArray(_ values: [String]) -> String {
        "[" + values.map(Dataset.jsonString).joined(separator: ",") + "]"
    }
}
