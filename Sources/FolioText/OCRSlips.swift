import Foundation

/// How OCR misreads letters: shared by the second reading of names (Extract)
/// and the repair of slips across the document (Clean).
package enum OCRSlips {
    /// Folded spellings an OCR slip may stand for: digits read for letters,
    /// "fi"/"ii" read for "ñ".
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
        for (from, to) in [("fi", "n"), ("ii", "n"), ("fl", "n")] where base.contains(from) {
            variants.append(base.replacingOccurrences(of: from, with: to))
        }
        return variants
    }
}
