import FolioModel
import Foundation
import PopplerKit
import Testing

/// `folio inspect`, run as a user would: page images with the regions drawn on
/// them and the index.html review page.
@Suite("Inspect")
struct InspectTests {
    // MARK: - Running things

    static let executable = CLITests.executable

    static func folio(_ args: [String]) throws -> ProcessResult { try CLITests.folio(args) }

    static let chromium: URL? = which("chromium") ?? which("chromium-browser") ?? which("google-chrome")

    /// Blocks of `file` (as `folio convert` writes them) that start on one of `pages`.
    static func convertedBlocks(_ file: String, pages: ClosedRange<Int>) throws -> [Block] {
        let dir = try TempDir("folio-inspect-json")
        defer { dir.cleanUp() }
        let r = try folio(["convert", file, "--format", "json", "--output", dir.url.path, "--quiet"])
        try #require(r.status == 0, "convert failed: \(r.err)")
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let doc = try JSONDecoder().decode(Document.self, from: Data(contentsOf: dir.file("\(stem).json")))
        return doc.allBlocks.map(\.block).filter { pages.contains($0.page) }
    }

    // MARK: - Reading images and HTML (independent of the product's code)

    /// Width and height from a PNG's IHDR chunk; nil when the file is not a PNG.
    static func pngSize(_ url: URL) -> (width: Int, height: Int)? {
        guard let data = try? Data(contentsOf: url), data.count > 33 else { return nil }
        let bytes = [UInt8](data.prefix(33))
        guard bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A][...],
            String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
        else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    /// Pixels whose channels differ by at least `spread`: colour, not grey.
    static func colouredPixels(_ image: RGBAImage, spread: Int = 50) -> Int {
        var n = 0
        for i in stride(from: 0, to: image.pixels.count, by: 4) {
            let r = Int(image.pixels[i])
            let g = Int(image.pixels[i + 1])
            let b = Int(image.pixels[i + 2])
            if max(r, g, b) - min(r, g, b) >= spread { n += 1 }
        }
        return n
    }

    /// Light yellow-green pixels, the shading of OCR words read with middling to
    /// high confidence (green well above blue, even under a region's light fill):
    /// no region kind is drawn in these colours.
    static func confidenceShadedPixels(_ image: RGBAImage) -> Int {
        var n = 0
        for i in stride(from: 0, to: image.pixels.count, by: 4) {
            let r = Int(image.pixels[i])
            let g = Int(image.pixels[i + 1])
            let b = Int(image.pixels[i + 2])
            if b > 110 && g - b >= 30 && r <= g + 10 { n += 1 }
        }
        return n
    }

    /// Text of an HTML document: tags dropped, entities decoded.
    static func textOf(html: String) -> String {
        var s = html
        for block in ["style", "script"] {
            while let open = s.range(of: "<\(block)"),
                let close = s.range(of: "</\(block)>", range: open.upperBound..<s.endIndex)
            {
                s.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        s = s.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, char) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "),
            ("&amp;", "&"),
        ] {
            s = s.replacingOccurrences(of: entity, with: char)
        }
        return s
    }

    /// Every `src` of an `<img>` in `html`.
    static func imageSources(_ html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"<img\b[^>]*\bsrc\s*=\s*"([^"]*)""#, options: [.caseInsensitive])
        let ns = html as NSString
        return regex.matches(in: html, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1)).replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// The first words of a block: enough to identify it, and all on its first page
    /// even when the block continues on the next one.
    static func opening(_ block: Block) -> String {
        TextMetrics.words(block.text).prefix(8).joined(separator: " ")
    }

    static func missingBlocks(_ blocks: [Block], in text: String) -> [String] {
        let haystack = TextMetrics.normalized(text)
        return blocks.map(opening).filter { !$0.isEmpty && !haystack.contains($0) }
    }

    // MARK: - Text-layer PDF

    @Test func drawsTheSelectedPagesOfAPDF() throws {
        let dir = try TempDir("folio-inspect")
        defer { dir.cleanUp() }
        let out = dir.file("out")
        let sample = Repo.sampleReport.path
        let r = try Self.folio(["inspect", sample, "--pages", "4-5", "--output", out.path, "--dpi", "100"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.out.isEmpty)
        #expect(r.err.contains("page-004.png"), "progress lines on stderr: \(r.err)")

        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["index.html", "page-004.png", "page-005.png"])

        // Valid PNGs of the page size at 100 dpi.
        let document = try PDFDocument(path: sample)
        let plainDir = dir.file("plain")
        try FileManager.default.createDirectory(at: plainDir, withIntermediateDirectories: true)
        let pdftoppm = try #require(which("pdftoppm"), "pdftoppm (poppler-utils) is needed for the plain rendering")
        let plain = try run(
            pdftoppm, ["-r", "100", "-png", "-f", "4", "-l", "5", sample, plainDir.appendingPathComponent("p").path])
        try #require(plain.status == 0, "pdftoppm: \(plain.err)")
        let plainFiles = try FileManager.default.contentsOfDirectory(atPath: plainDir.path).sorted()
        try #require(plainFiles.count == 2, "pdftoppm wrote \(plainFiles)")

        for (i, number) in [4, 5].enumerated() {
            let png = out.appendingPathComponent(String(format: "page-%03d.png", number))
            let size = try #require(Self.pngSize(png), "\(png.lastPathComponent) is not a PNG")
            let page = try #require(document.page(at: number - 1))
            let expectedWidth = Int((page.size.width * 100 / 72).rounded(.up))
            let expectedHeight = Int((page.size.height * 100 / 72).rounded(.up))
            #expect(
                abs(size.width - expectedWidth) <= 1 && abs(size.height - expectedHeight) <= 1,
                "\(png.lastPathComponent): \(size) for a \(page.size) pt page at 100 dpi")

            let drawn = try #require(RGBAImage.readPNG(path: png.path))
            let reference = try #require(RGBAImage.readPNG(path: plainDir.appendingPathComponent(plainFiles[i]).path))
            #expect(drawn.width == size.width && drawn.height == size.height)
            // The plain page is (almost) grey; the boxes, labels and fills add colour.
            let before = Self.colouredPixels(reference)
            let after = Self.colouredPixels(drawn)
            #expect(after > before + 10_000, "page \(number): \(after) coloured pixels vs \(before) on the plain page")
            // Same page underneath: where nothing is drawn the pixels match pdftoppm's.
            if reference.width == drawn.width && reference.height == drawn.height {
                var differing = 0
                for j in stride(from: 0, to: drawn.pixels.count, by: 4)
                where abs(Int(drawn.pixels[j]) - Int(reference.pixels[j])) > 24
                    || abs(Int(drawn.pixels[j + 2]) - Int(reference.pixels[j + 2])) > 24
                {
                    differing += 1
                }
                let share = Double(differing) / Double(drawn.width * drawn.height)
                #expect(share > 0.01 && share < 0.6, "page \(number): \(share) of the pixels differ from pdftoppm's")
            }
        }

        // index.html lists every block of those pages.
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let blocks = try Self.convertedBlocks(sample, pages: 4...5)
        #expect(!blocks.isEmpty)
        #expect(Self.missingBlocks(blocks, in: Self.textOf(html: html)) == [])
        #expect(html.components(separatedBy: "class=\"region\"").count - 1 >= blocks.count)
        #expect(Set(Self.imageSources(html)) == ["page-004.png", "page-005.png"])
        // Chapter banner with title and authors, legend, method per page.
        #expect(html.contains("Rivers Without Passports"))
        #expect(html.contains("Ana María Quiroga"))
        #expect(html.contains("Legend"))
        for kind in ["paragraph", "heading", "running_header", "page_number"] { #expect(html.contains(kind)) }
        #expect(html.contains("Page 4"))
        #expect(!html.contains("Page 3 "), "only the selected pages are listed")
    }

    @Test(
        .enabled(if: InspectTests.chromium != nil, "skipped: chromium is not installed (apt-get install chromium)"))
    func indexLoadsInABrowser() throws {
        let chromium = try #require(Self.chromium)
        let dir = try TempDir("folio-inspect-dom")
        defer { dir.cleanUp() }
        let out = dir.file("out")
        let sample = Repo.sampleReport.path
        let r = try Self.folio(["inspect", sample, "--pages", "4-5", "--output", out.path, "--quiet"])
        #expect(r.status == 0, "stderr: \(r.err)")
        #expect(r.err.isEmpty, "--quiet prints nothing: \(r.err)")

        let index = out.appendingPathComponent("index.html")
        let dom = try run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.file("profile").path)",
                "--dump-dom", index.absoluteString,
            ])
        #expect(dom.status == 0, "chromium: \(dom.err.suffix(500))")
        #expect(dom.out.contains("</html>"), "no DOM dumped; stderr: \(dom.err.suffix(500))")

        let sources = Self.imageSources(dom.out)
        #expect(sources.count == 2)
        for src in sources {
            let file = URL(string: src, relativeTo: index)?.standardizedFileURL
            #expect(file.map { FileManager.default.fileExists(atPath: $0.path) } == true, "<img src=\(src)> is missing")
        }
        let blocks = try Self.convertedBlocks(sample, pages: 4...5)
        #expect(Self.missingBlocks(blocks, in: Self.textOf(html: dom.out)) == [])
    }

    @Test func pageListsAndRanges() throws {
        let dir = try TempDir("folio-inspect-pages")
        defer { dir.cleanUp() }
        let r = try Self.folio([
            "inspect", Repo.sampleReport.path, "--pages", "1,3-4,3", "--dpi", "30", "--output", dir.url.path, "-q",
        ])
        #expect(r.status == 0, "stderr: \(r.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        #expect(files == ["index.html", "page-001.png", "page-003.png", "page-004.png"])
        #expect(Self.pngSize(dir.file("page-001.png")).map { [$0.width, $0.height] } == [255, 330])
    }

    @Test func defaultOutputIsInspectName() throws {
        let dir = try TempDir("folio-inspect-default")
        defer { dir.cleanUp() }
        let exe = try #require(Self.executable)
        let r = try run(
            exe, ["inspect", Repo.sampleReport.path, "--pages", "2", "--dpi", "30"], currentDirectory: dir.url)
        #expect(r.status == 0, "stderr: \(r.err)")
        let out = dir.url.appendingPathComponent("inspect/sample-report")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["index.html", "page-002.png"])
    }

    // MARK: - OCR

    @Test func scannedPageShowsOCRWordConfidence() throws {
        let dir = try TempDir("folio-inspect-ocr")
        defer { dir.cleanUp() }
        let ocr = dir.file("ocr")
        let text = dir.file("text")
        let r = try Self.folio(["inspect", try Fixtures.path("scanned.pdf"), "--output", ocr.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let t = try Self.folio(["inspect", Repo.sampleReport.path, "--pages", "4", "--output", text.path, "-q"])
        #expect(t.status == 0, "stderr: \(t.err)")

        let scanned = try #require(RGBAImage.readPNG(path: ocr.appendingPathComponent("page-001.png").path))
        let textLayer = try #require(RGBAImage.readPNG(path: text.appendingPathComponent("page-004.png").path))
        // Word boxes shaded red→green cover the OCR page; a text-layer page has none.
        let shadedOCR = Self.confidenceShadedPixels(scanned)
        let shadedText = Self.confidenceShadedPixels(textLayer)
        #expect(shadedOCR > 5_000, "OCR page: \(shadedOCR) confidence-shaded pixels")
        #expect(shadedOCR > 10 * max(1, shadedText), "OCR \(shadedOCR) vs text layer \(shadedText)")
        // More colour per line of text than the text-layer page, though it holds far less text.
        let blocksOCR = try Self.convertedBlocks(try Fixtures.path("scanned.pdf"), pages: 1...1)
        let blocksText = try Self.convertedBlocks(Repo.sampleReport.path, pages: 4...4)
        let wordsOCR = blocksOCR.reduce(0) { $0 + TextMetrics.words($1.text).count }
        let wordsText = blocksText.reduce(0) { $0 + TextMetrics.words($1.text).count }
        let perWordOCR = Double(Self.colouredPixels(scanned, spread: 40)) / Double(max(1, wordsOCR))
        let perWordText = Double(Self.colouredPixels(textLayer, spread: 40)) / Double(max(1, wordsText))
        #expect(perWordOCR > perWordText, "coloured pixels per word: OCR \(perWordOCR), text layer \(perWordText)")

        let html = try String(contentsOf: ocr.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains(">ocr<"), "the page's method is shown")
        #expect(html.contains("OCR words"))
        #expect(Self.missingBlocks(blocksOCR, in: Self.textOf(html: html)) == [])
    }

    // MARK: - Text input

    @Test func textInputGivesTheReviewPageOnly() throws {
        let dir = try TempDir("folio-inspect-txt")
        defer { dir.cleanUp() }
        let input = try Fixtures.path("two-page.txt")
        let r = try Self.folio(["inspect", input, "--output", dir.url.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(files == ["index.html"])
        let html = try String(contentsOf: dir.file("index.html"), encoding: .utf8)
        #expect(Self.imageSources(html).isEmpty)
        let blocks = try Self.convertedBlocks(input, pages: 1...Int.max)
        #expect(!blocks.isEmpty)
        #expect(Self.missingBlocks(blocks, in: Self.textOf(html: html)) == [])
    }

    // MARK: - Errors

    @Test func pagesOutOfRangeIsAUsageError() throws {
        let dir = try TempDir("folio-inspect-range")
        defer { dir.cleanUp() }
        let out = dir.file("out")
        let r = try Self.folio(["inspect", Repo.sampleReport.path, "--pages", "99", "--output", out.path])
        #expect(r.status == 2, "stderr: \(r.err)")
        #expect(r.err.contains("99"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written on a usage error")

        let txt = try Self.folio(["inspect", try Fixtures.path("two-page.txt"), "--pages", "40", "--output", out.path])
        #expect(txt.status == 2, "stderr: \(txt.err)")

        for bad in ["0", "5-3", "abc", "3,", "-2", "1-2-3"] {
            let b = try Self.folio(["inspect", Repo.sampleReport.path, "--pages", bad, "--output", out.path])
            #expect(b.status == 2, "--pages \(bad): status \(b.status)")
        }
    }

    @Test(arguments: ["not-a-pdf.pdf", "damaged.pdf", "encrypted.pdf", "no-such-file.pdf"])
    func unreadableInputFailsLikeConvert(_ name: String) throws {
        let dir = try TempDir("folio-inspect-bad")
        defer { dir.cleanUp() }
        let path = try Fixtures.path(name)
        let inspect = try Self.folio(["inspect", path, "--output", dir.file("i").path])
        let convert = try Self.folio(["convert", path, "--output", dir.file("c").path])
        #expect(inspect.status == 1)
        let lines = inspect.err.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(inspect.err)")
        #expect(inspect.err == convert.err, "inspect: \(inspect.err) convert: \(convert.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("i").path))
    }

    // MARK: - Drawing (PopplerKit)

    @Test func overlaysAreDrawnWhereTheyAreAsked() throws {
        let dir = try TempDir("folio-inspect-draw")
        defer { dir.cleanUp() }
        let images = try PDFPageImages(path: Fixtures.path("two-page.pdf"))
        let png = dir.file("p.png").path
        let cyan = OverlayColor(hex: 0x00C0E0)
        let red = OverlayColor(hex: 0xFF0000)
        try images.renderPNG(
            page: 0, to: png, dpi: 72,
            overlays: [
                .verticalLine(x: 300, color: cyan, lineWidth: 2, dashed: false),
                .rect(x0: 100, y0: 400, x1: 200, y1: 450, fill: red.withAlpha(0.5), stroke: red, label: "1 paragraph"),
            ])
        let image = try #require(RGBAImage.readPNG(path: png))
        func pixel(_ x: Int, _ y: Int) -> [UInt8] {
            let i = (y * image.width + x) * 4
            return Array(image.pixels[i..<(i + 3)])
        }
        // The line runs the whole height at x = 300 (72 dpi: 1 pt = 1 px).
        for y in [1, image.height / 2, image.height - 2] {
            let p = pixel(300, y)
            #expect(p[2] > 150 && p[0] < 100, "line pixel at y \(y): \(p)")
        }
        // Inside the rect: half-transparent red over the page.
        let inside = pixel(150, 440)
        #expect(inside[0] > 200 && inside[1] < 200 && inside[2] < 200, "\(inside)")
        // The label sits by the rect's top-left corner, outside the rect.
        var labelPixels = 0
        for y in 380..<420 {
            for x in 20..<100 where pixel(x, y)[0] > 200 && pixel(x, y)[1] < 60 { labelPixels += 1 }
        }
        #expect(labelPixels > 100, "label left of the box: \(labelPixels) red pixels")
    }
}
