/// Word sequences of a text, indexed so that "does this passage occur in it"
/// costs the occurrences of the passage's rarest word, not a scan of the text.
///
/// The text is given as matching keys (``Words/matchingKey(_:)``, one per line
/// or page); a passage occurs when its words stand consecutively within the
/// keys or across the boundary of two adjacent non-empty keys, as they would in
/// the keys joined by single spaces. An empty key breaks a passage there, as
/// the double space it leaves in such a joined text does.
package struct PassageIndex: Sendable {
    /// Word ids shared by the indexes of one document, so that each line's key
    /// is split and hashed once however many indexes (one per page's
    /// neighbourhood) take it.
    package struct Vocabulary: Sendable {
        fileprivate var ids: [Substring: Int32] = [:]
        /// Each word id's word.
        fileprivate var words: [Substring] = []

        package init() {}

        /// A key's words as ids, a break (an empty key, or an empty word
        /// between two spaces) as -1.
        package mutating func encode(_ key: String) -> [Int32] {
            if key.isEmpty { return [-1] }
            // Keys are split at the ASCII space byte: a word never starts with a
            // mark that could join the space before it.
            return ASCIIBytes.split(key[...], at: 0x20).map { id(of: $0) }
        }

        private mutating func id(of word: Substring) -> Int32 {
            if word.isEmpty { return -1 }
            if let known = ids[word] { return known }
            let id = Int32(words.count)
            ids[word] = id
            words.append(word)
            return id
        }
    }

    private let vocabulary: Vocabulary
    /// The text's words by id; a break is -1.
    private var sequence: [Int32] = []
    /// Where each word id of the text occurs in `sequence`.
    private var positions: [Int32: [Int32]] = [:]

    /// The keys' words indexed, with a vocabulary of their own.
    package init(keys: [String]) {
        var vocabulary = Vocabulary()
        let encoded = keys.map { vocabulary.encode($0) }
        self.init(encoded: encoded, vocabulary: vocabulary)
    }

    /// Keys already encoded with `vocabulary`, which must hold every id they use.
    /// (Arrays, not any sequence: a generic initialiser of this module runs
    /// unspecialised in its callers' modules, at several times the cost.)
    package init(encoded: [[Int32]], vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        sequence.reserveCapacity(encoded.reduce(0) { $0 + $1.count })
        for key in encoded {
            for id in key {
                if id >= 0 { positions[id, default: []].append(Int32(sequence.count)) }
                sequence.append(id)
            }
        }
    }

    /// Whether `passage` occurs; with `lastWordCut`, its last word may be the
    /// start of a longer word of the text (a passage cut mid-word).
    package func contains(_ passage: [String], lastWordCut: Bool = false) -> Bool {
        let whole = lastWordCut ? passage.dropLast() : passage[...]
        guard !whole.isEmpty else {
            return passage.isEmpty || positions.keys.contains { vocabulary.words[Int($0)].hasPrefix(passage[0]) }
        }
        var wanted: [Int32] = []
        wanted.reserveCapacity(whole.count)
        var occurrences: [[Int32]] = []
        var rarest = 0
        for (offset, word) in whole.enumerated() {
            guard let id = vocabulary.ids[Substring(word)], let at = positions[id] else { return false }
            wanted.append(id)
            occurrences.append(at)
            if at.count < occurrences[rarest].count { rarest = offset }
        }
        let length = passage.count
        for p in occurrences[rarest] {
            let start = Int(p) - rarest
            guard start >= 0, start + length <= sequence.count,
                sequence[start..<(start + wanted.count)].elementsEqual(wanted)
            else { continue }
            guard lastWordCut else { return true }
            let last = sequence[start + length - 1]
            if last >= 0, vocabulary.words[Int(last)].hasPrefix(passage[length - 1]) { return true }
        }
        return false
    }
}
