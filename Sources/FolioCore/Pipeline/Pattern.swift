import Foundation

/// A regular expression compiled once. `String.range(of:options: .regularExpression)`
/// compiles its pattern on every call, which showed up in profiles of long documents.
struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as thread-safe.
    private let regex: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false) {
        regex = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

extension Pattern {
    /// The start of a caption or a figure's source line: `Figure 3.`, `Table 2:`, `Source:`.
    static let caption = Pattern(
        #"^((Figure|Fig\.|Table|Chart|Exhibit|Map|Graph|Box)\s+[0-9]+[A-Za-z]?[.:]|Sources?:|Notes?:\s)"#)
}
