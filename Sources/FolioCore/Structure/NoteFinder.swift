import FolioModel
import FolioText

/// Notes that type alone does not mark: endnotes listed after a "Notes"
/// heading, and (in plain text, which has no small type) numbered entries
/// that close a page and cite a source.
struct NoteFinder: Sendable {
    let scale: TypeScale

    func mark(_ units: inout [Unit]) {
        markEndnotes(&units)
        if scale.typeless {
            markPageNotes(&units)
            markNumberedNotes(&units)
        }
    }

    /// Note numbers glued to the end of a word, as a raised marker reads once
    /// extracted to plain text: `UNIX1`, `reform.3`, `Resolution4`, `(2006)5`,
    /// and after a year that ends a sentence, `in 2014.19`. Decimals and
    /// version numbers (`1.1`, `2.0.2`) have no letter or year before them.
    static func gluedNumbers(in units: [Unit]) -> Set<Int> {
        var found = Set<Int>()
        for u in units where u.kind != .footnote && !u.kind.keptWhole {
            for token in Words.spaced(u.text) {
                if let n = markerAfterYear(token) {
                    found.insert(n)
                    continue
                }
                guard let last = token.last, last.isNumber, token.contains(where: \.isLetter) else { continue }
                let digits = token.reversed().prefix { $0.isNumber }
                guard digits.count <= 2, digits.count < token.count else { continue }
                let before = token[token.index(token.endIndex, offsetBy: -digits.count - 1)]
                guard before.isLetter || ".,;:!?)]”’\"".contains(before), let n = Int(String(digits.reversed())), n > 0
                else { continue }
                found.insert(n)
            }
        }
        return found
    }

    /// The number of `2014.19` or `1998,”4`: a year (four digits from 1000),
    /// a stop or comma and a closing quote if any, then one or two digits.
    static func markerAfterYear(_ token: Substring) -> Int? {
        let bytes = Array(token.utf8)
        guard bytes.count >= 6, bytes.count <= 10, bytes[0] >= UInt8(ascii: "1"),
            bytes[..<4].allSatisfy(ASCIIBytes.isDigit), ".,;:".utf8.contains(bytes[4])
        else { return nil }
        var rest = bytes[5...]
        for quote in ["”", "’", "\""] where rest.starts(with: quote.utf8) { rest = rest.dropFirst(quote.utf8.count) }
        guard (1...2).contains(rest.count), rest.allSatisfy(ASCIIBytes.isDigit) else { return nil }
        return Int(String(decoding: rest, as: UTF8.self)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Plain text of papers (pdftotext): a note is its number on a line of its
    /// own with its text after it, where the page's notes stood (at the foot,
    /// or between the columns, interrupting a paragraph), or its number and
    /// text on one line closing a page. Either is a note only when the text
    /// carries that number glued to a word (`gluedNumbers`).
    func markNumberedNotes(_ units: inout [Unit]) {
        let markers = Self.gluedNumbers(in: units)
        guard !markers.isEmpty else { return }
        var out: [Unit] = []
        out.reserveCapacity(units.count)
        // Notes run in order through the document: the next number, or one
        // a few past it (a note the rules missed), never back (a numbered
        // listing's line numbers are not notes) but to 1, where the next
        // chapter of a collection numbers its notes afresh.
        var last = 0
        func next(_ n: Int) -> Bool { markers.contains(n) && (n > last && n <= last + 3 || n == 1 && last > 1) }
        // The notes `unit` holds from number `n` on; the numbering goes on after the last of them.
        func notes(in unit: Unit, from n: Int) -> [Unit] {
            let found = Self.split(unit, first: n, markers: markers)
            last = found.compactMap { $0.label.flatMap(Int.init) }.max() ?? n
            return found
        }
        var i = 0
        while i < units.count {
            var u = units[i]
            if i + 1 < units.count, units[i + 1].page == u.page, Self.opensNote(units[i + 1]),
                let (n, rest) = Self.trailingNumber(u), next(n)
            {
                last = n
                // The number alone, or ending the last line of the text above it.
                if !rest.isEmpty {
                    u.text = rest
                    out.append(u)
                }
                var note = units[i + 1]
                note.kind = .footnote
                note.label = String(n)
                out.append(note)
                i += 2
                continue
            }
            // Whether the rest of the page is notes is asked last, of a unit that opens
            // with the next note number: asked of every unit, a text without form
            // feeds (one page) would read the page once for each of its units.
            if u.kind == .paragraph || u.kind == .heading, let n = Self.leadingNumber(u), next(n),
                Self.readsAsProse(u.text),
                units[(i + 1)...].lazy.prefix(while: { $0.page == u.page }).allSatisfy({
                    Self.leadingNumber($0) != nil
                })
            {
                out += notes(in: u, from: n)
                i += 1
                continue
            }
            // Notes read into the running text of a two-column page, between its
            // columns: the paragraph above them ends a sentence, and they end the
            // unit, or the body goes on after them where a broken word resumes.
            var closing: [Unit] = []
            while let found = Self.closingNotes(u, following: i + 1 < units.count ? units[i + 1] : nil, isNext: next) {
                let (k, n, head, end) = (found.k, found.n, found.head, found.end)
                let words = ASCIIBytes.split(u.text[...], at: 0x20)
                var tail = u
                // A note glued to half a word starts after the half.
                tail.text = ([head == nil ? words[k] : Substring(String(n))] + words[(k + 1)..<end]).joined(
                    separator: " ")
                tail.lineStarts = []
                closing += notes(in: tail, from: n)
                if let head, end < words.count {
                    // The half and the rest of its word, after the notes, are one word again.
                    u.text = (words[..<k] + [head + words[end]] + words[(end + 1)...]).joined(separator: " ")
                    u.lineStarts =
                        u.lineStarts.filter { $0 < k } + u.lineStarts.filter { $0 > end }.map { $0 - (end - k) }
                } else {
                    // The half keeps its hyphen: the rest of its word is elsewhere.
                    u.text = (words[..<k] + (head.map { [$0 + "-"] } ?? [])).joined(separator: " ")
                    u.lineStarts.removeAll { $0 >= k }
                }
            }
            if !closing.isEmpty {
                out.append(u)
                out += closing
                i += 1
                // The notes go on in the units after it that open with the next number.
                while i < units.count, units[i].page == u.page, units[i].kind == .paragraph,
                    let n = Self.leadingNumber(units[i]), n == last + 1, markers.contains(n),
                    Self.readsAsProse(units[i].text)
                {
                    out += notes(in: units[i], from: n)
                    i += 1
                }
                continue
            }
            out.append(u)
            i += 1
        }
        units = out
    }

    /// A note is at most this many words long where it closes a paragraph.
    static let closingNoteWords = 60

    /// Where notes that close a paragraph start: the first word of a line,
    /// which `isNext` takes for the next note number, after a sentence's end
    /// and before a capitalised word, with at most `closingNoteWords` words of
    /// prose after it. Plain text of papers set in two columns (pdftotext)
    /// reads a column's notes right after its last line, with no blank line
    /// between. A marker set apart from its word (`funding. 4 Three factors`,
    /// as some producers space them) stands inside a line, not at its start.
    ///
    /// pdftotext also drops the hyphen of a word broken at the column's end
    /// and glues its first half to the note that follows (`for ex-` / `8 Author
    /// interview …` → `for ex8 Author interview …`): a word in lower case after
    /// its first letter with the next note number glued to it, before a
    /// capitalised word, starts the notes too (`head` is the half, `ex`).
    /// The notes run to the unit's end, or (after a glued half) to `end`, the
    /// line that resumes the broken word in lower case after a note's last stop.
    static func closingNotes(_ u: Unit, following: Unit?, isNext: (Int) -> Bool) -> (
        k: Int, n: Int, head: Substring?, end: Int
    )? {
        guard u.kind == .paragraph, u.raised.isEmpty, u.refs.isEmpty else { return nil }
        let words = ASCIIBytes.split(u.text[...], at: 0x20)
        func opensNote(_ k: Int, _ n: Int) -> Bool {
            k < words.count - 1 && Int(words[k]) == n && words[k].count <= 2
                && opensSentence(words[k + 1])
        }
        // The earlier of the two kinds of start: notes after a line's start, or after a glued half.
        var atLine: (k: Int, n: Int, head: Substring?, end: Int)? = nil
        for k in u.lineStarts where k > 0 && k < words.count - 1 && words.count - k <= closingNoteWords {
            guard let n = Int(words[k]), isNext(n), opensNote(k, n),
                readsAsProse(words[k...].joined(separator: " "))
            else { continue }
            // After a sentence's end; or where a column was cut mid-sentence,
            // when the next note opens a line after it or the next unit (two notes in a row).
            let ended = words[k - 1].last.map { ".?!”".contains($0) } == true
            guard
                ended || u.lineStarts.contains(where: { $0 > k && opensNote($0, n + 1) })
                    || following.map({ $0.page == u.page && leadingNumber($0) == n + 1 }) == true
            else { continue }
            atLine = (k, n, nil, words.count)
            break
        }
        for k in words.indices.dropLast() where k < atLine?.k ?? words.count {
            guard let (head, n) = gluedHalf(words[k]), isNext(n),
                opensSentence(words[k + 1])
            else { continue }
            let resumes = u.lineStarts.first { j in
                j > k + 1 && j - k <= closingNoteWords && words[j].first?.isLowercase == true
                    && words[j - 1].last.map { ".)".contains($0) } == true
            }
            let end = resumes ?? words.count
            // A note ends with a stop: a name with a number in a list or a listing (`cyclus2 Zwatt`) does not.
            guard end - k <= closingNoteWords, words[end - 1].last.map({ ".)".contains($0) }) == true,
                readsAsProse(([Substring(String(n))] + words[(k + 1)..<end]).joined(separator: " "))
            else { continue }
            return (k, n, head, end)
        }
        return atLine
    }

    /// `ex8`: two letters or more, lower case after the first, then one or two digits.
    static func gluedHalf(_ token: Substring) -> (Substring, Int)? {
        let digits = token.reversed().prefix { $0.isASCII && $0.isNumber }.count
        guard (1...2).contains(digits), token.count - digits >= 2 else { return nil }
        let head = token.dropLast(digits)
        guard head.allSatisfy(\.isLetter), head.dropFirst().allSatisfy(\.isLowercase),
            let n = Int(token.suffix(digits)), n > 0
        else { return nil }
        return (head, n)
    }

    /// A note's text: a paragraph of a few lines that starts a sentence and
    /// reads as prose, not a contents entry (dot leaders) or an equation.
    static func opensNote(_ u: Unit) -> Bool {
        u.kind == .paragraph && u.lines.count <= 6 && opensSentence(u.text[...])
            && readsAsProse(u.text)
    }

    /// A capital or an opening quote first: how a note's text starts.
    static func opensSentence(_ text: Substring) -> Bool { text.first.map { $0.isUppercase || $0 == "“" } == true }

    /// Figures (a volume, an issue, a year, pages: `28, no. 1 (2017): 73–225.`)
    /// count neither way: a note that cites a source is full of them, and a
    /// line of them alone is no prose. Of the other words, most have two letters or more.
    static func readsAsProse(_ text: String) -> Bool {
        if ASCIIBytes.all(text) { return asciiReadsAsProse(text) }
        guard !text.contains(". ."), !text.contains(".."), !text.contains("=") else { return false }
        let words = Words.spaced(text).filter { $0.contains(where: \.isLetter) }
        let wordy = words.count { $0.count(where: \.isLetter) >= 2 }
        return wordy > 0 && Double(wordy) >= 0.7 * Double(words.count)
    }

    /// ``readsAsProse(_:)`` on the bytes of an ASCII text (every unit is asked).
    private static func asciiReadsAsProse(_ text: String) -> Bool {
        var words = 0
        var wordy = 0
        var letters = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".")
                || byte == UInt8(ascii: ".") && previous == 0x20 && beforePrevious == UInt8(ascii: ".")
            {
                return false
            }
            if byte == 0x20 {
                if letters > 0 { words += 1 }
                if letters >= 2 { wordy += 1 }
                letters = 0
            } else if ASCIIBytes.isLetter(byte) {
                letters += 1
            }
            (beforePrevious, previous) = (previous, byte)
        }
        if letters > 0 { words += 1 }
        if letters >= 2 { wordy += 1 }
        return wordy > 0 && Double(wordy) >= 0.7 * Double(words)
    }

    /// A bare note number (1 to 99) that is the whole unit or the last word
    /// of a paragraph, with the text before it.
    static func trailingNumber(_ u: Unit) -> (Int, String)? {
        guard u.kind == .paragraph || u.kind == .heading else { return nil }
        let words = Words.spaced(u.text)
        guard let last = words.last, last.count <= 2, last.allSatisfy(\.isNumber), let n = Int(last), n > 0,
            words.count == 1 || u.lines.count > 1
        else { return nil }
        return (n, words.dropLast().joined(separator: " "))
    }

    /// A note number opening a unit, before a capitalised word.
    static func leadingNumber(_ u: Unit) -> Int? {
        let words = u.text.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].count <= 2, words[0].allSatisfy(\.isNumber),
            words[1].first?.isUppercase == true
        else { return nil }
        return Int(words[0]).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Notes set one after another without a blank line: cut where the next
    /// note numbers (glued in the text too) open before a capitalised word.
    static func split(_ unit: Unit, first: Int, markers: Set<Int>) -> [Unit] {
        var notes: [(label: Int, words: [Substring])] = [(first, [])]
        let words = Words.spaced(unit.text)
        for (k, w) in words.enumerated().dropFirst() {
            let next = notes[notes.count - 1].label + 1
            if Int(w) == next, markers.contains(next), k + 1 < words.count, words[k + 1].first?.isUppercase == true {
                notes.append((next, []))
            } else {
                notes[notes.count - 1].words.append(w)
            }
        }
        return notes.map { note in
            var u = unit
            u.kind = .footnote
            u.label = String(note.label)
            u.text = note.words.joined(separator: " ")
            return u
        }
    }

    static let numberPunctuation = Set(scalarsOf: ".)")

    /// Plain text: numbered entries that close a page and cite a source (a
    /// year, "Ibid.", a link, an interview) are its page notes.
    func markPageNotes(_ units: inout [Unit]) {
        var i = units.count - 1
        while i >= 0 {
            let page = units[i].page
            var j = i
            while j >= 0, units[j].page == page, units[j].kind == .listItem,
                Int(units[j].firstWord.trimming(Self.numberPunctuation)) != nil,
                Pattern.citation.matches(units[j].text)
            {
                j -= 1
            }
            for k in stride(from: i, to: j, by: -1) {
                units[k].kind = .footnote
                units[k].label = units[k].firstWord.trimming(Self.numberPunctuation)
            }
            // Move to the last unit of the previous page.
            var k = j
            while k >= 0, units[k].page == page { k -= 1 }
            i = k
        }
    }

    /// The unit's text without its first word, when the text starts with it.
    static func droppingFirst(_ unit: Unit) -> String {
        guard unit.text.hasPrefix(unit.firstWord) else { return unit.text }
        let rest = unit.text.dropFirst(unit.firstWord.count)
        return rest.isEmpty || rest.first == " " ? String(rest.drop { $0 == " " }) : unit.text
    }

    /// After a "Notes" / "Endnotes" heading, numbered entries are notes, not list items.
    func markEndnotes(_ units: inout [Unit]) {
        var inNotes = false
        for i in units.indices {
            if units[i].kind == .heading {
                let t = units[i].text.lowercased()
                inNotes = t == "notes" || t == "endnotes" || t == "references and notes"
                continue
            }
            guard inNotes else { continue }
            // Notes end where larger type starts (the next chapter's opener).
            if units[i].style.size > scale.raisedSize {
                inNotes = false
                continue
            }
            if units[i].kind == .listItem || units[i].kind == .paragraph || units[i].kind == .footnote {
                let label = units[i].firstWord.trimming(Self.numberPunctuation)
                if Int(label) != nil {
                    // The number is the note's label, not its text.
                    if !units[i].hadMarker && units[i].label == nil { units[i].text = Self.droppingFirst(units[i]) }
                    units[i].kind = .footnote
                    units[i].label = label
                    units[i].hadMarker = true
                } else if units[i].kind == .paragraph, i > 0, units[i - 1].kind == .footnote,
                    units[i - 1].page == units[i].page
                {
                    units[i].kind = .footnote
                    units[i].label = "+"
                } else {
                    // Unnumbered text on a new page: the notes are over.
                    inNotes = false
                }
            }
        }
    }
}
