import FolioModel
import FolioText

/// Text mode: where the extraction joined a compound broken at a line end, it
/// often dropped the hyphen (`fossilfuel`, `out-ofpocket`). A word that is not
/// in the word list takes the hyphenated spelling the document itself uses
/// elsewhere for the same letters (`fossil-fuel`, `out-of-pocket`).
enum LostHyphenRepair {
    static let hyphens = Hyphens.inWord

    static func repair(_ pages: [PageText], workers: Int = 1) -> [PageText] {
        // Letters of each compound the document spells with inner hyphens → that spelling.
        var compounds: [String: String] = [:]
        for word in pages.lazy.flatMap(\.lines).flatMap(\.words) where mayHaveHyphen(word.text) {
            let core = Words.letterCore(word.text)
            guard core.dropFirst().dropLast().contains(where: hyphens.contains) else { continue }
            let letters = core.filter { !hyphens.contains($0) }.lowercased()
            if let known = compounds[letters], hyphenCount(known) >= hyphenCount(core) { continue }
            compounds[letters] = core.lowercased()
        }
        guard !compounds.isEmpty else { return pages }
        let spellings = compounds
        return parallelMap(count: pages.count, workers: workers) { p in
            var page = pages[p]
            for l in page.lines.indices {
                // A line measures itself again whenever its words change: they are set once, at the end.
                var words = page.lines[l].words
                var changed = false
                defer { if changed { page.lines[l].words = words } }
                for w in words.indices {
                    let text = words[w].text
                    // Most words are ASCII and match no compound: ruled out from their bytes.
                    if let letters = asciiLetters(text), spellings[letters] == nil { continue }
                    let core = Words.letterCore(text)
                    let letters = core.filter { !hyphens.contains($0) }.lowercased()
                    guard let spelling = spellings[letters], hyphenCount(spelling) > hyphenCount(core),
                        !WordList.contains(core), !core.contains(where: { $0.isNumber })
                    else { continue }
                    words[w].text = text.replacingOccurrences(of: core, with: hyphenated(core, as: spelling))
                    changed = true
                }
            }
            return page
        }
    }

    /// Whether `text` can hold a hyphen of ``Hyphens/inWord``: `-`, or U+2010, whose UTF-8 starts 0xE2.
    static func mayHaveHyphen(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x2D || $0 == 0xE2 }
    }

    /// For an ASCII word, what the repair looks compounds up by: its letter
    /// core without hyphens, lower-cased; nil for any other word.
    static func asciiLetters(_ text: String) -> String? {
        let bytes = text.utf8
        guard ASCIIBytes.all(text) else { return nil }
        guard let first = bytes.firstIndex(where: ASCIIBytes.isLetter),
            let last = bytes.lastIndex(where: ASCIIBytes.isLetter)
        else { return "" }
        var letters: [UInt8] = []
        for b in bytes[first...last] where b != UInt8(ascii: "-") { letters.append(ASCIIBytes.lowercased(b)) }
        return String(decoding: letters, as: UTF8.self)
    }

    static func hyphenCount(_ text: String) -> Int { text.filter { hyphens.contains($0) }.count }

    /// `word`'s letters, in its own case, with the hyphens where `spelling` has them.
    static func hyphenated(_ word: String, as spelling: String) -> String {
        let letters = word.filter { !hyphens.contains($0) }
        var out = ""
        var i = letters.startIndex
        for c in spelling {
            if hyphens.contains(c) {
                out.append(c)
            } else if i < letters.endIndex {
                out.append(letters[i])
                i = letters.index(after: i)
            }
        }
        return out
    }
}
