import Foundation

/// Known words: the system word list (Debian's `wamerican`), loaded once.
/// The document's own vocabulary is consulted first by the callers.
enum WordList {
    static let shared: Set<String> = {
        let paths = ["/usr/share/dict/words", "/usr/share/dict/american-english", "/usr/share/dict/british-english"]
        for path in paths {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                var set = Set<String>()
                set.reserveCapacity(120_000)
                for line in text.split(separator: "\n") {
                    let w = line.lowercased()
                    if !w.hasSuffix("'s") { set.insert(w) }
                }
                return set
            }
        }
        return []
    }()

    static func contains(_ word: String) -> Bool { shared.contains(word.lowercased()) }
}

/// Counts of the words a document spells whole (not broken at a line end).
struct Vocabulary: Sendable {
    private(set) var counts: [String: Int] = [:]

    mutating func add(_ text: String) {
        for token in text.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "\u{2010}" && $0 != "'" }) {
            counts[token.lowercased(), default: 0] += 1
        }
    }

    func contains(_ word: String) -> Bool { (counts[word.lowercased()] ?? 0) > 0 }
}
