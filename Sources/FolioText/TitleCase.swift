/// Title case: how a heading reads when no type size or weight tells it apart.
package enum TitleCase {
    package static let minorWords: Set<String> = [
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "at", "by", "with", "from",
        "into", "under", "over", "vs", "vs.", "via", "as", "per", "after", "before", "between", "without",
    ]

    /// Starts with a capital or digit, and most words but the minor ones are capitalised.
    package static func matches(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard let first = words.first?.first, first.isUppercase || first.isNumber else { return false }
        let major = words.filter { !minorWords.contains($0.lowercased()) }
        let capitalised = major.filter { $0.first?.isUppercase == true || $0.first?.isNumber == true }
        return !major.isEmpty && Double(capitalised.count) >= 0.8 * Double(major.count)
    }

    /// Whether a line ends on a minor word ("… Montréal and São Paulo in" / "April 2023 …").
    package static func endsOnMinorWord(_ text: String) -> Bool {
        text.split(separator: " ").last.map { minorWords.contains(String($0)) } ?? false
    }

    /// Whether a line has a word in lower case beyond the minor ones: title
    /// case as ``matches(_:)`` allows it, but a sentence's verb as often.
    package static func hasLowerCaseMajorWord(_ text: String) -> Bool {
        text.split(separator: " ").contains { $0.first?.isLowercase == true && !minorWords.contains(String($0)) }
    }

    /// A short line in title case that does not end a sentence (a heading in plain text).
    package static func isHeadingLine(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count >= 1, words.count <= 10, let last = text.last, !".,;".contains(last) else { return false }
        return matches(text) && text.first?.isLetter == true
    }

    /// A byline: "By" and a capitalised name, in at most 25 words.
    package static func isByline(_ text: String) -> Bool {
        // The pattern opens with "by": most lines are ruled out from two bytes, without the regex.
        var bytes = text.utf8.makeIterator()
        guard let b = bytes.next(), let y = bytes.next(), ASCIIBytes.lowercased(b) == UInt8(ascii: "b"),
            ASCIIBytes.lowercased(y) == UInt8(ascii: "y")
        else { return false }
        return text.split(separator: " ").count <= 25 && Pattern.byline.matches(text)
    }
}
