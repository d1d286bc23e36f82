/// Confirms pull-quotes: a unit whose words repeat a passage of a longer body
/// unit in the same chapter is the enlarged copy, kept once as a pull-quote.
/// Word trigrams make the match tolerant of OCR slips and line breaks.
enum PullQuoteFinder {
    static let minimumShare = 0.8

    static func confirm(_ units: inout [Unit]) {
        let bodyKinds: [Unit.Kind] = [.paragraph, .listItem, .heading]
        var owners: [String: [Int]] = [:]
        for i in units.indices where bodyKinds.contains(units[i].kind) {
            for g in Set(trigrams(units[i].text)) { owners[g, default: []].append(i) }
        }
        for i in units.indices where units[i].kind == .paragraph || units[i].kind == .heading {
            let grams = trigrams(units[i].text)
            guard grams.count >= 3 else { continue }
            var hits: [Int: Int] = [:]
            for g in grams {
                for o in owners[g] ?? [] where o != i { hits[o, default: 0] += 1 }
            }
            guard let (other, count) = hits.max(by: { $0.value < $1.value }),
                Double(count) >= minimumShare * Double(grams.count)
            else { continue }
            let mine = units[i]
            let theirs = units[other]
            // The copy is the shorter one, or the one set apart typographically.
            let mineIsCopy =
                theirs.wordCount > mine.wordCount + 2
                || (theirs.wordCount >= mine.wordCount - 2 && setApart(mine) && !setApart(theirs))
            if mineIsCopy { units[i].kind = .pullQuote }
        }
    }

    static func setApart(_ u: Unit) -> Bool {
        let s = u.style
        return s.italic || s.colored || s.bold
    }

    static func trigrams(_ text: String) -> [String] {
        let words: [String] = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard words.count >= 3 else { return [] }
        var grams: [String] = []
        for i in 0..<(words.count - 2) { grams.append([words[i], words[i + 1], words[i + 2]].joined(separator: " ")) }
        return grams
    }
}
