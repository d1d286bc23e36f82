import Foundation
import Testing

/// `folio batch` on a folder holding editions of one report: series and
/// edition columns in the dataset, and the changes between editions.
@Suite("Batch: editions")
struct EditionsBatchTests {
    static let paragraphs = [
        "Freight corridors moved more cargo than the year before, while inspection delays stayed long.",
        "Customs agencies in the south adopted a single window for declarations in the spring.",
        "Rail links to the ports remain the weakest part of the network and need new funding.",
    ]

    static func report(title: String, _ paragraphs: [String]) -> Data {
        Data((([title] + paragraphs).joined(separator: "\n\n") + "\n").utf8)
    }

    @Test func editionsAreOrderedAndDiffed() throws {
        let dir = try TempDir("folio-editions")
        defer { dir.cleanUp() }
        let input = dir.file("in")
        let out = dir.file("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        var edited = Self.paragraphs
        edited[1] = "Customs agencies in the south adopted a single window for declarations in the autumn."
        // Text mode finds no title in these: the file names tell the series.
        try Self.report(title: "Annual Trade Review 2024", edited).write(
            to: input.appendingPathComponent("trade-review-2024.txt"))
        try Self.report(title: "Annual Trade Review 2023", Self.paragraphs)
            .write(to: input.appendingPathComponent("trade-review-2023.txt"))
        try Self.report(title: "Water Basins Yearbook", ["A different report about rivers and their basins."])
            .write(to: input.appendingPathComponent("water-basins.txt"))

        let db = dir.file("editions.sqlite")
        let r = try BatchTests.batch(input, out, ["--sqlite", db.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        let rows = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        let header = try #require(rows.first)
        let series = try #require(header.firstIndex(of: "series"))
        let edition = try #require(header.firstIndex(of: "edition"))
        func placement(_ path: String) -> Set<[String]> {
            Set(rows.dropFirst().filter { $0[0] == path }.map { [$0[series], $0[edition]] })
        }
        let earlier = placement("trade-review-2023.txt")
        let latest = placement("trade-review-2024.txt")
        #expect(earlier.count == 1 && latest.count == 1)
        #expect(earlier.first?[1] == "1" && latest.first?[1] == "2", "\(earlier) \(latest)")
        #expect(earlier.first?[0] == latest.first?[0])
        #expect(placement("water-basins.txt").first?[0] != earlier.first?[0])

        let lines = try String(contentsOf: out.appendingPathComponent("changes.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let changes = try lines.map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(changes.count == 1, "\(lines)")
        let change = try #require(changes.first)
        #expect(change["type"] as? String == "block_edited")
        #expect(change["old_path"] as? String == "trade-review-2023.txt")
        #expect(change["new_path"] as? String == "trade-review-2024.txt")
        #expect(change["old_text"] as? String == Self.paragraphs[1])
        #expect(change["old_edition"] as? Int == 1 && change["new_edition"] as? Int == 2)
        // The database holds the same change.
        let python = try #require(which("python3"))
        let stored = try run(
            python,
            [
                "-c",
                """
                import sqlite3, sys
                rows = sqlite3.connect(sys.argv[1]).execute(
                    "SELECT type, kind, old_path, new_path, old_edition, new_edition FROM changes").fetchall()
                print(rows)
                """, db.path,
            ])
        #expect(
            stored.out == "[('block_edited', 'paragraph', 'trade-review-2023.txt', 'trade-review-2024.txt', 1, 2)]\n",
            "\(stored.err)")

        // The comparison is kept beside the dataset fragments: a re-run reads it, an
        // edited edition is compared again (and the outdated comparison removed).
        let saved = out.appendingPathComponent(".folio-tmp/fragments")
        func savedChanges() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: saved.path).filter { $0.hasPrefix("changes-") }
        }
        let firstChanges = try Data(contentsOf: out.appendingPathComponent("changes.jsonl"))
        let firstSaved = try savedChanges()
        #expect(firstSaved.count == 1, "\(firstSaved)")
        #expect(try BatchTests.batch(input, out).status == 0)
        #expect(try Data(contentsOf: out.appendingPathComponent("changes.jsonl")) == firstChanges)
        #expect(try savedChanges() == firstSaved)
        var reedited = Self.paragraphs
        reedited[1] = "Customs agencies in the south adopted paper forms for every declaration in the spring."
        try Self.report(title: "Annual Trade Review 2024", reedited).write(
            to: input.appendingPathComponent("trade-review-2024.txt"))
        #expect(try BatchTests.batch(input, out).status == 0)
        let redone = try String(contentsOf: out.appendingPathComponent("changes.jsonl"), encoding: .utf8)
        #expect(redone.contains("adopted paper forms for every declaration"), "\(redone)")
        #expect(!redone.contains("in the autumn"), "\(redone)")
        let redoneSaved = try savedChanges()
        #expect(redoneSaved.count == 1 && redoneSaved != firstSaved, "\(redoneSaved)")

        // The override file joins a report the titles cannot tell belongs, and orders it.
        try Data(
            #"{"water-basins.txt": {"series": "Trade", "edition": 1}, "trade-review-2023.txt": {"series": "Trade", "edition": 2}}"#
                .utf8
        )
        .write(to: out.appendingPathComponent("folio-editions.json"))
        let again = try BatchTests.batch(input, out)
        #expect(again.status == 0, "stderr: \(again.err)")
        let reordered = try ExporterTests.parseCSV(
            String(contentsOf: out.appendingPathComponent("dataset.csv"), encoding: .utf8))
        let trade = Set(
            reordered.dropFirst().filter { $0[0] == "water-basins.txt" || $0[0] == "trade-review-2023.txt" }.map {
                [$0[0], $0[series], $0[edition]]
            })
        #expect(trade == [["water-basins.txt", "Trade", "1"], ["trade-review-2023.txt", "Trade", "2"]])
    }
}
