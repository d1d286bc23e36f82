import FolioBatch
import FolioCore
import Foundation
import Testing

/// Batch planning on its own, no worker started: which inputs map to which
/// outputs, stems two inputs share, what is skipped as unchanged, what is
/// converted again, what the manifest says of inputs that are gone, and shards.
@Suite("Batch: planning")
struct BatchPlanTests {
    let dir: TempDir
    let settings: BatchSettings

    init() throws {
        dir = try TempDir("folio-plan")
        let input = dir.file("in")
        let out = dir.file("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        settings = BatchSettings(inputDir: input, outDir: out, jobs: 1, formats: ["json", "csv"], timeout: 60)
    }

    func inputs(_ paths: [String]) -> [BatchInput] {
        paths.map { BatchInput(relativePath: $0, url: settings.inputDir.appendingPathComponent($0)) }
    }

    /// A hash whose first 16 hex digits read as `bucket` (the shard test reads those).
    static func hash(_ bucket: Int, _ tag: Character = "a") -> String {
        String(format: "%016x", bucket) + String(repeating: tag, count: 48)
    }

    /// An entry as a run that converted `path` would have left it, its outputs on disk.
    func converted(_ path: String, sha: String, writeOutputs: Bool = true) throws -> BatchManifest.Entry {
        let input = inputs([path])[0]
        let outputs = input.outputs(extensions: ["json", "csv"])
        if writeOutputs {
            for output in outputs {
                let url = settings.outDir.appendingPathComponent(output)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("{}".utf8).write(to: url)
            }
        }
        var entry = settings.failedEntry(sha: sha, reason: "")
        entry.status = .converted
        entry.reason = nil
        entry.outputs = outputs
        return entry
    }

    @Test func outputsMirrorTheInputFolders() {
        defer { dir.cleanUp() }
        let input = inputs(["sub/deeper/Report 2023.PDF"])[0]
        #expect(input.outputStem == "sub/deeper/Report 2023")
        #expect(
            input.outputs(extensions: ["json", "csv"]) == ["sub/deeper/Report 2023.json", "sub/deeper/Report 2023.csv"])
        #expect(inputs(["top.txt"])[0].outputs(extensions: ["md"]) == ["top.md"])
    }

    @Test func theFirstInputOwnsAStemAndALaterOneFails() {
        defer { dir.cleanUp() }
        let paths = ["a/r.pdf", "a/r.txt", "b/r.pdf", "c.pdf"]
        let plan = BatchPlan(
            inputs: inputs(paths), hashes: [Self.hash(1), Self.hash(2), Self.hash(3), Self.hash(4)],
            manifest: BatchManifest(), settings: settings)
        #expect(plan.todo.map { $0.input.relativePath } == ["a/r.pdf", "b/r.pdf", "c.pdf"])
        #expect(plan.todo.map { $0.sha256 } == [Self.hash(1), Self.hash(3), Self.hash(4)])
        #expect(plan.failed.map { $0.0 } == ["a/r.txt"])
        #expect(plan.failed.first?.1 == "its outputs (a/r.*) would overwrite those of a/r.pdf")
        let entry = plan.manifest.documents["a/r.txt"]
        #expect(entry?.status == .failed)
        #expect(entry?.sha256 == Self.hash(2))
        #expect(entry?.outputs == [])
        #expect(plan.skipped == 0 && plan.removed.isEmpty)
    }

    @Test func unchangedDocumentsAreSkippedAndChangedOnesRedone() throws {
        defer { dir.cleanUp() }
        var manifest = BatchManifest()
        manifest.documents["same.pdf"] = try converted("same.pdf", sha: Self.hash(1))
        manifest.documents["edited.pdf"] = try converted("edited.pdf", sha: Self.hash(2))
        manifest.documents["lost-output.pdf"] = try converted("lost-output.pdf", sha: Self.hash(3), writeOutputs: false)
        var other = try converted("other-options.pdf", sha: Self.hash(4))
        other.options += " ocr=always"
        manifest.documents["other-options.pdf"] = other
        var old = try converted("old-version.pdf", sha: Self.hash(5))
        old.folioVersion = "0.0.1"
        manifest.documents["old-version.pdf"] = old
        var failed = try converted("failed-before.pdf", sha: Self.hash(6))
        failed.status = .failed
        manifest.documents["failed-before.pdf"] = failed

        let paths = [
            "edited.pdf", "failed-before.pdf", "lost-output.pdf", "new.pdf", "old-version.pdf", "other-options.pdf",
            "same.pdf",
        ]
        let hashes = [
            Self.hash(2, "b"), Self.hash(6), Self.hash(3), Self.hash(7), Self.hash(5), Self.hash(4), Self.hash(1),
        ]
        let plan = BatchPlan(inputs: inputs(paths), hashes: hashes, manifest: manifest, settings: settings)
        #expect(plan.skipped == 1)
        #expect(plan.todo.map { $0.input.relativePath } == paths.filter { $0 != "same.pdf" })
        #expect(plan.failed.isEmpty && plan.removed.isEmpty)
        #expect(plan.manifest.documents["same.pdf"] == manifest.documents["same.pdf"])

        var forced = settings
        forced.force = true
        let again = BatchPlan(inputs: inputs(paths), hashes: hashes, manifest: manifest, settings: forced)
        #expect(again.skipped == 0)
        #expect(again.todo.count == paths.count)
    }

    @Test func inputsThatAreGoneAreReportedOnce() throws {
        defer { dir.cleanUp() }
        var manifest = BatchManifest()
        manifest.documents["gone.pdf"] = try converted("gone.pdf", sha: Self.hash(1))
        manifest.documents["gone-failed.pdf"] = settings.failedEntry(sha: Self.hash(2), reason: "damaged")
        var long = try converted("long-gone.pdf", sha: Self.hash(3), writeOutputs: false)
        long.status = .removed
        manifest.documents["long-gone.pdf"] = long
        var kept = try converted("gone-earlier.pdf", sha: Self.hash(4))
        kept.status = .removed
        manifest.documents["gone-earlier.pdf"] = kept

        let plan = BatchPlan(
            inputs: inputs(["here.pdf"]), hashes: [Self.hash(5)], manifest: manifest, settings: settings)
        #expect(plan.removed == ["gone-earlier.pdf", "gone-failed.pdf", "gone.pdf"])
        #expect(plan.manifest.documents["gone.pdf"]?.status == .removed)
        #expect(plan.manifest.documents["gone.pdf"]?.reason == "input no longer present")
        #expect(plan.manifest.documents["gone.pdf"]?.outputs == ["gone.json", "gone.csv"])
        #expect(plan.manifest.documents["gone-failed.pdf"] == nil)  // nothing of it left to keep
        #expect(plan.manifest.documents["long-gone.pdf"] == nil)  // its outputs deleted since
        #expect(plan.manifest.documents["gone-earlier.pdf"]?.status == .removed)  // outputs still there
        #expect(plan.todo.map { $0.input.relativePath } == ["here.pdf"])
    }

    @Test func anUnreadableInputFailsWithItsReason() {
        defer { dir.cleanUp() }
        let plan = BatchPlan(
            inputs: inputs(["missing.pdf", "ok.pdf"]), hashes: [nil, Self.hash(1)], manifest: BatchManifest(),
            settings: settings)
        #expect(plan.failed.map { $0.0 } == ["missing.pdf"])
        #expect(plan.failed.first?.1 == "file not found")
        #expect(plan.manifest.documents["missing.pdf"]?.sha256 == "")
        #expect(plan.todo.map { $0.input.relativePath } == ["ok.pdf"])
    }

    @Test func aShardTakesItsHashesAndLetsGoOfTheOthers() throws {
        defer { dir.cleanUp() }
        var manifest = BatchManifest()
        // Converted by an earlier run without shards: shard 2's now.
        manifest.documents["b.pdf"] = try converted("b.pdf", sha: Self.hash(1))
        let paths = ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "unreadable.pdf"]
        let hashes: [String?] = [Self.hash(0), Self.hash(1), Self.hash(2), Self.hash(5), nil]

        var first = settings
        first.shard = Shard("1/2")
        let one = BatchPlan(inputs: inputs(paths), hashes: hashes, manifest: manifest, settings: first)
        #expect(one.mine.map { $0.input.relativePath } == ["a.pdf", "c.pdf", "unreadable.pdf"])
        #expect(one.todo.map { $0.input.relativePath } == ["a.pdf", "c.pdf"])
        #expect(one.failed.map { $0.0 } == ["unreadable.pdf"])  // reported by shard 1 only
        #expect(one.manifest.documents["b.pdf"] == nil)
        #expect(one.removed.isEmpty)

        var second = settings
        second.shard = Shard("2/2")
        let two = BatchPlan(inputs: inputs(paths), hashes: hashes, manifest: manifest, settings: second)
        #expect(two.mine.map { $0.input.relativePath } == ["b.pdf", "d.pdf"])
        #expect(two.skipped == 1)
        #expect(two.todo.map { $0.input.relativePath } == ["d.pdf"])
        #expect(two.failed.isEmpty)
    }
}
