import FolioModel
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `folio convert` as a careless or hostile user drives it: no output silently
/// replaced, one plain line per failure, text mode that refuses non-text.
@Suite("Convert: outputs people can trust")
struct TrustCLITests {
    static func folio(_ args: [String], input: Data? = nil, in dir: URL? = nil) throws -> ProcessResult {
        let exe = try #require(CLITests.executable, "the folio executable was not built")
        return try run(exe, args, input: input, currentDirectory: dir)
    }

    static func errorLines(_ r: ProcessResult) -> [String] {
        r.err.split(separator: "\n").map(String.init).filter { $0.hasPrefix("folio: ") }
    }

    static func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    // MARK: Collisions and atomic writes

    @Test(arguments: [["a/r.pdf", "b/r.pdf"], ["a/r.pdf", "a/r.txt"], ["a/r.pdf", "a/r.pdf"]])
    func outputNameCollisionsAreRefusedBeforeAnything(_ inputs: [String]) throws {
        let dir = try TempDir("folio-collide")
        defer { dir.cleanUp() }
        let fm = FileManager.default
        for sub in ["a", "b"] { try fm.createDirectory(at: dir.file(sub), withIntermediateDirectories: true) }
        try fm.copyItem(at: Fixtures.url("two-page.pdf"), to: dir.file("a/r.pdf"))
        try fm.copyItem(at: Fixtures.url("two-column.pdf"), to: dir.file("b/r.pdf"))
        try fm.copyItem(at: Fixtures.url("two-page.txt"), to: dir.file("a/r.txt"))
        let r = try Self.folio(["convert"] + inputs + ["--output", "out"], in: dir.url)
        #expect(r.status == 2, "stderr: \(r.err)")
        let lines = Self.errorLines(r)
        #expect(lines.count == 1, "stderr: \(r.err)")
        #expect(lines.first?.contains(inputs[0]) == true && lines.first?.contains(inputs[1]) == true)
        #expect(lines.first?.contains("folio batch") == true, "the message names a fix")
        #expect(!fm.fileExists(atPath: dir.file("out").path), "nothing is written")
    }

    @Test func anOutputIsReplacedWholeAndNoTemporaryFileStays() throws {
        let dir = try TempDir("folio-atomic")
        defer { dir.cleanUp() }
        let input = dir.file("r.pdf")
        try FileManager.default.copyItem(at: Fixtures.url("two-page.pdf"), to: input)
        let out = dir.file("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: out.appendingPathComponent("r.json"))
        let r = try Self.folio(["convert", input.path, "-f", "json", "-o", out.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let doc = try JSONDecoder().decode(Document.self, from: Data(contentsOf: out.appendingPathComponent("r.json")))
        #expect(doc.source.pageCount == 2)
        #expect(Self.files(out) == ["r.json"], "no temporary file left")
        let perms =
            try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("r.json").path)[
                .posixPermissions] as? Int
        #expect(perms.map { $0 & 0o044 } == 0o044, "outputs are readable like any file the user writes")
    }

    // MARK: Plain errors

    /// Each failure a user can cause: one line naming the file and the reason, exit 1,
    /// the other inputs still converted, no Foundation error text.
    @Test func eachInputFailureIsOnePlainLine() throws {
        let dir = try TempDir("folio-errors")
        defer { dir.cleanUp() }
        let fm = FileManager.default
        try fm.copyItem(at: Fixtures.url("two-page.pdf"), to: dir.file("good.pdf"))
        try fm.createDirectory(at: dir.file("folder.pdf"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.file("broken.pdf").path, withDestinationPath: "nowhere.pdf")
        try fm.createSymbolicLink(atPath: dir.file("loop1.pdf").path, withDestinationPath: "loop2.pdf")
        try fm.createSymbolicLink(atPath: dir.file("loop2.pdf").path, withDestinationPath: "loop1.pdf")
        let cases = [
            ("missing.pdf", "file not found"), ("folder.pdf", "is a folder"), ("broken.pdf", "broken symbolic link"),
            ("loop1.pdf", "symbolic link loop"),
        ]
        let r = try Self.folio(
            ["convert", "good.pdf"] + cases.map(\.0) + ["-f", "json", "-o", "out"], in: dir.url)
        #expect(r.status == 1)
        let lines = Self.errorLines(r)
        #expect(lines.count == cases.count, "stderr: \(r.err)")
        for (file, reason) in cases {
            #expect(lines.contains { $0.hasPrefix("folio: \(file): ") && $0.contains(reason) }, "\(file): \(r.err)")
        }
        #expect(!r.err.contains("Error Domain") && !r.err.contains("NSCocoa"))
        #expect(Self.files(dir.file("out")) == ["good.json"])
    }

    @Test func anOutputFolderThatCannotBeMadeIsOneLineAndNothingConverts() throws {
        let dir = try TempDir("folio-outdir")
        defer { dir.cleanUp() }
        try Data("x".utf8).write(to: dir.file("afile"))
        let input = try Fixtures.path("two-page.pdf")
        for (output, named, reason) in [
            ("afile", "afile", "is a file, not a folder"), ("afile/sub", "afile", "is a file, not a folder"),
        ] {
            let r = try Self.folio(["convert", input, "-o", output], in: dir.url)
            #expect(r.status == 1)
            #expect(r.err.split(separator: "\n").count == 1, "stderr: \(r.err)")
            #expect(r.err.hasPrefix("folio: \(named): ") && r.err.contains(reason), "stderr: \(r.err)")
            #expect(!r.err.contains("pages,"), "no success line")
        }
    }

    /// Permissions do not stop root: this runs as an ordinary user only.
    @Test(.enabled(if: geteuid() != 0, "root writes into read-only folders"))
    func aReadOnlyOutputFolderFailsBeforeTheSuccessLine() throws {
        let dir = try TempDir("folio-readonly")
        defer {
            chmod(dir.file("ro").path, 0o755)
            dir.cleanUp()
        }
        try FileManager.default.createDirectory(at: dir.file("ro"), withIntermediateDirectories: true)
        chmod(dir.file("ro").path, 0o555)
        let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "-o", dir.file("ro").path])
        #expect(r.status == 1)
        #expect(r.err.split(separator: "\n").count == 1 && r.err.contains("not writable"), "stderr: \(r.err)")
    }

    @Test(.enabled(if: geteuid() != 0, "root reads any file"))
    func anUnreadableInputIsOnePlainLine() throws {
        let dir = try TempDir("folio-unreadable")
        defer { dir.cleanUp() }
        try FileManager.default.copyItem(at: Fixtures.url("two-page.pdf"), to: dir.file("locked.pdf"))
        chmod(dir.file("locked.pdf").path, 0)
        let r = try Self.folio(["convert", "locked.pdf", "-o", "out"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.err == "folio: locked.pdf: permission denied\n", "stderr: \(r.err)")
    }

    // MARK: Text that is not text

    @Test func binaryTextInputsAreRefusedAndOthersStillConvert() throws {
        let dir = try TempDir("folio-binary")
        defer { dir.cleanUp() }
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<200_000).map { _ in UInt8.random(in: 1...255, using: &random) })
        try noise.write(to: dir.file("noise.txt"))  // no NUL: refused for its control characters
        try (Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 65, count: 100)).write(
            to: dir.file("image.txt"))
        try Data("a\u{0}b".utf8).write(to: dir.file("nul.txt"))
        try FileManager.default.copyItem(at: Fixtures.url("two-page.txt"), to: dir.file("good.txt"))
        let r = try Self.folio(
            ["convert", "noise.txt", "image.txt", "nul.txt", "good.txt", "-f", "json", "-o", "out"], in: dir.url)
        #expect(r.status == 1)
        let lines = Self.errorLines(r)
        #expect(lines.count == 3, "stderr: \(r.err)")
        for name in ["noise.txt", "image.txt", "nul.txt"] {
            #expect(lines.contains { $0.hasPrefix("folio: \(name): not a text file") }, "\(name): \(r.err)")
        }
        #expect(lines.contains { $0.contains("PNG") })
        #expect(Self.files(dir.file("out")) == ["good.json"])
    }

    static let zurich = "Zürich café\n"
    static let withMarks: [(String, Data)] = [
        ("utf16le", Data([0xFF, 0xFE]) + zurich.data(using: .utf16LittleEndian)!),
        ("utf16be", Data([0xFE, 0xFF]) + zurich.data(using: .utf16BigEndian)!),
        ("utf32le", Data([0xFF, 0xFE, 0, 0]) + zurich.data(using: .utf32LittleEndian)!),
        ("utf8bom", Data([0xEF, 0xBB, 0xBF]) + Data(zurich.utf8)),
        // Without a mark, UTF-16 is still recognised by its NUL high bytes (with a warning).
        ("utf16le-nobom", zurich.data(using: .utf16LittleEndian)!),
        ("utf16be-nobom", zurich.data(using: .utf16BigEndian)!),
    ]

    @Test func inspectRefusesWhatConvertRefuses() throws {
        let dir = try TempDir("folio-inspect-bad")
        defer { dir.cleanUp() }
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 1]).write(to: dir.file("image.txt"))
        try FileManager.default.createDirectory(at: dir.file("folder.pdf"), withIntermediateDirectories: true)
        for (name, reason) in [("image.txt", "not a text file (a PNG image)"), ("folder.pdf", "is a folder")] {
            let r = try Self.folio(["inspect", name, "-o", "out", "-q"], in: dir.url)
            #expect(r.status == 1)
            #expect(r.err.hasPrefix("folio: \(name): \(reason)") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("out").path))
    }

    @Test(arguments: withMarks)
    func aByteOrderMarkSelectsTheEncoding(_ name: String, _ bytes: Data) throws {
        let dir = try TempDir("folio-bom")
        defer { dir.cleanUp() }
        try bytes.write(to: dir.file("\(name).txt"))
        let r = try Self.folio(["convert", dir.file("\(name).txt").path, "-f", "csv", "-o", "-"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let rows = try ExporterTests.parseCSV(r.out)
        #expect(rows.last?[8] == "Zürich café", "\(r.out)")
        #expect(r.err.contains("no byte-order mark") == name.hasSuffix("nobom"), "stderr: \(r.err)")
    }

    @Test func invalidUTF8IsReadAsWindows1252WithAWarning() throws {
        let dir = try TempDir("folio-1252")
        defer { dir.cleanUp() }
        try Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x0A]).write(to: dir.file("w.txt"))
        let r = try Self.folio(["convert", dir.file("w.txt").path, "-f", "json", "-o", "-"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.err.contains("w.txt") && r.err.contains("Windows-1252"), "stderr: \(r.err)")
        let doc = try JSONDecoder().decode(Document.self, from: r.stdout)
        #expect(doc.allBlocks.map(\.block.text) == ["café “q” €5"])
        #expect(doc.metadata.warnings.contains { $0.contains("Windows-1252") })
    }

    @Test func standardInputIsSniffedAndNamedDash() throws {
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<5000).map { _ in UInt8.random(in: 0...255, using: &random) })
        let r = try Self.folio(["convert", "-", "-f", "json", "-o", "-"], input: noise)
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("folio: - (standard input): not a text file"), "stderr: \(r.err)")
        #expect(r.out.isEmpty)

        let damaged = try Self.folio(
            ["convert", "-", "-f", "json", "-o", "-"], input: try Fixtures.data("damaged.pdf"))
        #expect(damaged.status == 1)
        #expect(damaged.err.hasPrefix("folio: - (standard input): "), "stderr: \(damaged.err)")
        #expect(!damaged.err.contains("folio-stdin") && !damaged.err.contains("/tmp"), "no temporary path shown")
    }

    /// The old predictable temporary file: a link planted there must not be written through.
    @Test func standardInputNeverWritesThroughAPlantedLink() throws {
        let dir = try TempDir("folio-stdin")
        defer { dir.cleanUp() }
        let victim = dir.file("victim")
        try Data("keep".utf8).write(to: victim)
        let exe = try #require(CLITests.executable)
        // The child's pid is unknown in advance: plant links for a range of pids around ours.
        let tmp = FileManager.default.temporaryDirectory
        let base = Int(getpid())
        var planted: [URL] = []
        for pid in base..<(base + 200) {
            let link = tmp.appendingPathComponent("folio-stdin-\(pid).pdf")
            if (try? FileManager.default.createSymbolicLink(at: link, withDestinationURL: victim)) != nil {
                planted.append(link)
            }
        }
        defer { for link in planted { try? FileManager.default.removeItem(at: link) } }
        let r = try run(exe, ["convert", "-", "-f", "json", "-o", "-"], input: try Fixtures.data("two-page.pdf"))
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
    }

    // MARK: Progress

    /// `script` runs folio on a pseudo-terminal; its output is what a user's terminal shows.
    static func onTerminal(_ args: [String]) throws -> ProcessResult {
        let script = try #require(which("script"), "script (util-linux) is not installed")
        let exe = try #require(CLITests.executable)
        let command = ([exe.path] + args).map { "'\($0)'" }.joined(separator: " ")
        return try run(script, ["-qefc", command, "/dev/null"])
    }

    @Test(.enabled(if: which("script") != nil, "needs script(1) for a terminal"))
    func aSlowDocumentShowsPageProgressOnlyOnATerminal() throws {
        let dir = try TempDir("folio-progress")
        defer { dir.cleanUp() }
        // One OCR'd page takes seconds: past the one-second threshold.
        let args = [
            "convert", try Fixtures.path("scanned.pdf"), "--ocr", "always", "--jobs", "1", "-f", "json", "-o",
            dir.url.path,
        ]
        let terminal = try Self.onTerminal(args)
        #expect(terminal.status == 0, "\(terminal.out)")
        // "reading" until the page is done, then "page 1 of 1": either way, with the seconds spent.
        let shown = terminal.out.range(
            of: #"scanned\.pdf: (reading|page 1 of 1 \(100%\)[^,]*), \d+ s"#, options: .regularExpression)
        #expect(shown != nil, "\(terminal.out)")
        #expect(terminal.out.contains("\r\u{1B}[K"), "the line is redrawn in place")

        let quiet = try Self.onTerminal(args + ["--quiet"])
        #expect(quiet.status == 0)
        #expect(!quiet.out.contains("reading") && !quiet.out.contains("page 1 of 1"), "\(quiet.out)")

        let piped = try Self.folio(args)
        #expect(piped.status == 0)
        #expect(!piped.err.contains("reading") && !piped.err.contains("\u{1B}"), "\(piped.err)")

        // A quick document prints its summary line only.
        let quick = try Self.onTerminal([
            "convert", try Fixtures.path("two-page.pdf"), "-f", "json", "-o", dir.url.path,
        ])
        #expect(quick.status == 0 && !quick.out.contains("\u{1B}[K"), "\(quick.out)")
    }

    // MARK: Full and read-only file systems (a small tmpfs; needs the right to mount)

    static let mount = which("mount")
    static let canMount: Bool = {
        guard geteuid() == 0, let mount, let umount = which("umount"),
            let dir = try? TempDir("folio-mount-probe")
        else { return false }
        defer { dir.cleanUp() }
        guard (try? run(mount, ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.url.path]))?.status == 0 else {
            return false
        }
        _ = try? run(umount, [dir.url.path])
        return true
    }()

    static func withTmpfs(size: String, _ body: (URL) throws -> Void) throws {
        let dir = try TempDir("folio-tmpfs")
        defer { dir.cleanUp() }
        let mount = try #require(Self.mount)
        let umount = try #require(which("umount"))
        try #require(try run(mount, ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", dir.url.path]).status == 0)
        defer { _ = try? run(umount, [dir.url.path]) }
        try body(dir.url)
    }

    @Test(.enabled(if: canMount, "needs root and the right to mount a tmpfs"))
    func aFullDiskFailsEachOutputInOneLineAndKeepsThePreviousFile() throws {
        try Self.withTmpfs(size: "64k") { disk in
            try Data("old".utf8).write(to: disk.appendingPathComponent("brief.json"))
            let brief = Repo.shared.appendingPathComponent("corpus/brief/brief.pdf")
            let input = FileManager.default.fileExists(atPath: brief.path) ? brief : Repo.sampleReport
            let r = try Self.folio(["convert", input.path, "-o", disk.path])
            #expect(r.status == 1)
            let lines = Self.errorLines(r)
            #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("the disk is full") }, "stderr: \(r.err)")
            #expect(!r.err.contains("pages,"), "no success line: \(r.err)")
            let stem = input.deletingPathExtension().lastPathComponent
            if stem == "brief" {
                #expect(try String(contentsOf: disk.appendingPathComponent("brief.json"), encoding: .utf8) == "old")
            }
            #expect(Self.files(disk).allSatisfy { !$0.hasPrefix(".") }, "no temporary file left: \(Self.files(disk))")
        }
    }

    @Test(.enabled(if: canMount, "needs root and the right to mount a tmpfs"))
    func aReadOnlyFileSystemIsOneLineBeforeAnyConversion() throws {
        try Self.withTmpfs(size: "64k") { disk in
            let mount = try #require(Self.mount)
            try #require(try run(mount, ["-o", "remount,ro", disk.path]).status == 0)
            let r = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "-o", disk.path])
            #expect(r.status == 1)
            #expect(r.err.split(separator: "\n").count == 1, "stderr: \(r.err)")
            #expect(r.err.contains(disk.path) && r.err.contains("read-only"), "stderr: \(r.err)")
            let sub = try Self.folio(["convert", try Fixtures.path("two-page.pdf"), "-o", disk.path + "/new/deeper"])
            #expect(sub.status == 1)
            #expect(sub.err.split(separator: "\n").count == 1 && sub.err.contains("cannot create"), "\(sub.err)")
        }
    }
}
