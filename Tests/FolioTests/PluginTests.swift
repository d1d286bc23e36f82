import FolioModel
import Foundation
import Testing

/// Helpers for tests that drive `folio` with plugins and filters.
enum PluginHarness {
    static var examples: URL { Repo.root.appendingPathComponent("Plugins/examples") }

    /// Runs the built `folio` with `extraEnvironment` added to this process's environment.
    static func folio(_ args: [String], environment extra: [String: String] = [:], input: Data? = nil) throws
        -> ProcessResult
    {
        let exe = try #require(CLITests.executable, "the folio executable was not built")
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        return try run(exe, args, input: input, environment: env)
    }

    /// Writes an executable script into `dir`.
    @discardableResult
    static func script(_ name: String, in dir: TempDir, _ body: String) throws -> URL {
        let url = dir.file(name)
        try Data(body.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    static func document(at url: URL) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(contentsOf: url))
    }

    static func files(in dir: TempDir) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
    }
}

@Suite("Plugins: external exporters and filters")
struct PluginTests {
    typealias H = PluginHarness

    // MARK: - Discovery and listing

    @Test func exportersListsBuiltInHTMLAndExamplePlugins() throws {
        let r = try H.folio(["exporters", "--plugins", H.examples.path])
        #expect(r.status == 0, "stderr: \(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        let names = lines.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(Array(names.prefix(4)) == ["json", "csv", "md", "html"])
        let html = try #require(lines.first { $0.hasPrefix("html ") })
        #expect(html.contains("(built in)"))
        let wordcount = try #require(lines.first { $0.hasPrefix("wordcount ") }, "\(r.out)")
        #expect(wordcount.contains(".words.csv"))
        #expect(wordcount.contains(H.examples.appendingPathComponent("folio-export-wordcount").path))
    }

    @Test func pluginPathEnvironmentAndPATHAreSearched() throws {
        let viaEnv = try TempDir("folio-plugin-env")
        let viaPath = try TempDir("folio-plugin-path")
        let out = try TempDir()
        defer { [viaEnv, viaPath, out].forEach { $0.cleanUp() } }
        // Neither answers --extension properly; Folio runs that query in a scratch folder.
        try H.script("folio-export-copy", in: viaEnv, "#!/bin/sh\ncat > \"$1\"\n")
        try H.script("folio-export-count", in: viaPath, "#!/bin/sh\nwc -c > \"$1\"\n")
        try H.script("folio-export-Bad.py", in: viaPath, "#!/bin/sh\nexit 0\n")  // not a format name
        let env = [
            "FOLIO_PLUGIN_PATH": "/nonexistent:" + viaEnv.url.path,
            "PATH": viaPath.url.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let list = try H.folio(["exporters"], environment: env)
        #expect(list.status == 0)
        #expect(list.out.contains("copy") && list.out.contains(viaEnv.file("folio-export-copy").path))
        #expect(list.out.contains("count") && list.out.contains(viaPath.file("folio-export-count").path))
        #expect(!list.out.contains("Bad.py"))

        let r = try H.folio(
            ["convert", try Fixtures.path("two-page.pdf"), "--format", "copy,count", "--output", out.url.path, "-q"],
            environment: env)
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/--extension"))
        #expect(try H.files(in: out) == ["two-page.copy", "two-page.count"])
        // The copy plugin received exactly the document JSON.
        let copied = try H.document(at: out.file("two-page.copy"))
        #expect(copied.schema == Document.schemaID)
        #expect(copied.source.file == "two-page.pdf")
    }

    // MARK: - The examples

    @Test func wordcountExampleWritesWordsPerChapter() throws {
        let out = try TempDir()
        defer { out.cleanUp() }
        let r = try H.folio([
            "convert", Repo.sampleReport.path, "--plugins", H.examples.path, "--format", "json,wordcount",
            "--output", out.url.path,
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(try H.files(in: out) == ["sample-report.json", "sample-report.words.csv"])
        let document = try H.document(at: out.file("sample-report.json"))
        let csv = try String(contentsOf: out.file("sample-report.words.csv"), encoding: .utf8)
        let rows = csv.split(whereSeparator: \.isNewline).map(String.init)
        #expect(rows.first == "chapter,title,body_words,all_words,blocks")
        #expect(rows.count == document.chapters.count + 1)
        for (chapter, row) in zip(document.chapters, rows.dropFirst()) {
            #expect(row.hasPrefix("\(chapter.index),"))
            if let title = chapter.title, !title.contains(",") { #expect(row.contains(title)) }
            let fields = row.split(separator: ",")
            let body = Int(fields[fields.count - 3]) ?? -1
            let expected = chapter.blocks.filter(\.kind.isBody).reduce(0) { $0 + TextMetrics.words($1.text).count }
            // The plugin's own word rule is close to, not identical with, the test's.
            #expect(
                body > 0 && abs(body - expected) <= expected / 10, "chapter \(chapter.index): \(body) vs \(expected)")
            #expect(fields.last.map(String.init) == "\(chapter.blocks.count)")
        }
    }

    @Test func swiftExampleCompiledWithSwiftc() throws {
        let swiftc = try #require(which("swiftc"), "swiftc is not on PATH")
        let bin = try TempDir("folio-swift-plugin")
        let out = try TempDir()
        defer { [bin, out].forEach { $0.cleanUp() } }
        let source = H.examples.appendingPathComponent("swift-exporter/folio-export-titles.swift")
        let exe = bin.file("folio-export-titles")
        let compiled = try run(swiftc, [source.path, "-o", exe.path])
        #expect(compiled.status == 0, "swiftc: \(compiled.err)")
        try #require(FileManager.default.isExecutableFile(atPath: exe.path))

        let r = try H.folio([
            "convert", Repo.sampleReport.path, "--plugins", bin.url.path, "--format", "json,titles",
            "--output", out.url.path,
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        // The plugin answers --extension with "txt".
        #expect(try H.files(in: out) == ["sample-report.json", "sample-report.txt"])
        let document = try H.document(at: out.file("sample-report.json"))
        let lines = try String(contentsOf: out.file("sample-report.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "# " + (document.title ?? "(untitled)"))
        #expect(lines.count == document.chapters.count + 1)
        for (chapter, line) in zip(document.chapters, lines.dropFirst()) {
            #expect(line == "\(chapter.index)\t\(chapter.title ?? "")\t\(chapter.authors.joined(separator: "; "))")
        }
    }

    // MARK: - Exporter failures

    @Test func failingPluginFailsOnlyItsOwnOutput() throws {
        let plugins = try TempDir("folio-plugins")
        let out = try TempDir()
        defer { [plugins, out].forEach { $0.cleanUp() } }
        try H.script("folio-export-boom", in: plugins, "#!/bin/sh\necho boom >&2\necho more detail >&2\nexit 3\n")
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--plugins", plugins.url.path, "--format", "json,boom,md",
            "--output", out.url.path,
        ])
        #expect(r.status == 1)
        let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("folio:") }
        #expect(errors.count == 1, "stderr: \(r.err)")
        let line = String(errors.first ?? "")
        #expect(line.contains("two-page.pdf"))
        #expect(line.contains("'boom'"))
        #expect(line.contains("exit status 3"))
        #expect(line.contains(": boom"), "the plugin's stderr is shown: \(line)")
        #expect(line.contains("more detail"))
        // The other formats are written; nothing half-done is left behind.
        #expect(try H.files(in: out) == ["two-page.json", "two-page.md"])
    }

    // The limit guards against a hang; the check is `elapsed` below. The whole
    // suite runs folio many times at once on two cores, so the test may wait
    // minutes for a thread before and after its own few seconds of work.
    @Test func hangingPluginIsStoppedAfterTheTimeout() throws {
        let plugins = try TempDir("folio-plugins")
        let out = try TempDir()
        defer { [plugins, out].forEach { $0.cleanUp() } }
        // Hangs on everything, including `--extension` (which gets 5 s, then the name is used).
        try H.script("folio-export-stuck", in: plugins, "#!/bin/sh\necho starting >&2\nsleep 60\n")
        let started = Date()
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--plugins", plugins.url.path, "--format", "stuck,json",
            "--plugin-timeout", "2", "--output", out.url.path,
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 1)
        #expect(elapsed < 30, "took \(elapsed) s")
        let line = try #require(r.err.split(separator: "\n").first { $0.hasPrefix("folio:") }, "stderr: \(r.err)")
        #expect(line.contains("'stuck'"))
        #expect(line.contains("timed out after 2 s"))
        #expect(line.contains("starting"))
        #expect(try H.files(in: out) == ["two-page.json"])
    }

    @Test func extensionAnswerIsUsedWhenItIsOneToken() throws {
        let plugins = try TempDir("folio-plugins")
        let out = try TempDir()
        defer { [plugins, out].forEach { $0.cleanUp() } }
        let body = { (answer: String) in
            "#!/bin/sh\nif [ \"$1\" = --extension ]; then echo '\(answer)'; exit 0; fi\necho x > \"$1\"\n"
        }
        try H.script("folio-export-good", in: plugins, body(".xyz"))
        try H.script("folio-export-chatty", in: plugins, body("this is not an extension"))
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--plugins", plugins.url.path, "--format", "good,chatty",
            "--output", out.url.path,
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(try H.files(in: out) == ["two-page.chatty", "two-page.xyz"])
    }

    @Test func pluginCanWriteToStandardOutput() throws {
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--plugins", H.examples.path, "--format", "wordcount",
            "--output", "-",
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.hasPrefix("chapter,title,body_words,all_words,blocks"))
        #expect(r.out.split(whereSeparator: \.isNewline).count == 2)
    }

    // MARK: - Filters

    static let uppercase = """
        #!/usr/bin/env python3
        import json, sys
        doc = json.load(sys.stdin)
        for chapter in doc["chapters"]:
            for block in chapter["blocks"]:
                if block["kind"] == "paragraph":
                    block["text"] = block["text"].upper()
        json.dump(doc, sys.stdout)
        """

    @Test func filterUppercasesEveryParagraph() throws {
        let filters = try TempDir("folio-filters")
        let plain = try TempDir()
        let out = try TempDir()
        defer { [filters, plain, out].forEach { $0.cleanUp() } }
        let upper = try H.script("upper.py", in: filters, Self.uppercase)
        let pdf = Repo.sampleReport.path
        let r0 = try H.folio(["convert", pdf, "--format", "json", "--output", plain.url.path, "-q"])
        let r = try H.folio(["convert", pdf, "--filter", upper.path, "--format", "json,md", "--output", out.url.path])
        #expect(r0.status == 0 && r.status == 0, "stderr: \(r.err)")
        let before = try H.document(at: plain.file("sample-report.json"))
        let after = try H.document(at: out.file("sample-report.json"))
        #expect(before.allBlocks.count == after.allBlocks.count)
        #expect(after.allBlocks.contains { $0.block.kind == .paragraph })
        for ((_, a), (_, b)) in zip(before.allBlocks, after.allBlocks) {
            #expect(a.kind == b.kind)
            #expect(b.text == (a.kind == .paragraph ? a.text.uppercased() : a.text))
        }
        // Exporters see the filtered document.
        let md = try String(contentsOf: out.file("sample-report.md"), encoding: .utf8)
        let paragraph = try #require(after.allBlocks.first { $0.block.kind == .paragraph }?.block.text)
        #expect(md.contains(String(paragraph.prefix(30))))
    }

    @Test func filterFoundByNameOnPATH() throws {
        let filters = try TempDir("folio-filters")
        defer { filters.cleanUp() }
        try H.script("folio-test-upper", in: filters, Self.uppercase)
        let path = filters.url.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let r = try H.folio(
            [
                "convert", try Fixtures.path("two-page.pdf"), "--filter", "folio-test-upper", "--format", "json",
                "--output", "-",
            ],
            environment: ["PATH": path])
        #expect(r.status == 0, "stderr: \(r.err)")
        let doc = try JSONDecoder().decode(Document.self, from: r.stdout)
        let paragraphs = doc.allBlocks.filter { $0.block.kind == .paragraph }.map(\.block.text)
        #expect(!paragraphs.isEmpty && paragraphs.allSatisfy { $0 == $0.uppercased() })
    }

    @Test func filtersRunInTheOrderGiven() throws {
        let filters = try TempDir("folio-filters")
        defer { filters.cleanUp() }
        let setTitle = try H.script(
            "set-title", in: filters,
            "#!/usr/bin/env python3\nimport json, sys\nd = json.load(sys.stdin)\nd['title'] = 'one'\njson.dump(d, sys.stdout)\n"
        )
        let append = try H.script(
            "append-title", in: filters,
            "#!/usr/bin/env python3\nimport json, sys\nd = json.load(sys.stdin)\nd['title'] = (d['title'] or '') + '+two'\njson.dump(d, sys.stdout)\n"
        )
        func title(_ order: [URL]) throws -> String? {
            let args = order.flatMap { ["--filter", $0.path] }
            let r = try H.folio(
                ["convert", try Fixtures.path("two-page.pdf")] + args + ["--format", "json", "--output", "-"])
            #expect(r.status == 0, "stderr: \(r.err)")
            return try JSONDecoder().decode(Document.self, from: r.stdout).title
        }
        #expect(try title([setTitle, append]) == "one+two")
        #expect(try title([append, setTitle]) == "one")
    }

    @Test func filterWritingInvalidJSONFailsTheDocument() throws {
        let filters = try TempDir("folio-filters")
        let out = try TempDir()
        defer { [filters, out].forEach { $0.cleanUp() } }
        let bad = try H.script("not-json", in: filters, "#!/bin/sh\ncat > /dev/null\necho '{\"schema\": oops'\n")
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--filter", bad.path, "--output", out.url.path,
        ])
        #expect(r.status == 1)
        let line = try #require(r.err.split(separator: "\n").first { $0.hasPrefix("folio:") }, "stderr: \(r.err)")
        #expect(line.contains("two-page.pdf"))
        #expect(line.contains("filter '\(bad.path)'"))
        #expect(line.contains("not valid JSON"))
        #expect(try H.files(in: out).isEmpty, "a failed document writes nothing")
    }

    @Test(arguments: [
        ("d['schema'] = 'folio/document@2'", "expected \"folio/document@1\""),
        ("del d['chapters']", "missing required field 'chapters'"),
        ("d['chapters'][0]['blocks'][0]['kind'] = 'sidebar'", "chapters[0].blocks[0].kind \"sidebar\" is not one of"),
        ("del d['chapters'][0]['blocks'][0]['text']", "missing required field 'chapters[0].blocks[0].text'"),
        ("d['pages'][0]['number'] = 'one'", "pages[0].number"),
    ])
    func filterWritingAnInvalidDocumentIsAClearError(edit: String, message: String) throws {
        let filters = try TempDir("folio-filters")
        let out = try TempDir()
        defer { [filters, out].forEach { $0.cleanUp() } }
        let filter = try H.script(
            "breaks-it", in: filters,
            "#!/usr/bin/env python3\nimport json, sys\nd = json.load(sys.stdin)\n\(edit)\njson.dump(d, sys.stdout)\n")
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--filter", filter.path, "--output", out.url.path,
        ])
        #expect(r.status == 1)
        #expect(r.err.contains("filter '\(filter.path)' wrote an invalid document"), "stderr: \(r.err)")
        #expect(r.err.contains(message), "stderr: \(r.err)")
        #expect(try H.files(in: out).isEmpty)
    }

    @Test func failingFilterShowsItsStderr() throws {
        let filters = try TempDir("folio-filters")
        defer { filters.cleanUp() }
        let filter = try H.script("sad", in: filters, "#!/bin/sh\necho 'cannot cope' >&2\nexit 4\n")
        let r = try H.folio([
            "convert", try Fixtures.path("two-page.pdf"), "--filter", filter.path, "--format", "json", "--output", "-",
        ])
        #expect(r.status == 1)
        #expect(r.err.contains("exit status 4") && r.err.contains("cannot cope"), "stderr: \(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func missingFilterOrPluginFolderIsAUsageError() throws {
        let pdf = try Fixtures.path("two-page.pdf")
        let r = try H.folio([
            "convert", pdf, "--filter", "no-such-filter-anywhere", "--output", "-", "--format", "json",
        ])
        #expect(r.status == 2)
        #expect(r.err.contains("no-such-filter-anywhere"))
        let d = try H.folio(["convert", pdf, "--plugins", "/no/such/folder", "--format", "json", "--output", "-"])
        #expect(d.status == 2)
        #expect(d.err.contains("/no/such/folder"))
        let t = try H.folio(["convert", pdf, "--plugin-timeout", "0", "--format", "json", "--output", "-"])
        #expect(t.status == 2)
    }

    @Test func convertHelpTeachesPluginsAndFilters() throws {
        let r = try H.folio(["convert", "--help"])
        #expect(r.status == 0)
        for text in ["--filter", "--plugins", "--plugin-timeout", "FOLIO_PLUGIN_PATH", "folio-export-NAME", "html"] {
            #expect(r.out.contains(text), "convert --help does not mention \(text)")
        }
    }
}
