/// Only note markers are note markers. A raised run of small type is a
/// marker when a note in the document carries its label, or when it is a
/// number inside the document's note numbering (a note the segmentation did
/// not find still has its neighbours: 15 and 17 vouch for 16); otherwise it is part
/// of the text (an ordinal's `rd`, an exponent, a chemical charge, a raised
/// number in a document without notes) and goes back where it stood: glued to
/// the word before it, as Unicode superscript characters where every character
/// has one (`10⁻³`, `x²`), ordinal endings as plain letters (`3rd`, `1er`), and
/// anything else after a caret (`2^(n+1)`).
enum NoteReferenceCheck {
    static func apply(_ draft: inout Draft) {
        var labels = Set<String>()
        for units in draft.chapters.map(\.units) + [draft.outside] {
            for unit in units where unit.kind == .footnote {
                if let label = unit.label { labels.insert(label) }
            }
        }
        for c in draft.chapters.indices {
            for u in draft.chapters[c].units.indices where !draft.chapters[c].units[u].raised.isEmpty {
                restore(&draft.chapters[c].units[u], labels: labels)
            }
        }
    }

    /// Whether `label` stands for a note: one carries it, or it is a number
    /// no further than three past the highest numbered note.
    static func isNote(_ label: String, among labels: Set<String>, highest: Int?) -> Bool {
        if labels.contains(label) { return true }
        guard let n = Int(label), n > 0, let highest else { return false }
        return n <= highest + 3
    }

    /// Puts back into `unit`'s text the raised runs no note carries.
    static func restore(_ unit: inout Unit, labels: Set<String>) {
        let highest = labels.compactMap { Int($0) }.max()
        let isMarker = { (run: RaisedRun) in run.labels.allSatisfy { isNote($0, among: labels, highest: highest) } }
        let text = unit.raised.filter { !isMarker($0) }
        guard !text.isEmpty, [.paragraph, .listItem, .heading, .caption, .pullQuote].contains(unit.kind) else {
            return
        }
        var words = unit.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for run in text.reversed() {
            for label in run.labels {
                if let i = unit.refs.lastIndex(of: label) { unit.refs.remove(at: i) }
            }
            let printed = written(run.text)
            if run.word > 0, run.word - 1 < words.count {
                words[run.word - 1] += printed
            } else if !words.isEmpty {
                words[0] = printed + words[0]
            }
        }
        unit.text = words.joined(separator: " ")
        unit.raised.removeAll { !isMarker($0) }
    }

    static let ordinalEndings: Set<String> = ["st", "nd", "rd", "th", "e", "er", "re", "o", "a", "ème", "eme"]

    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ",
    ]

    /// How a raised run reads in plain text.
    static func written(_ raised: String) -> String {
        if ordinalEndings.contains(raised.lowercased()) { return raised }
        let mapped = raised.compactMap { superscripts[$0] }
        if mapped.count == raised.count { return String(mapped) }
        return raised.count == 1 ? "^" + raised : "^(" + raised + ")"
    }
}

/// Raised runs that no note carries go back into the text (`NoteReferenceCheck`).
struct NoteReferences: DocumentStage {
    let name = "note-refs"
    func run(_ draft: inout Draft, workers: Int) { NoteReferenceCheck.apply(&draft) }
}
