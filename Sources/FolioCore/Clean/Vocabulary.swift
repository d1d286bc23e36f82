import FolioText
import Foundation

/// Known words: the system word list (Debian's `wamerican`), loaded once.
/// The document's own vocabulary is consulted first by the callers.
enum WordList {
    /// Every entry, lower-cased; and the entries the list spells only with a
    /// capital (`Bogota`, `Medellin`): names, not common words.
    static let entries: (all: Set<String>, names: Set<String>) = {
        let paths = ["/usr/share/dict/words", "/usr/share/dict/american-english", "/usr/share/dict/british-english"]
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            var all = Set<String>()
            var capitalized: [String] = []
            all.reserveCapacity(120_000)
            capitalized.reserveCapacity(30_000)
            data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                for line in raw.split(separator: 0x0A) {
                    // Possessives ("Abe's") are not words of their own.
                    if line.count >= 2, line[line.endIndex - 2] == 0x27, line.last == 0x73 { continue }
                    let word = String(decoding: line, as: UTF8.self)
                    if line.contains(where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) {
                        capitalized.append(word.lowercased())
                    } else {
                        all.insert(word)
                    }
                }
            }
            // Capitalised entries without a lower-case twin are names.
            var names = Set<String>(minimumCapacity: capitalized.count)
            for word in capitalized where all.insert(word).inserted { names.insert(word) }
            return (all, names)
        }
        return ([], [])
    }()

    /// Starts loading the list on a background thread, so that it is ready by
    /// the time the document-level stages ask.
    static func preload() {
        DispatchQueue.global(qos: .userInitiated).async { _ = entries.all.count }
    }

    static func contains(_ word: String) -> Bool { entries.all.contains(word.lowercased()) }

    /// Whether the list knows the word only as a name (`Bogota`, not `the`).
    static func isName(_ word: String) -> Bool { entries.names.contains(word.lowercased()) }
}

/// Counts of the words a document spells whole (not broken at a line end).
struct Vocabulary: Sendable {
    private(set) var counts: [String: Int] = [:]

    mutating func add(_ text: String) {
        guard ASCIIBytes.all(text) else {
            for token in text.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "\u{2010}" && $0 != "'" }) {
                counts[token.lowercased(), default: 0] += 1
            }
            return
        }
        // Most words are ASCII: split and lower-cased byte by byte, without Unicode tables.
        let tokens = ASCIIBytes.lowercasedRuns(of: text) {
            ASCIIBytes.isLetter($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "'")
        }
        for token in tokens { counts[token, default: 0] += 1 }
    }

    mutating func merge(_ other: Vocabulary) { counts.merge(other.counts, uniquingKeysWith: +) }

    func contains(_ word: String) -> Bool { (counts[word.lowercased()] ?? 0) > 0 }
}
