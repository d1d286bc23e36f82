import FolioModel
import FolioText
import Foundation

/// Unicode clean-up of extracted words: NFC, ligatures expanded, control and
/// zero-width characters dropped. Typographic quotes, dashes and accents stay as printed.
enum TextNormalizer {
    static let ligatures: [Character: String] = [
        "\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl", "\u{FB03}": "ffi", "\u{FB04}": "ffl",
        "\u{FB05}": "st", "\u{FB06}": "st",
    ]

    /// TeX's T1 (Cork) font encoding puts the f-ligatures at codes 0x1B–0x1F.
    /// A TeX PDF whose fonts carry no Unicode map (Type 3 bitmap fonts from
    /// dvips, old pdfTeX output) hands these codes on as control characters:
    /// `di\u{1B}erent`, `\u{1C}rst`. Inside a word they can only be the
    /// ligature; dropped, they leave `dierent`, `rst`.
    static let t1Ligatures: [Unicode.Scalar: String] = [
        "\u{1B}": "ff", "\u{1C}": "fi", "\u{1D}": "fl", "\u{1E}": "ffi", "\u{1F}": "ffl",
    ]

    static func normalize(_ text: String) -> String {
        // Most words are printable ASCII: already normal.
        if isPlainASCII(text) { return text }
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            if let lig = ligatures[ch] {
                out += lig
                continue
            }
            if ch.unicodeScalars.count == 1, let lig = t1Ligatures[ch.unicodeScalars.first!],
                text.contains(where: \.isLetter)
            {
                out += lig
                continue
            }
            // Soft hyphens stay: de-hyphenation needs to see them at line ends.
            if ch == "\u{00AD}" {
                out.append(ch)
                continue
            }
            if ch.unicodeScalars.allSatisfy({ s in
                s.properties.generalCategory == .control || s.properties.generalCategory == .format
                    || s.properties.generalCategory == .privateUse
            }) {
                continue
            }
            out.append(ch)
        }
        return out.precomposedStringWithCanonicalMapping
    }

    static func isPlainASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// Applies `normalize` to every word of a page and drops words left empty.
    static func clean(_ page: PageText) -> PageText {
        var page = page
        page.lines = page.lines.compactMap { line in
            // Lines of printable ASCII are already clean: kept as they are.
            if line.words.allSatisfy({ isPlainASCII($0.text) }) { return line }
            let words = line.words.compactMap { w -> Word? in
                var w = w
                w.text = normalize(w.text)
                return w.text.isEmpty ? nil : w
            }
            return words.isEmpty ? nil : Line(words: words)
        }
        return page
    }
}
