import FolioModel
import FolioText
import Foundation

/// Conservative repair of OCR slips, judged by the document itself.
///
/// Only OCR words that are not English words (or are names in the word list)
/// are touched:
/// - a word that lost its accents, or read "ñ" as "fi", "ó" as "6", is given the
///   accented spelling the document uses elsewhere (`Bogota` → `Bogotá` when
///   `Bogotá` occurs; `Ibafiez` → `Ibáñez`);
/// - a low-confidence word one edit away from a word the document uses often
///   (or the word list knows) takes that word (`sighalled` → `signalled`).
/// English words are never touched, and a word without a variant in the
/// document stays as it is (consistent proper names included).
enum OCRRepair {
    static let lowConfidence = 0.85

    static func repair(_ pages: [PageText]) -> (pages: [PageText], repairs: Int) {
        guard pages.contains(where: { $0.method == .ocr }) else { return (pages, 0) }
        var counts: [String: Int] = [:]
        for page in pages {
            for line in page.lines { for w in line.words { counts[Words.core(w.text), default: 0] += 1 } }
        }
        // The accented spelling the document uses for each folded form.
        var accented: [String: (word: String, count: Int)] = [:]
        for (word, n) in counts where word.unicodeScalars.contains(where: { $0.value > 127 }) {
            let key = Words.fold(word)
            if n > (accented[key]?.count ?? 0) { accented[key] = (word, n) }
        }
        var deletions: [String: Set<String>] = [:]
        for (word, n) in counts where n >= 3 && word.count >= 4 && word.allSatisfy(\.isLetter) {
            for d in oneDeletions(word) { deletions[d, default: []].insert(word) }
            deletions[word, default: []].insert(word)
        }
        var repairs = 0
        var out = pages
        for p in out.indices where out[p].method == .ocr {
            for l in out[p].lines.indices {
                var words = out[p].lines[l].words
                for w in words.indices {
                    let word = words[w]
                    let c = Words.core(word.text)
                    // A name the list spells without accents (`Medellin`) may still lack them.
                    let known = WordList.contains(c)
                    guard c.count >= 3, !known || WordList.isName(c) else { continue }
                    // The accented spelling the document uses for the word, or for
                    // each part of a compound (`Bogotd-Pérez`).
                    func accentedSpelling(_ part: String) -> String? {
                        OCRSlips.variants(part).lazy.compactMap { accented[$0]?.word }.first { $0 != part }
                    }
                    var fix = accentedSpelling(c)
                    if fix == nil, c.contains("-") {
                        let parts = c.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                        let mended = parts.map { part in
                            part.count >= 3 && (!WordList.contains(part) || WordList.isName(part))
                                ? accentedSpelling(part) ?? part : part
                        }
                        if mended != parts { fix = mended.joined(separator: "-") }
                    }
                    if fix == nil, !known, (word.confidence ?? 1) < lowConfidence, (counts[c] ?? 0) <= 1,
                        c.allSatisfy(\.isLetter)
                    {
                        let candidates = oneEditCandidates(c, deletions)
                        if candidates.count == 1 { fix = candidates.first }
                    }
                    if let fix, let range = word.text.range(of: c) {
                        words[w].text = word.text.replacingCharacters(in: range, with: fix)
                        repairs += 1
                    }
                }
                out[p].lines[l] = Line(words: words)
            }
        }
        return (out, repairs)
    }

    static func oneDeletions(_ word: String) -> [String] {
        let chars = Array(word)
        return chars.indices.map { i in String(chars[..<i] + chars[(i + 1)...]) }
    }

    /// Words one substitution, insertion or deletion away, by shared deletions.
    static func oneEditCandidates(_ word: String, _ deletions: [String: Set<String>]) -> Set<String> {
        var found = deletions[word] ?? []
        for d in oneDeletions(word) {
            found.formUnion(deletions[d] ?? [])
        }
        found.remove(word)
        return found.filter { EditDistance.isOne(word, $0) && $0.first?.isUppercase == word.first?.isUppercase }
    }
}
