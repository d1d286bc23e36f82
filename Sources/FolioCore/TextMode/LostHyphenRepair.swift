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
        for word in pages.lazy.flatMap(\.lines).flatMap(\.words) {
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
                for w in page.lines[l].words.indices {
                    let text = page.lines[l].words[w].text
                    let core = Words.letterCore(text)
                    let letters = core.filter { !hyphens.contains($0) }.lowercased()
                    guard let spelling = spellings[letters], hyphenCount(spelling) > hyphenCount(core),
                        !WordList.contains(core), !core.contains(where: { $0.isNumber })
                    else { continue }
                    page.lines[l].words[w].text = text.replacingOccurrences(
                        of: core, with: hyphenated(core, as: spelling))
                }
            }
            return page
        }
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
