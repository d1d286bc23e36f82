import Foundation
import Testing

/// The same input gives the same output in every run: a batch re-run, an
/// edition diff or a published dataset must not change because a process
/// hashed its dictionaries with another seed (Swift seeds them per process).
@Suite("Reproducible output")
struct ReproducibleOutputTests {
    /// A paper set in several fonts and sizes, with formulas whose subscripts
    /// weigh as much as the letters around them (a tie the reader must break
    /// the same way every time).
    static let paper = Repo.shared.appendingPathComponent(
        "real/wild/RJournal-stringdist-2014/RJournal-stringdist-2014.pdf")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: paper.path), "needs ../shared/real/wild"))
    func aPDFConvertsToTheSameJSONInEveryRun() throws {
        let dir = try TempDir("folio-repro")
        defer { dir.cleanUp() }
        var outputs: [Data] = []
        for run in 0..<4 {
            let out = dir.file("run-\(run)")
            let r = try CLITests.folio(["convert", Self.paper.path, "-f", "json", "-o", out.path, "-q"])
            #expect(r.status == 0, "stderr: \(r.err)")
            outputs.append(try Data(contentsOf: out.appendingPathComponent("RJournal-stringdist-2014.json")))
        }
        #expect(Set(outputs).count == 1, "\(Set(outputs).count) different outputs in \(outputs.count) runs")
    }
}
