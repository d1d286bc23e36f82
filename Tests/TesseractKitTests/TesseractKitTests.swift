import Foundation
import Testing

@testable import TesseractKit

// MARK: - Helpers

/// Minimal binary PGM (P5, maxval <= 255) reader; enough for pdftoppm output.
func loadPGM(_ url: URL, dpi: Int = 300) throws -> GrayImage {
    struct BadPGM: Error {}
    let data = [UInt8](try Data(contentsOf: url))
    var i = 0
    func token() throws -> String {
        // Skip whitespace and '#' comments, then read one whitespace-delimited token.
        while i < data.count {
            if data[i] == UInt8(ascii: "#") {
                while i < data.count && data[i] != UInt8(ascii: "\n") { i += 1 }
            } else if data[i] == 0x20 || (0x09...0x0d).contains(data[i]) {
                i += 1
            } else {
                break
            }
        }
        let start = i
        while i < data.count && !(data[i] == 0x20 || (0x09...0x0d).contains(data[i])) { i += 1 }
        guard i > start else { throw BadPGM() }
        return String(decoding: data[start..<i], as: UTF8.self)
    }
    guard try token() == "P5", let w = Int(try token()), let h = Int(try token()),
        let maxval = Int(try token()), maxval <= 255
    else { throw BadPGM() }
    i += 1  // exactly one whitespace byte precedes the raster
    guard data.count - i >= w * h else { throw BadPGM() }
    return GrayImage(width: w, height: h, pixels: Array(data[i..<(i + w * h)]), dpi: dpi)
}

func fixtureURL(_ name: String, _ ext: String) throws -> URL {
    try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
}

/// 1 - Levenshtein distance / length of the longer string, over
/// whitespace-collapsed text, so OCR line-break differences don't count.
func similarity(_ a: String, _ b: String) -> Double {
    func norm(_ s: String) -> [Character] {
        Array(s.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
    let x = norm(a), y = norm(b)
    if x.isEmpty || y.isEmpty { return x.count == y.count ? 1 : 0 }
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    let distance = prev[y.count]
    return 1 - Double(distance) / Double(max(x.count, y.count))
}

// MARK: - Tests

@Test func similarityHelperSanity() {
    #expect(similarity("abc", "abc") == 1)
    #expect(similarity("a  b\nc", "a b c") == 1)
    #expect(similarity("abcd", "abce") == 0.75)
    #expect(similarity("", "ab") == 0)
}

@Test func recognizesFixtureText() throws {
    let image = try loadPGM(try fixtureURL("fixture", "pgm"))
    let expected = try String(contentsOf: try fixtureURL("fixture", "txt"), encoding: .utf8)
    let result = try OCREngine().recognize(image)

    // Rebuild lines from lineID so the comparison also checks the line grouping.
    var lines: [Int: [String]] = [:]
    for word in result.words { lines[word.lineID, default: []].append(word.text) }
    let text = lines.keys.sorted().map { lines[$0]!.joined(separator: " ") }.joined(separator: "\n")

    let score = similarity(text, expected)
    #expect(score >= 0.9, "OCR text \(text.debugDescription) scored \(score)")
    #expect(lines.count == 2)
    #expect(result.imageWidth == image.width && result.imageHeight == image.height && result.dpi == 300)
    #expect(result.meanConfidence > 0.8)
    #expect(abs(result.deskewAngle ?? 99) < 1)
}

@Test func wordGeometryAndConfidenceAreSane() throws {
    let image = try loadPGM(try fixtureURL("fixture", "pgm"))
    let result = try OCREngine().recognize(image)
    #expect(!result.words.isEmpty)
    for w in result.words {
        #expect(w.box.x0 >= 0 && w.box.y0 >= 0, "\(w)")
        #expect(w.box.x1 <= Double(image.width) && w.box.y1 <= Double(image.height), "\(w)")
        #expect(w.box.x0 < w.box.x1 && w.box.y0 < w.box.y1, "\(w)")
        #expect((0...1).contains(w.confidence), "\(w)")
        #expect(w.lineHeight >= w.box.height - 1, "\(w)")
        // 12 pt Times: the line box (ascender..descender) lands near the nominal size.
        #expect((9...16).contains(w.fontSizePoints), "\(w)")
        if let b = w.baseline {
            #expect(b > w.box.y0 && b <= w.box.y1 + 1, "\(w)")
        }
    }
    // IDs are monotonic in reading order.
    let lineIDs = result.words.map(\.lineID)
    #expect(lineIDs == lineIDs.sorted())
    #expect(lineIDs.first == 0)
}

@Test func missingLanguageNamesDebianPackage() {
    #expect(throws: OCRError.missingLanguage("xyz", package: "tesseract-ocr-xyz")) {
        _ = try OCREngine(languages: "xyz")
    }
    #expect(throws: OCRError.missingLanguage("xyz", package: "tesseract-ocr-xyz")) {
        _ = try OCREngine(languages: "eng+xyz")
    }
    #expect(OCREngine.debianPackage(forLanguage: "chi_sim") == "tesseract-ocr-chi-sim")
}

@Test func scriptModelsNameTheirPackages() {
    #expect(OCREngine.debianPackage(forLanguage: "Latin") == "tesseract-ocr-script-latn")
    #expect(OCREngine.debianPackage(forLanguage: "script/Cyrillic") == "tesseract-ocr-script-cyrl")
    #expect(throws: OCRError.missingLanguage("Cyrillic", package: "tesseract-ocr-script-cyrl")) {
        _ = try OCREngine(languages: "Cyrillic")
    }
    #expect(OCREngine.isInstalled("eng"))
    #expect(!OCREngine.isInstalled("eng+xyz"))
    #expect(!OCREngine.isInstalled("eng", dataPath: "/nonexistent"))
}

@Test func blankPageGivesNoWords() throws {
    let engine = try OCREngine()
    let result = try engine.recognize(GrayImage(width: 2550, height: 3300, dpi: 300))
    #expect(result.words.isEmpty)
    #expect(result.meanConfidence == 0)
    #expect(result.deskewAngle == nil)
    // The engine stays usable after an empty page.
    let again = try engine.recognize(try loadPGM(try fixtureURL("fixture", "pgm")))
    #expect(!again.words.isEmpty)
}

@Test func invalidImageThrows() throws {
    let engine = try OCREngine()
    #expect(throws: OCRError.invalidImage) {
        _ = try engine.recognize(GrayImage(width: 10, height: 10, pixels: [0, 1, 2], dpi: 300))
    }
}

/// Opt-in timing: `make-fixture.sh --full /tmp` then run with
/// TESSERACTKIT_BENCH_PGM=/tmp/fullpage.pgm (with and without OMP_THREAD_LIMIT=1).
@Test(.enabled(if: ProcessInfo.processInfo.environment["TESSERACTKIT_BENCH_PGM"] != nil))
func benchmarkFullPage() throws {
    let path = ProcessInfo.processInfo.environment["TESSERACTKIT_BENCH_PGM"]!
    let image = try loadPGM(URL(fileURLWithPath: path))
    let engine = try OCREngine()
    _ = try engine.recognize(image)  // warm-up
    let clock = ContinuousClock()
    var times: [Double] = []
    var words = 0
    for _ in 0..<3 {
        let elapsed = try clock.measure { words = try engine.recognize(image).words.count }
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    print(
        "BENCH OMP_THREAD_LIMIT=1: \(OCREngine.isThreadLimitSet) words: \(words) per-page seconds: \(times.map { String(format: "%.2f", $0) })"
    )
}
