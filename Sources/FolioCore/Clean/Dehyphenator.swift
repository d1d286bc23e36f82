import FolioText

/// Decides how a word broken at a line end is rejoined.
///
/// Joined without the hyphen when the joined form is a word (the document's own
/// vocabulary first, then the system word list) or when neither fragment is a
/// word by itself; kept as a compound (`better-paid`, `U.S.-Mexico`,
/// `21st-century`, `n-tridecanal`) otherwise.
struct Dehyphenator: Sendable {
    var vocabulary: Vocabulary

    static let hyphens = Hyphens.lineEnd

    /// `head` ends with a hyphen; `tail` is the first word of the next line.
    /// Returns the joined word.
    func join(_ head: String, _ tail: String) -> String {
        guard let hyphen = head.last, Self.hyphens.contains(hyphen) else { return head + " " + tail }
        let stem = String(head.dropLast())
        if hyphen == "\u{00AD}" { return stem + tail }
        let stemWord = lastWord(stem)
        let tailWord = firstWord(tail)
        guard let firstTail = tailWord.first, !stemWord.isEmpty else { return head + tail }
        // Capitalised, numeric or dotted stems (U.S.-, 21st-, COVID-) are compounds;
        // a capital after the break is too.
        if firstTail.isUppercase || firstTail.isNumber { return head + tail }
        if stemWord.count == 1 || stemWord.contains(where: { $0.isNumber || $0 == "." })
            || stemWord.allSatisfy({ $0.isUppercase })
        {
            return head + tail
        }
        let joined = (stemWord + tailWord).lowercased()
        let compound = (stemWord + "-" + tailWord).lowercased()
        if vocabulary.contains(compound) && !vocabulary.contains(joined) { return stem + "-" + tail }
        if vocabulary.contains(joined) || WordList.contains(joined) || WordList.contains(singular(joined)) {
            return stem + tail
        }
        let stemIsWord = WordList.contains(stemWord) || vocabulary.contains(stemWord)
        let tailIsWord =
            WordList.contains(tailWord) || WordList.contains(singular(tailWord)) || vocabulary.contains(tailWord)
        if stemIsWord && tailIsWord && stemWord.count > 2 && tailWord.count > 2 { return stem + "-" + tail }
        return stem + tail
    }

    private func singular(_ w: String) -> String {
        if w.hasSuffix("ies") { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("es") || w.hasSuffix("s") || w.hasSuffix("ed") {
            return String(w.dropLast(w.hasSuffix("s") && !w.hasSuffix("es") ? 1 : 2))
        }
        if w.hasSuffix("ing") { return String(w.dropLast(3)) }
        return w
    }

    private func lastWord(_ s: String) -> String {
        String(s.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "." }.reversed())
    }

    private func firstWord(_ s: String) -> String {
        String(s.prefix { $0.isLetter })
    }
}
