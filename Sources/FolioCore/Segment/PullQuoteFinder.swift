import Foundation

/// Confirms pull-quotes: a unit whose words repeat a passage of a longer body
/// unit in the same chapter is the enlarged copy, kept once as a pull-quote.
/// Word trigrams make the match tolerant of OCR slips and line breaks.
///
/// A candidate is set apart (larger, italic, coloured or bold type, or a narrow
/// run of very short lines) or, when the type says nothing (plain text, OCR),
/// a whole sentence of eight words or more repeated almost exactly. Fragments of
/// paragraphs cut at column breaks never qualify: they do not read as a sentence.
enum PullQuoteFinder {
    static let minimumShare = 0.8

    static func confirm(_ units: inout [Unit], bodySize: Double) {
        mergeQuoteLines(&units, bodySize: bodySize)
        let bodyKinds: [Unit.Kind] = [.paragraph, .listItem, .heading]
        // Each unit's trigrams once; most units are never candidates.
        let grams = units.map { bodyKinds.contains($0.kind) ? trigrams($0.text) : [] }
        var owners: [String: [Int]] = [:]
        for i in units.indices where bodyKinds.contains(units[i].kind) {
            for g in Set(grams[i]) { owners[g, default: []].append(i) }
        }
        for i in units.indices where units[i].kind == .paragraph || units[i].kind == .heading {
            let apart = setApart(units[i], bodySize: bodySize)
            guard apart || (units[i].wordCount >= 8 && readsAsSentence(units[i].text)) else { continue }
            guard grams[i].count >= 3 else { continue }
            let needed = apart ? minimumShare : 0.9
            var hits: [Int: Int] = [:]
            for g in grams[i] {
                for o in owners[g] ?? [] where o != i { hits[o, default: 0] += 1 }
            }
            guard let (other, count) = hits.max(by: { $0.value < $1.value }),
                Double(count) >= needed * Double(grams[i].count)
            else { continue }
            let mine = units[i]
            let theirs = units[other]
            // The copy is the shorter one, or the one set apart typographically.
            let mineIsCopy =
                theirs.wordCount > mine.wordCount + 2
                || (theirs.wordCount >= mine.wordCount - 2 && apart && !setApart(theirs, bodySize: bodySize))
            if mineIsCopy { units[i].kind = .pullQuote }
        }
        joinBrokenQuotes(&units)
    }

    /// A quote box broken over a page: the part that starts the next page in
    /// lower case continues the last quote that did not end its sentence.
    static func joinBrokenQuotes(_ units: inout [Unit]) {
        var lastQuote: Int?
        var drop = Set<Int>()
        for i in units.indices where units[i].kind == .pullQuote {
            if let q = lastQuote, units[i].page == units[q].page + 1, units[i].text.first?.isLowercase == true,
                !endsWithStop(units[q].text)
            {
                units[q].absorb(units[i])
                drop.insert(i)
                continue
            }
            lastQuote = i
        }
        units = units.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    static func endsWithStop(_ text: String) -> Bool {
        let end = text.trimmingCharacters(in: CharacterSet(charactersIn: "”\"’' "))
        return end.last.map { ".!?".contains($0) } ?? false
    }

    static func setApart(_ u: Unit, bodySize: Double) -> Bool {
        let s = u.style
        let shortLines = u.lines.count >= 3 && Double(u.wordCount) / Double(u.lines.count) <= 3.5
        return s.italic || s.colored || s.bold || s.size >= 1.1 * bodySize || shortLines
    }

    static func readsAsSentence(_ text: String) -> Bool {
        guard let first = text.first, first.isUppercase || first == "“" || first == "\"" else { return false }
        let end = text.trimmingCharacters(in: CharacterSet(charactersIn: "”\"’' "))
        return end.last.map { ".!?".contains($0) } ?? false
    }

    /// Lines of one quote box can be cut into several units (centred lines look
    /// indented); units of the same block in the same larger or italic type are one quote.
    static func mergeQuoteLines(_ units: inout [Unit], bodySize: Double) {
        var out: [Unit] = []
        for u in units {
            if var last = out.last, last.blockID == u.blockID, last.kind != .chapterMatter, u.kind != .chapterMatter,
                last.kind != .footnote, last.kind != .listItem, u.kind != .listItem,
                setApart(last, bodySize: bodySize), last.style == u.style,
                last.style.size >= 1.1 * bodySize
                    || last.style.italic,
                !last.hadMarker, !u.hadMarker
            {
                last.absorb(u)
                out[out.count - 1] = last
            } else {
                out.append(u)
            }
        }
        units = out
    }

    static func trigrams(_ text: String) -> [String] {
        let words: [String] = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard words.count >= 3 else { return [] }
        var grams: [String] = []
        for i in 0..<(words.count - 2) { grams.append([words[i], words[i + 1], words[i + 2]].joined(separator: " ")) }
        return grams
    }
}
