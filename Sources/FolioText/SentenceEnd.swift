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
        var t = Substring(text)
        while let last = t.last, "”\"’')]".contains(last) { t = t.dropLast() }
        let digits = t.reversed().prefix { $0.isNumber }.count
        if digits > 0, digits <= 3 {
            let head = t.dropLast(digits)
            if head.count >= 2, head.dropLast().last?.isLetter == true { t = head }
        }
        return t.last.map { ".!?".contains($0) } ?? false
    }

    /// A word that can open a sentence: a capital or a digit, after any opening quote or bracket.
    package static func opens(_ text: String) -> Bool {
        guard let first = text.first(where: { !"“\"‘'(".contains($0) }) else { return false }
        return first.isUppercase || first.isNumber
    }
}
