import Foundation

/// How OCR misreads letters: shared by the second reading of names (Extract)
/// and the repair of slips across the document (Clean).
package enum OCRSlips {
    /// Folded spellings an OCR slip may stand for: digits read for letters,
    /// "fi"/"ii" read for "ñ", "d" read for an accented vowel. Callers take a
    /// variant only when the document itself spells the word that way.
    package static func variants(_ word: String) -> [String] {
        var base = Words.fold(word)
        if base.contains(where: \.isLetter) {
            base = String(
                base.map { ch -> Character in
                    switch ch {
                    case "6", "0": return "o"
                    case "1": return "l"
                    default: return ch
                    }
                })
        }
        var variants = [base]
        // "ñ" read as "fi", "ii" or "fl" (`Ibafiez`), or as "f" before an "i" (`Zufiiga`, `Zdfiga`).
        for (from, to) in [("fi", "n"), ("ii", "n"), ("fl", "n"), ("fi", "ni")] where base.contains(from) {
            variants.append(base.replacingOccurrences(of: from, with: to))
        }
        // An accented vowel read as "d" (`Bogotd` for `Bogotá`, `Zdfiga` for
        // `Zúñiga`): each "d" in turn taken for a vowel.
        for variant in variants where variant.contains("d") {
            let letters = Array(variant)
            for i in letters.indices where letters[i] == "d" {
                for vowel in "aeiou" {
                    var changed = letters
                    changed[i] = vowel
                    variants.append(String(changed))
                }
            }
        }
        return variants
    }
}
