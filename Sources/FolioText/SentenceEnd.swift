/// Whether a text ends a sentence. Three variants, each for its own reader:
/// - ``paragraph(_:)``: a paragraph or line is finished; `:` counts (a lead-in
///   to a list ends its paragraph), closing quotes and brackets are skipped.
/// - ``quote(_:)``: a pull-quote is finished; `:` does not count (a quote
///   never stops at a colon), nor do brackets.
/// - ``token(_:)``: a word closes a sentence inside running text, a note
///   marker glued after the stop included (`control.1`): text mode reads
///   sentences word by word where markers are still glued to words.
package enum SentenceEnd {
    private static let paragraphClosers = Set(scalarsOf: "\"'”’)] ")
    private static let paragraphStops = Set(scalarsOf: ".!?:")
    private static let quoteClosers = Set(scalarsOf: "”\"’' ")
    private static let stops = Set(scalarsOf: ".!?")

    package static func paragraph(_ text: String) -> Bool {
        text.lastScalar(skipping: paragraphClosers).map(paragraphStops.contains) ?? false
    }

    package static func quote(_ text: String) -> Bool {
        text.lastScalar(skipping: quoteClosers).map(stops.contains) ?? false
    }

    package static func token(_ text: String) -> Bool {
        if let ascii = asciiToken(text) { return ascii }
        var t = Substring(text)
        while let last = t.last, "”\"’')]".contains(last) { t = t.dropLast() }
        let digits = t.reversed().prefix { $0.isNumber }.count
        if digits > 0, digits <= 3 {
            let head = t.dropLast(digits)
            if head.count >= 2, head.dropLast().last?.isLetter == true { t = head }
        }
        return t.last.map { ".!?".contains($0) } ?? false
    }

    /// ``token(_:)`` read from the bytes of an ASCII word (every word is asked,
    /// and most are ASCII); nil for any other word.
    private static func asciiToken(_ text: String) -> Bool? {
        let bytes = text.utf8
        guard ASCIIBytes.all(text) else { return nil }
        var end = bytes.endIndex
        while end > bytes.startIndex, "\"')]".utf8.contains(bytes[bytes.index(before: end)]) {
            end = bytes.index(before: end)
        }
        var head = end
        while head > bytes.startIndex, ASCIIBytes.isDigit(bytes[bytes.index(before: head)]) {
            head = bytes.index(before: head)
        }
        let digits = bytes.distance(from: head, to: end)
        if digits > 0, digits <= 3, bytes.distance(from: bytes.startIndex, to: head) >= 2,
            ASCIIBytes.isLetter(bytes[bytes.index(head, offsetBy: -2)])
        {
            end = head
        }
        guard end > bytes.startIndex else { return false }
        return ".!?".utf8.contains(bytes[bytes.index(before: end)])
    }

    /// A word that can open a sentence: a capital or a digit, after any opening quote or bracket.
    package static func opens(_ text: String) -> Bool {
        // ASCII at the start: decided from the bytes (a non-ASCII byte after it
        // may combine with it, and goes the long way).
        let bytes = text.utf8
        if let i = bytes.firstIndex(where: { !"\"'(".utf8.contains($0) }), bytes[i] < 0x80 {
            let next = bytes.index(after: i)
            if next == bytes.endIndex || bytes[next] < 0x80 {
                return ASCIIBytes.isUppercase(bytes[i]) || ASCIIBytes.isDigit(bytes[i])
            }
        }
        guard let first = text.first(where: { !"“\"‘'(".contains($0) }) else { return false }
        return first.isUppercase || first.isNumber
    }
}
