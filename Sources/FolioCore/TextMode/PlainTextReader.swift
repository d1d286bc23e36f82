import FolioModel
import FolioText
import Foundation

/// Text mode: already-extracted text (pdftotext or OCR output) as positioned
/// pages, so cleaning and segmentation run unchanged. Form feeds split pages;
/// each line gets a synthetic box one line-height tall at the left margin, sized
/// in a nominal body type, so the page-level rules see lines in order.
struct PlainTextReader {
    static let lineHeight = 12.0
    static let charWidth = 5.0
    /// The nominal body type every word is set in.
    static let style = TextStyle(size: 10)

    /// OCR of an image leaves stray marks: a line of one to three characters,
    /// none of them a letter or digit, that is not a list bullet.
    static func isDebris(_ words: [Word]) -> Bool {
        let text = words.map(\.text).joined()
        guard text.count <= 3, !text.contains(where: { $0.isLetter || $0.isNumber }) else { return false }
        return !(words.count == 1 && ListMarker.bullets.contains(text))
    }

    func read(_ text: String, workers: Int = 1) -> [PageText] {
        let normalized =
            text.utf8.contains(0x0D)
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        // Form feeds and newlines are controls, which never join the character
        // after them: the text splits at their bytes exactly as at its characters.
        var rawPages = ASCIIBytes.split(normalized[...], at: 0x0C)
        if rawPages.count > 1, rawPages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
            rawPages.removeLast()
        }
        let pages = rawPages
        let rawLines = parallelMap(count: pages.count, workers: workers) { ASCIIBytes.split(pages[$0], at: 0x0A) }
        // Lines are read in runs of `linesPerJob`, so that one long page (a text
        // without form feeds) is read on every core too.
        let jobs = rawLines.indices.flatMap { p in
            stride(from: 0, to: rawLines[p].count, by: Self.linesPerJob).map { start in
                (page: p, lines: start..<min(rawLines[p].count, start + Self.linesPerJob))
            }
        }
        let read = parallelMap(count: jobs.count, workers: workers) { j in
            Self.lines(rawLines[jobs[j].page][jobs[j].lines], firstIndex: jobs[j].lines.lowerBound)
        }
        var lines = Array(repeating: [Line](), count: pages.count)
        for (job, found) in zip(jobs, read) { lines[job.page] += found }
        return pages.indices.map { p in
            // Each line, blank or not, is one line-height down the page.
            let depth = Double(rawLines[p].count) * Self.lineHeight
            return PageText(number: p + 1, width: 612, height: max(depth, 792), lines: lines[p])
        }
    }

    static let linesPerJob = 2000

    /// The lines of a run of raw lines whose first is line `firstIndex` of its page.
    static func lines(_ rawLines: ArraySlice<Substring>, firstIndex: Int) -> [Line] {
        var lines: [Line] = []
        var y = Double(firstIndex) * Self.lineHeight
        for rawLine in rawLines {
            defer { y += Self.lineHeight }
            var x = 0.0
            var words: [Word] = []
            // An ASCII line splits at its space bytes; in any other a space may
            // carry a combining mark, and only a space character separates.
            let tokens =
                ASCIIBytes.all(rawLine)
                ? ASCIIBytes.split(rawLine, at: 0x20)
                : rawLine.split(separator: " ", omittingEmptySubsequences: false)
            for token in tokens {
                let length = ASCIIBytes.characterCount(token)
                defer { x += Double(length + 1) * Self.charWidth }
                guard !token.isEmpty else { continue }
                let box = Box(x0: x, y0: y, x1: x + Double(length) * Self.charWidth, y1: y + 10)
                words.append(Word(text: String(token), box: box, style: Self.style))
            }
            if !words.isEmpty, !Self.isDebris(words) { lines.append(Line(words: words)) }
        }
        return lines
    }
}
