import FolioModel
import FolioText

/// Text mode: the cells of a table or the labels of a chart, which an
/// extraction writes out one cell (or one row) per line, are not prose.
///
/// PDF mode sees their columns (`TableFinder`); plain text has lost them, but
/// the figures remain: a run of units on one page made of figures (`2015`,
/// `6/4/2018`, `1.1.1.4`, `83.3%`), with short labels between them (`Total`,
/// `Avg`), is set apart as one table whose rows are the run's units. Serves
/// statistical reports, benchmark papers and data sheets extracted to text.
enum DataRunFinder {
    /// A run needs this many figures: a date or two in a sentence never make one.
    static let minimumFigures = 12
    /// The share of a run's words that are figures; prose stays far below it.
    static let figureShare = 0.6
    /// Labels between a table's figures: a line of a few words.
    static let labelWords = 3

    /// A numeral: a token with a digit and at most one letter (`0x20`, `250K`), so
    /// ordinals and words with a digit (`3rd`, `SunOS4`) are not.
    static func isNumeral(_ token: Substring) -> Bool {
        var digits = 0
        var letters = 0
        for ch in token {
            if ch.isNumber {
                digits += 1
            } else if ch.isLetter {
                letters += 1
            }
        }
        return digits > 0 && letters <= 1
    }

    static func numerals(in text: String) -> Int {
        // Word by word: an ASCII word's bytes are its characters, told apart
        // without Unicode tables; a word with other characters (`don’t`, `€5`)
        // goes the long way alone, not the whole unit with it.
        var count = 0
        for word in Words.spaced(text) {
            guard ASCIIBytes.all(word) else {
                if isNumeral(word) { count += 1 }
                continue
            }
            var digits = 0
            var letters = 0
            for byte in word.utf8 {
                if ASCIIBytes.isDigit(byte) {
                    digits += 1
                } else if ASCIIBytes.isLetter(byte) {
                    letters += 1
                }
            }
            if digits > 0 && letters <= 1 { count += 1 }
        }
        return count
    }

    /// Units that are mostly figures, and short labels, are table material;
    /// a run of them on one page with enough figures becomes one table unit.
    static func mark(_ units: inout [Unit]) {
        var out: [Unit] = []
        out.reserveCapacity(units.count)
        var i = 0
        while i < units.count {
            guard let run = run(from: i, in: units) else {
                out.append(units[i])
                i += 1
                continue
            }
            var table = units[run.lowerBound]
            for j in run.dropFirst() { table.absorb(units[j]) }
            let rows = units[run].map { Words.spaced($0.text).map(String.init) }
            table.kind = .table
            table.rows = rows
            table.text = Block.table(rows: rows, page: table.page).text
            out.append(table)
            i = run.upperBound
        }
        units = out
    }

    /// The table run that starts at `start`, among the units of its page,
    /// trimmed of the labels at its end; nil when the units from `start` do not
    /// open one (a label above a table stays text, as the unit before the run).
    private static func run(from start: Int, in units: [Unit]) -> Range<Int>? {
        let page = units[start].page
        var end = start
        var figureCount = 0
        var words = 0
        while end < units.count, units[end].page == page, units[end].kind == .paragraph {
            let u = units[end]
            let f = numerals(in: u.text)
            let isData = f > 0 && Double(f) >= figureShare * Double(u.wordCount)
            let isLabel = u.lines.count == 1 && u.wordCount <= labelWords && !SentenceEnd.paragraph(u.text)
            guard isData || isLabel, end > start || f > 0 else { break }
            figureCount += f
            words += u.wordCount
            end += 1
        }
        // Labels at the end (a note below the table) stay text.
        var last = end
        while last > start, numerals(in: units[last - 1].text) == 0 { last -= 1 }
        guard last > start, figureCount >= minimumFigures,
            Double(figureCount) >= figureShare * Double(words)
        else { return nil }
        return start..<last
    }
}

/// Figures set out one cell per line, taken out of the prose (`DataRunFinder`).
struct DataRunFinding: DocumentStage {
    let name = "data-runs"
    func run(_ draft: inout Draft, workers: Int) {
        DataRunFinder.mark(&draft.units)
    }
}
