import Foundation

/// A regular expression compiled once. `String.range(of:options: .regularExpression)`
/// compiles its pattern on every call, which showed up in profiles of long documents.
/// Every pattern in Folio is one of these.
package struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as thread-safe.
    private let regex: NSRegularExpression

    package init(_ pattern: String, caseInsensitive: Bool = false) {
        regex = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    package func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The capture groups of the first match (nil for a group that took no part).
    package func firstMatch(in text: String) -> [Substring?]? {
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { text[$0] } }
    }

    /// `text` with every match replaced by `template` (`$1` for a group).
    package func replacing(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

extension Pattern {
    /// The start of a caption or a figure's source line: `Figure 3.`, `Table 2:`, `Source:`.
    package static let caption = Pattern(
        #"^((Figure|Fig\.|Table|Chart|Exhibit|Map|Graph|Box)\s+[0-9]+[A-Za-z]?[.:]|Sources?:|Notes?:\s)"#)

    /// What a note cites: a year, "Ibid.", a link, a page reference, an interview.
    package static let citation = Pattern(
        #"\b(1[89][0-9]{2}|20[0-9]{2})\b|\bIbid\b|https?:|\bpp?\. [0-9]|\binterview\b"#, caseInsensitive: true)

    /// A chapter's byline: "By" and a capitalised name.
    package static let byline = Pattern(#"^[Bb][Yy]\s+\p{Lu}"#)
}
