import FolioModel
import Foundation
import PopplerKit
import Testing

/// Generated bad inputs, all in one `folio convert` run: each gets its one-line
/// reason, the good inputs beside them still convert, and the run stays within
/// ceilings that catch a runaway (the real targets are `make bench`'s).
@Suite("Bad inputs")
struct BadInputTests {
    struct Measured {
        var status: Int32
        var stderr: String
        var peakMB: Int
        var seconds: Double
    }

    /// Runs folio under python3's resource module: the peak RSS of that one child.
    static func measured(_ args: [String], in dir: URL) throws -> Measured {
        let exe = try #require(CLITests.executable)
        let python = try #require(which("python3"))
        let script = """
            import json, resource, subprocess, sys, time
            t = time.time()
            r = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors="replace")
            print(json.dumps({"status": r.returncode, "stderr": r.stderr, "seconds": time.time() - t,
                              "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
            """
        let r = try run(python, ["-c", script, exe.path] + args, currentDirectory: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any], "\(r.err)")
        return Measured(
            status: Int32(object["status"] as? Int ?? -1), stderr: object["stderr"] as? String ?? "",
            peakMB: (object["peak_kb"] as? Int ?? 0) / 1024, seconds: object["seconds"] as? Double ?? 0)
    }

    /// name → bytes, and the reason its line must give (nil: it converts).
    static func inputs() throws -> [(String, Data, String?)] {
        let twoPage = try Fixtures.data("two-page.pdf")
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<300_000).map { _ in UInt8.random(in: 0...255, using: &random) })
        return [
            ("zero-bytes.pdf", Data(), "empty"),
            ("not-a-pdf.pdf", Data("Just some words, not a PDF.\n".utf8), "not a PDF"),
            ("truncated-head.pdf", twoPage.prefix(40), "damaged"),
            ("truncated-half.pdf", twoPage.prefix(twoPage.count / 2), "damaged"),
            ("encrypted.pdf", try Fixtures.data("encrypted.pdf"), "password"),
            ("png-named.pdf", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + noise.prefix(500), "not a PDF"),
            ("binary.txt", noise, "not a text file"),
            ("png.txt", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + noise.prefix(500), "PNG"),
            ("utf16.txt", Data([0xFF, 0xFE]) + "Zürich café, a UTF-16 text.\n".data(using: .utf16LittleEndian)!, nil),
            ("latin1.txt", Data("caf".utf8) + Data([0xE9]) + Data(" cr\u{E8}me\n".utf8), nil),
            ("huge-page.pdf", MiniPDF.imagePage(side: 4700), nil),
            ("corrupt-xref.pdf", misdirectedXref(twoPage), nil),
            ("zero-pages.pdf", MiniPDF.noPages(), "no pages"),
            ("page-tree-cycle.pdf", MiniPDF.loopingPageTree(), nil),
            ("nested.pdf", MiniPDF.nestedContent(depth: 100_000), nil),
            ("bomb.pdf", try bomb(megabytes: 64), nil),
            ("pages-2000.pdf", MiniPDF.pages((1...2000).map { "Page \($0) of a long report says little." }), nil),
            ("good.pdf", twoPage, nil),
        ]
    }

    /// `pdf` with its `startxref` pointing into the header: a reader must rebuild
    /// the cross-reference table from the objects themselves.
    static func misdirectedXref(_ pdf: Data) -> Data {
        let text = String(data: pdf, encoding: .isoLatin1)!
        guard let mark = text.range(of: "startxref", options: .backwards) else { return pdf }
        let digits = text[mark.upperBound...].drop { $0.isWhitespace }.prefix { $0.isNumber }
        return (text[..<digits.startIndex] + "9" + text[digits.endIndex...]).data(using: .isoLatin1)!
    }

    /// A one-page PDF whose content stream inflates from about 1/1000 of
    /// `megabytes` to that many megabytes of spaces, then one line of text
    /// (compressed by python3's zlib: Foundation on Linux has no deflate).
    static func bomb(megabytes: Int) throws -> Data {
        let python = try #require(which("python3"))
        let script = """
            import sys, zlib
            c = zlib.compressobj(9)
            z = b"".join(c.compress(b" " * (1 << 20)) for _ in range(\(megabytes)))
            z += c.compress(b"\\nBT /F1 12 Tf 72 700 Td (After a bomb.) Tj ET\\n") + c.flush()
            sys.stdout.buffer.write(z)
            """
        let r = try run(python, ["-c", script])
        #expect(r.status == 0, "\(r.err)")
        return MiniPDF.deflatedPage(r.stdout)
    }

    @Test func eachBadInputGetsItsLineAndTheRestConverts() throws {
        let dir = try TempDir("folio-bad")
        defer { dir.cleanUp() }
        let cases = try Self.inputs()
        for (name, bytes, _) in cases { try bytes.write(to: dir.file(name)) }
        try FileManager.default.createDirectory(at: dir.file("folder.pdf"), withIntermediateDirectories: true)
        let all = cases.map(\.0) + ["folder.pdf"]
        let m = try Self.measured(["convert"] + all + ["-f", "json", "-o", "out"], in: dir.url)
        let lines = m.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("folio: ") && !$0.hasPrefix("folio: warning: ") }
        var table = ["input | result"]
        for (name, _, reason) in cases + [("folder.pdf", Data(), "is a folder")] {
            let line = errors.first { $0.hasPrefix("folio: \(name): ") }
            let converted = FileManager.default.fileExists(
                atPath: dir.file("out/\((name as NSString).deletingPathExtension).json").path)
            table.append("\(name) | " + (line.map { String($0.dropFirst("folio: ".count)) } ?? "converted"))
            if let reason {
                #expect(line?.contains(reason) == true, "\(name): \(m.stderr)")
                #expect(!converted, "\(name) has an output")
            } else {
                #expect(line == nil && converted, "\(name) did not convert: \(m.stderr)")
            }
        }
        // The hostile files that convert keep their text.
        let kept = [
            "bomb": "After a bomb.", "nested": "After deep nesting.", "page-tree-cycle": "A page in a looping tree.",
            "pages-2000": "Page 2000 of a long report",
        ]
        for (stem, phrase) in kept {
            let json = try? String(contentsOf: dir.file("out/\(stem).json"), encoding: .utf8)
            #expect(json?.contains(phrase) == true, "\(stem).json lacks “\(phrase)”")
        }
        // A misdirected cross-reference table costs nothing: the same blocks as the intact file.
        let blocks = { (stem: String) in
            (try? Data(contentsOf: dir.file("out/\(stem).json"))).flatMap {
                try? JSONDecoder().decode(Document.self, from: $0)
            }?
            .chapters.flatMap(\.blocks).map(\.text)
        }
        #expect(blocks("corrupt-xref") == blocks("good") && blocks("good")?.isEmpty == false)
        print(table.joined(separator: "\n"))
        print("bad inputs: status \(m.status), peak \(m.peakMB) MB, \(String(format: "%.1f", m.seconds)) s")
        #expect(m.status == 1)
        #expect(errors.count == all.count - cases.filter { $0.2 == nil }.count, "one line each: \(m.stderr)")
        #expect(!m.stderr.contains("Error Domain"))
        // Ceilings that catch a runaway (a 4700-pt page rendered whole took 2 GB).
        #expect(m.peakMB < 1024, "peak RSS \(m.peakMB) MB")
        #expect(m.seconds < 120)
    }

    /// A text of a million lines and no form feed is one page of a million lines:
    /// every step that compares a page's lines with each other meets it at once.
    /// Its own run, with the same kind of ceilings (it alone takes about half a
    /// minute in the debug build `make test` runs; its speed is `make bench`'s).
    @Test func aMillionLineTextConvertsWithinTheCeilings() throws {
        let dir = try TempDir("folio-lines")
        defer { dir.cleanUp() }
        try Data(String(repeating: "x\n", count: 1_000_000).utf8).write(to: dir.file("lines-1m.txt"))
        let m = try Self.measured(["convert", "lines-1m.txt", "-f", "json", "-o", "out"], in: dir.url)
        print("1M-line text: status \(m.status), peak \(m.peakMB) MB, \(String(format: "%.1f", m.seconds)) s")
        #expect(m.status == 0, "\(m.stderr)")
        let json = try Data(contentsOf: dir.file("out/lines-1m.json"))
        let doc = try JSONDecoder().decode(Document.self, from: json)
        #expect(doc.pages.count == 1)
        // Every line's word comes out somewhere: in the blocks, or as the page's
        // furniture (the last `x` reads as a page number, roman ten).
        let texts = doc.chapters.flatMap(\.blocks).map(\.text) + doc.pages.flatMap(\.furniture).map(\.text)
        let words = texts.reduce(0) { $0 + $1.split(separator: " ").count }
        #expect(words == 1_000_000)
        #expect(m.peakMB < 2048, "peak RSS \(m.peakMB) MB")
        #expect(m.seconds < 120)
    }

    /// Ordinary pages keep the asked dpi; a huge one gets the highest whole dpi within the budget.
    @Test func renderResolutionIsCappedByThePixelBudget() {
        #expect(RenderBudget.dpi(for: 300, width: 612, height: 792) == 300)
        #expect(RenderBudget.dpi(for: 300, width: 1191, height: 1684) == 300)  // A2
        let huge = RenderBudget.dpi(for: 300, width: 4700, height: 4700)
        let pixels = { (d: Int) in ((4700 * Double(d) / 72).rounded(.up)) * ((4700 * Double(d) / 72).rounded(.up)) }
        #expect(huge < 300 && pixels(huge) <= Double(RenderBudget.maxPixelsPerPage))
        #expect(pixels(huge + 1) > Double(RenderBudget.maxPixelsPerPage), "the highest dpi that fits: \(huge)")
    }
}
