import FolioText
import Testing

/// The passage index answers what a substring search of the keys joined by
/// single spaces answers (the sidebar rule's old form), without the scan.
@Suite("Passage index")
struct PassageIndexTests {
    @Test func agreesWithSubstringSearchOfTheJoinedKeys() {
        var random = SystemRandomNumberGenerator()
        let vocabulary = ["a", "b", "ab", "ba", "c", "abc"]
        for _ in 0..<200 {
            // Keys of one to three words, some empty (a line without letters).
            let keys = (0..<Int.random(in: 1...12, using: &random)).map { _ in
                Bool.random(using: &random)
                    ? ""
                    : (0..<Int.random(in: 1...3, using: &random)).map { _ in vocabulary.randomElement()! }
                        .joined(separator: " ")
            }
            let joined = " " + keys.joined(separator: " ") + " "
            let index = PassageIndex(keys: keys)
            for _ in 0..<20 {
                let passage = (0..<Int.random(in: 1...4, using: &random)).map { _ in vocabulary.randomElement()! }
                let text = passage.joined(separator: " ")
                #expect(index.contains(passage) == joined.contains(" " + text + " "), "\(keys) ∋ \(passage)")
                #expect(
                    index.contains(passage, lastWordCut: true) == joined.contains(" " + text),
                    "\(keys) ∋ \(passage)…")
            }
        }
    }

    @Test func anEmptyKeyBreaksAPassage() {
        let index = PassageIndex(keys: ["the quiet", "", "river"])
        #expect(index.contains(["the", "quiet"]))
        #expect(!index.contains(["quiet", "river"]))
        #expect(PassageIndex(keys: ["the quiet", "river"]).contains(["quiet", "river"]))
    }
}
