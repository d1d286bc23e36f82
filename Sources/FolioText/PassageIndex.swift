/// Word sequences of a text, indexed so that "does this passage occur in it"
/// costs the occurrences of the passage's rarest word, not a scan of the text.
///
/// The text is given as matching keys (``Words/matchingKey(_:)``, one per line
/// or page); a passage occurs when its words stand consecutively within the
/// keys or across the boundary of two adjacent non-empty keys, as they would in
/// the keys joined by single spaces. An empty key breaks a passage there, as
/// the double space it leaves in such a joined text does.
package struct PassageIndex: Sendable {
    private var ids: [Substring: Int32] = [:]
    /// The text's words by id; a break is -1.
    private var sequence: [Int32] = []
    /// Where each word id occurs in `sequence`.
    private var positions: [[Int32]] = []
    /// Each word id's word.
    private var words: [Substring] = []

    package init<Keys: Sequence<String>>(keys: Keys) {
        for key in keys {
            if key.isEmpty {
                sequence.append(-1)
                continue
            }
            for word in key.split(separator: " ", omittingEmptySubsequences: false) {
                guard !word.isEmpty else {
                    sequence.append(-1)
                    continue
                }
                let id: Int32
                if let known = ids[word] {
                    id = known
                } else {
                    id = Int32(positions.count)
                    ids[word] = id
                    positions.append([])
                    words.append(word)
                }
                positions[Int(id)].append(Int32(sequence.count))
                sequence.append(id)
            }
        }
    }

    /// Whether `passage` occurs; with `lastWordCut`, its last word may be the
    /// start of a longer word of the text (a passage cut mid-word).
    package func contains(_ passage: [String], lastWordCut: Bool = false) -> Bool {
        let whole = lastWordCut ? passage.dropLast() : passage[...]
        guard !whole.isEmpty else { return passage.isEmpty || words.contains { $0.hasPrefix(passage[0]) } }
        var wanted: [Int32] = []
        wanted.reserveCapacity(whole.count)
        var rarest = 0
        for (offset, word) in whole.enumerated() {
            guard let id = ids[Substring(word)] else { return false }
            wanted.append(id)
            if positions[Int(id)].count < positions[Int(wanted[rarest])].count { rarest = offset }
        }
        let length = passage.count
        for p in positions[Int(wanted[rarest])] {
            let start = Int(p) - rarest
            guard start >= 0, start + length <= sequence.count,
                sequence[start..<(start + wanted.count)].elementsEqual(wanted)
            else { continue }
            guard lastWordCut else { return true }
            let last = sequence[start + length - 1]
            if last >= 0, words[Int(last)].hasPrefix(passage[length - 1]) { return true }
        }
        return false
    }
}
