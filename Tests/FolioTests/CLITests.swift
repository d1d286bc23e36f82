import FolioModel
import Foundation
import Testing

/// The built `folio` executable, run as a user would.
@Suite("CLI")
struct CLITests {
    /// `folio` sits in the build products folder, next to the test bundle.
    static let executable: URL? = {
        let fm = FileManager.default
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("folio"),
            bundle.deletingLastPathComponent().appendingPathComponent("folio"),
            Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("folio"),
            Repo.root.appendingPathComponent(".build/debug/folio"),
        ]
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    static func folio(_ args: [String], input: Data? = nil) throws -> ProcessResult {
        let exe = try #require(executable, "the folio executable was not built")
        return try run(exe, args, input: input)
    }

    @Test func helpMentionsConvert() throws {
        let r = try Self.folio(["--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("convert"))
        #expect(r.out.contains("exporters"))
    }

    @Test func convertHelpMentionsOptions() throws {
        let r = try Self.folio(["convert", "--help"])
        #expect(r.status == 0)
        for option in ["--format", "--output", "--password", "--ocr"] {
            #expect(r.out.contains(option), "convert --help does not mention \(option)")
        }
    }

    @Test func exportersListsTheFormats() throws {
        let r = try Self.folio(["exporters"])
        #expect(r.status == 0)
        let names = r.out.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names == ["json", "csv", "md", "html"])
    }

    @Test(arguments: [
        (["--lang", "xyz"], "apt-get install tesseract-ocr-xyz"),
        (["--accent-lang", "Cyrillic"], "apt-get install tesseract-ocr-script-cyrl"),
    ])
    func missingOCRModelNamesThePackage(_ options: [String], _ advice: String) throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try Self.folio(["convert", try Fixtures.path("scanned.pdf"), "--output", dir.url.path] + options)
        #expect(r.status == 1)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.err)")
        #expect(lines.first?.contains(advice) == true, "stderr: \(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    @Test func missingFileFailsWithOneLine() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let missing = dir.file("no-such-report.pdf").path
        let r = try Self.folio(["convert", missing, "--output", dir.url.path])
        #expect(r.status == 1)
        let lines = r.err.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(r.err)")
        #expect(lines.first?.contains(missing) == true)
        #expect(lines.first?.contains("not found") == true)
        #expect(r.out.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    /// A one-letter relative output folder (Foundation's path cutting traps on it).
    @Test func oneLetterOutputFolderIsCreated() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let exe = try #require(Self.executable)
        let r = try run(
            exe, ["convert", try Fixtures.path("two-page.pdf"), "--output", "b", "-f", "json"],
            currentDirectory: dir.url)
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir.file("b/two-page.json").path))
    }

    @Test func unknownFormatIsAUsageError() throws {
        let path = try Fixtures.path("two-page.pdf")
        let r = try Self.folio(["convert", path, "--format", "nope", "--output", "-"])
        #expect(r.status != 0)
        #expect(r.err.contains("nope"))
        #expect(r.out.isEmpty)
        // `convert --help` promises "2 on a usage error"; ArgumentParser's validation
        // errors exit with EX_USAGE (64).
        #expect(r.status == 2)
    }

    @Test func writesAllThreeFormats() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "--output", dir.url.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        #expect(files == ["two-page.csv", "two-page.json", "two-page.md"])
        let doc = try JSONDecoder().decode(Document.self, from: Data(contentsOf: dir.file("two-page.json")))
        #expect(doc.source.pageCount == 2)
        #expect(doc.allBlocks.contains { $0.block.text.hasPrefix("Page two holds") })
        let csv = try String(contentsOf: dir.file("two-page.csv"), encoding: .utf8)
        #expect(
            csv.hasPrefix(
                "source_file,chapter_index,chapter_title,authors,page,kind,level,label,text,footnote_refs\r\n"))
        let md = try String(contentsOf: dir.file("two-page.md"), encoding: .utf8)
        #expect(md.contains("Page two holds one short paragraph and nothing else."))
        // One progress line on stderr.
        #expect(r.err.contains("2 pages"))
    }

    @Test func jsonToStandardOutput() throws {
        let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "--format", "json", "--output", "-"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let doc = try JSONDecoder().decode(Document.self, from: r.stdout)
        #expect(doc.schema == "folio/document@1")
        #expect(doc.source.file == "two-page.pdf")
        #expect(doc.allBlocks.count >= 3)
    }

    @Test func quietPrintsNothing() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "-q", "-f", "md", "-o", dir.url.path])
        #expect(r.status == 0)
        #expect(r.err.isEmpty && r.out.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["two-page.md"])
    }

    @Test func encryptedNeedsPassword() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let path = try Fixtures.path("encrypted.pdf")
        let locked = try Self.folio(["convert", path, "--output", dir.url.path])
        #expect(locked.status == 1)
        #expect(locked.err.lowercased().contains("password"))
        #expect(locked.err.contains("encrypted.pdf"))
        let wrong = try Self.folio(["convert", path, "--password", "nope", "--output", dir.url.path])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("wrong"))
        let open = try Self.folio(["convert", path, "--password", "secret", "--format", "json", "--output", "-"])
        #expect(open.status == 0, "stderr: \(open.err)")
        let doc = try JSONDecoder().decode(Document.self, from: open.stdout)
        #expect(doc.source.pageCount == 1)
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try Self.folio([
            "convert", try Fixtures.path("damaged.pdf"), try Fixtures.path("two-page.pdf"),
            try Fixtures.path("not-a-pdf.pdf"),
            "-f", "json", "-o", dir.url.path,
        ])
        #expect(r.status == 1)
        let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("folio: ") }
        #expect(errors.count == 2, "stderr: \(r.err)")
        #expect(errors.contains { $0.contains("damaged.pdf") && $0.contains("damaged") })
        #expect(errors.contains { $0.contains("not-a-pdf.pdf") && $0.contains("not a PDF") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["two-page.json"])
    }

    @Test func readsAPDFFromStandardInput() throws {
        let bytes = try Fixtures.data("two-page.pdf")
        let r = try Self.folio(["convert", "-", "--format", "json", "--output", "-"], input: bytes)
        #expect(r.status == 0, "stderr: \(r.err)")
        let doc = try JSONDecoder().decode(Document.self, from: r.stdout)
        #expect(doc.source.file == "stdin.pdf")
        #expect(doc.source.pageCount == 2)
        #expect(doc.allBlocks.contains { $0.block.text == "Page two holds one short paragraph and nothing else." })
    }

    @Test func readsTextFromStandardInput() throws {
        let r = try Self.folio(
            ["convert", "-", "--format", "csv", "--output", "-"], input: Data("A \u{FB01}ne paragraph of text.\n".utf8))
        #expect(r.status == 0, "stderr: \(r.err)")
        let rows = try ExporterTests.parseCSV(r.out)
        #expect(rows.count == 2)
        #expect(rows.last?.first == "stdin.txt")
        #expect(rows.last?[8] == "A fine paragraph of text.")
    }

    @Test func outputToStdoutNeedsOneFormat() throws {
        let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "--output", "-"])
        #expect(r.status != 0 && r.status != 1)
        #expect(r.err.contains("one format"))
        #expect(r.out.isEmpty)
    }
}
