/// Title case: how a heading reads when no type size or weight tells it apart.
package enum TitleCase {
    package static let minorWords: Set<String> = [
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "at", "by", "with", "from",
        "into", "under", "over", "vs", "vs.", "via", "as", "per", "after", "before", "between", "without",
    ]

    /// Starts with a capital or digit, and most words but the minor ones are capitalised.
    package static func matches(_ text: String) -> Bool {
        let words = Words.spaced(text)
        guard let first = words.first?.first, first.isUppercase || first.isNumber else { return false }
        var major = 0
        var capitalised = 0
        for word in words where !minorWords.contains(word.lowercased()) {
            major += 1
            if let c = word.first, c.isUppercase || c.isNumber { capitalised += 1 }
        }
        return major > 0 && Double(capitalised) >= 0.8 * Double(major)
    }

    /// Whether a line ends on a minor word ("… Montréal and São Paulo in" / "April 2023 …").
    package static func endsOnMinorWord(_ text: String) -> Bool {
        Words.spaced(text).last.map { minorWords.contains(String($0)) } ?? false
    }

    /// Whether a line has a word in lower case beyond the minor ones: title
    /// case as ``matches(_:)`` allows it, but a sentence's verb as often.
    package static func hasLowerCaseMajorWord(_ text: String) -> Bool {
        Words.spaced(text).contains { $0.first?.isLowercase == true && !minorWords.contains(String($0)) }
    }

    /// A short line in title case that does not end a sentence (a heading in plain text).
    package static func isHeadingLine(_ text: String) -> Bool {
        // Cheap tests first: a line of running text mostly opens in lower case
        // or ends with a stop. The first word must open with a capital letter.
        guard opensWithCapitalLetter(text), let last = text.last, !".,;".contains(last) else { return false }
        let words = Words.spaced(text)
        guard words.count >= 1, words.count <= 10 else { return false }
        return matches(text)
    }

    /// Whether the first character is a letter that is upper case or numeric
    /// (what ``isHeadingLine(_:)`` asks of it), from the bytes when it is ASCII.
    package static func opensWithCapitalLetter(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        if let b = bytes.next(), b < 0x80, (bytes.next() ?? 0) < 0x80 {
            return ASCIIBytes.isUppercase(b)
        }
        guard let first = text.first else { return false }
        return first.isLetter && (first.isUppercase || first.isNumber)
    }

    /// A byline: "By" and a capitalised name, in at most 25 words.
    package static func isByline(_ text: String) -> Bool {
        // The pattern opens with "by": most lines are ruled out from two bytes, without the regex.
        var bytes = text.utf8.makeIterator()
        guard let b = bytes.next(), let y = bytes.next(), ASCIIBytes.lowercased(b) == UInt8(ascii: "b"),
            ASCIIBytes.lowercased(y) == UInt8(ascii: "y")
        else { return false }
        return Words.spaced(text).count <= 25 && Pattern.byline.matches(text)
    }
}
