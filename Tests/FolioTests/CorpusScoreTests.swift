import FolioCore
import FolioModel
import Foundation
import JSONExporter
import Testing

/// Scores every corpus document with `../shared/eval/score.py` and checks each metric
/// against the ratchet in `Tests/score-floors.json` (a floor, or a maximum for `*_max`).
@Suite("Corpus scores")
struct CorpusScoreTests {
    static let corpus = Repo.shared.appendingPathComponent("corpus")
    static let scorer = Repo.shared.appendingPathComponent("eval/score.py")
    static let floorsFile = Repo.root.appendingPathComponent("Tests/score-floors.json")

    static let enabled: Bool =
        FileManager.default.fileExists(atPath: corpus.path) && FileManager.default.fileExists(atPath: scorer.path)
        && pythonHasModule("rapidfuzz")

    static let documents: [String] = [
        "collection", "brief", "latex", "odt", "mixed", "text", "collection-scan", "anthology", "anthology-scan",
        "anthology-text",
    ]

    /// The document's one input: a PDF, or the text file of a text-mode document.
    static func input(_ doc: String) throws -> URL {
        let folder = corpus.appendingPathComponent(doc)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let input = try #require(
            files.first { $0.hasSuffix(".pdf") } ?? files.first { $0.hasSuffix(".txt") }, "no input in \(doc)")
        return folder.appendingPathComponent(input)
    }

    /// Metric in score.py's output for each floor key.
    static let metrics = [
        "body_similarity", "junk_rate_max", "loss_rate_max", "dup_rate_max", "paragraph_f1", "reading_order",
        "chapter_title_f1", "chapter_author_accuracy", "chapter_start_page_accuracy", "heading_f1", "list_item_f1",
        "pull_quote_f1", "footnote_ref_accuracy", "pages_ocr_agreement",
    ]

    // One case per document, so the documents convert in parallel with each other.
    @Test(
        .enabled(if: enabled, "needs ../shared/corpus and python3 with rapidfuzz"),
        arguments: documents)
    func scoreIsAtLeastTheFloor(document: String) throws {
        let dir = try TempDir("folio-corpus")
        defer { dir.cleanUp() }
        let started = Date()
        let doc = try Converter().convert(file: try Self.input(document).path)
        let seconds = Date().timeIntervalSince(started)
        let pred = dir.file("\(document).json")
        try Data(try JSONExporter().render(doc).utf8).write(to: pred)

        let python = try #require(which("python3"))
        let truth = Self.corpus.appendingPathComponent("\(document)/truth.json")
        let result = try run(python, [Self.scorer.path, truth.path, pred.path, "--json"])
        #expect(result.status == 0, "score.py failed on \(document): \(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let measured = try #require(object["metrics"] as? [String: Any], "score.py output has no metrics")

        var line: [String] = []
        for key in Self.metrics {
            let name = key.hasSuffix("_max") ? String(key.dropLast(4)) : key
            if let v = measured[name] as? Double { line.append("\"\(key)\": \(v)") }
        }
        print("corpus \(document) (\(String(format: "%.1f", seconds)) s): {\(line.joined(separator: ", "))}")

        let floorsData = try Data(contentsOf: Self.floorsFile)
        let allFloors = try #require(try JSONSerialization.jsonObject(with: floorsData) as? [String: Any])
        let floors = try #require(
            allFloors[document] as? [String: Double], "no floors for \(document) in score-floors.json")
        #expect(!floors.isEmpty)
        for (key, bound) in floors.sorted(by: { $0.key < $1.key }) {
            let isMax = key.hasSuffix("_max")
            let name = isMax ? String(key.dropLast(4)) : key
            guard let value = measured[name] as? Double else {
                Issue.record("\(document): \(name) has a bound (\(bound)) but score.py gave no value")
                continue
            }
            if isMax {
                #expect(value <= bound, "\(document): \(name) = \(value) is above the maximum \(bound)")
            } else {
                #expect(value >= bound, "\(document): \(name) = \(value) is below the floor \(bound)")
            }
        }
    }

    /// What stops the floors from being checked, if anything.
    static var missing: [String] {
        var missing: [String] = []
        if !FileManager.default.fileExists(atPath: corpus.path) { missing.append("the corpus (\(corpus.path))") }
        if !FileManager.default.fileExists(atPath: scorer.path) { missing.append("the scorer (\(scorer.path))") }
        if !pythonHasModule("rapidfuzz") { missing.append("python3 with rapidfuzz (pip install rapidfuzz)") }
        return missing
    }

    /// Says in the test output when the score floors were not checked, and
    /// fails in CI, where they must be.
    @Test func scoreFloorsAreChecked() {
        let missing = Self.missing
        guard !missing.isEmpty else { return }
        print("corpus score floors NOT checked: missing \(missing.joined(separator: ", "))")
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("CI must check the score floors, but \(missing.joined(separator: ", ")) is missing")
        }
    }

    // Needs only the floors file: runs whether or not the corpus is there.
    @Test func floorsFileIsWellFormed() throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.floorsFile))
        let floors = try #require(object as? [String: [String: Double]])
        #expect(Set(floors.keys) == Set(Self.documents))
        for (doc, bounds) in floors {
            for (key, value) in bounds {
                #expect(Self.metrics.contains(key), "\(doc): unknown metric \(key)")
                #expect((0...1).contains(value), "\(doc): \(key) = \(value)")
            }
        }
    }
}
