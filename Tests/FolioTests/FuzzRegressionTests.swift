import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every input the fuzzers found (fuzz/crashers/) and every seed, replayed
/// through the real command: it converts or fails with a message, never a crash.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = Repo.root.appendingPathComponent("fuzz")

    static func files(_ kind: String) -> [URL] {
        ["seeds", "crashers"].flatMap { folder -> [URL] in
            let dir = root.appendingPathComponent("\(folder)/\(kind)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            // A timeout- input is a hang, replayed only by hand (fuzz/hangs).
            return names.filter { !$0.hasPrefix(".") && !$0.hasPrefix("timeout-") }.sorted()
                .map { dir.appendingPathComponent($0) }
        }
    }

    /// Exit 0 or 1 with at most one line per input: anything else is a crash.
    static func expectNoCrash(_ r: ProcessResult, _ name: String) {
        #expect(r.status == 0 || r.status == 1, "\(name): status \(r.status), stderr: \(r.err)")
        #expect(!r.err.contains("Fatal error") && !r.err.contains("ERROR: AddressSanitizer"), "\(name): \(r.err)")
    }

    @Test(arguments: ["text", "pdf"])
    func replayedAsInputs(_ kind: String) throws {
        let inputs = Self.files(kind)
        try #require(!inputs.isEmpty, "no seeds in fuzz/seeds/\(kind)")
        let dir = try TempDir("folio-fuzz-replay")
        defer { dir.cleanUp() }
        for (i, input) in inputs.enumerated() {
            let copy = dir.file("input-\(i).\(kind == "text" ? "txt" : "pdf")")
            try FileManager.default.copyItem(at: input, to: copy)
            let r = try CLITests.folio(["convert", copy.path, "-f", "json,md,html", "-o", dir.file("out").path, "-q"])
            Self.expectNoCrash(r, input.lastPathComponent)
        }
    }

    /// Each known hang (fuzz/hangs/pdf) ends at `--page-timeout` with its one
    /// line; the input before it keeps its output and the one after it is named.
    @Test func hangsEndAtThePageTimeout() throws {
        let dir = try TempDir("folio-fuzz-hang")
        defer { dir.cleanUp() }
        let hangs = Self.root.appendingPathComponent("hangs/pdf")
        let names = try FileManager.default.contentsOfDirectory(atPath: hangs.path).filter { !$0.hasPrefix(".") }
        try #require(!names.isEmpty)
        for name in names {
            try FileManager.default.copyItem(at: hangs.appendingPathComponent(name), to: dir.file("hang.pdf"))
            defer { try? FileManager.default.removeItem(at: dir.file("hang.pdf")) }
            let good = try Fixtures.path("two-page.pdf")
            let started = Date()
            let r = try CLITests.folio([
                "convert", good, dir.file("hang.pdf").path, try Fixtures.path("two-column.pdf"),
                "--page-timeout", "3", "-f", "json", "-o", dir.file("out").path, "-q",
            ])
            let seconds = Date().timeIntervalSince(started)
            #expect(r.status == 1, "\(name): \(r.err)")
            #expect(r.err.contains("hang.pdf: gave up: no page was read in 3 s"), "\(name): \(r.err)")
            #expect(r.err.contains("the 1 input after it was not converted"), "\(name): \(r.err)")
            #expect(FileManager.default.fileExists(atPath: dir.file("out/two-page.json").path))
            #expect(!FileManager.default.fileExists(atPath: dir.file("out/two-column.json").path))
            #expect(seconds < 60, "\(name) took \(seconds) s")
        }
    }

    /// A document JSON goes in as a filter's answer: the contract check, then the exporters.
    @Test func documentJSONReplayedThroughAFilter() throws {
        let inputs = Self.files("json")
        try #require(!inputs.isEmpty, "no seeds in fuzz/seeds/json")
        let dir = try TempDir("folio-fuzz-json")
        defer { dir.cleanUp() }
        for input in inputs {
            let filter = dir.file("filter.sh")
            try "#!/bin/sh\ncat > /dev/null\ncat '\(input.path)'\n".write(to: filter, atomically: true, encoding: .utf8)
            chmod(filter.path, 0o755)
            let r = try CLITests.folio([
                "convert", try Fixtures.path("two-page.txt"), "--filter", filter.path, "-f", "md,html", "-o",
                dir.file("out").path, "-q",
            ])
            Self.expectNoCrash(r, input.lastPathComponent)
        }
    }
}
