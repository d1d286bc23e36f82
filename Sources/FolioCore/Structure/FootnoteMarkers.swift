import FolioText
import Foundation

/// Footnote markers that reached the text glued to a word, where no type size
/// told them apart (OCR, plain text): `2020.11 The`, `legally,3`, `“…done.”4`.
/// A trailing number is cut only when it is the next note the chapter expects
/// (the running numbering of the notes it prints), so decimals and years stay.
enum FootnoteMarkers {
    static let glued = Pattern(
        #"^(.*(?:\p{L}|[)\]%”’"]|[0-9]{4}))([.,;:!?]["”’]?|["”’])([0-9]{1,3})$"#)

    /// A superscript number that OCR read as a mark: `control.!`, `will.*`,
    /// `phase.?`, `instructive.'`, `States!*`.
    static let mangled = Pattern(
        #"^(.*(?:\p{L}|[)\]%0-9]))((?:[.,;:])(?:[!*?'’°¹²³⁴⁵⁶⁷⁸⁹]{1,2})|[!*]{1,2}|!\?)$"#)

    /// What a mangled marker can end in.
    static let markEnds: Set<Unicode.Scalar> = [
        "!", "*", "?", "'", "’", "°", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
    ]

    static func recover(_ units: inout [Unit]) {
        let labels = Set(units.filter { $0.kind == .footnote }.compactMap(\.label).compactMap { Int($0) })
        guard !labels.isEmpty else { return }
        var last = 0
        for i in units.indices {
            if let r = units[i].refs.compactMap({ Int($0) }).max() { last = max(last, r) }
            guard units[i].kind == .paragraph || units[i].kind == .listItem else { continue }
            // Most paragraphs end no word in a digit or a stray mark: nothing to look at.
            guard units[i].text.unicodeScalars.contains(where: { ("0"..."9").contains($0) || markEnds.contains($0) })
            else { continue }
            var words = units[i].text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            var changed = false
            for w in words.indices {
                let token = words[w]
                guard token.last?.isNumber == true else { continue }
                guard let m = glued.firstMatch(in: token), let number = m[3], let n = Int(number) else { continue }
                // The next note, or one skipped over; never back in the numbering.
                guard labels.contains(n), n > last, n <= last + 3 else { continue }
                words[w] = String(token[..<number.startIndex])
                units[i].refs.append(String(n))
                last = n
                changed = true
            }
            for w in words.indices {
                let token = words[w]
                guard let end = token.unicodeScalars.last, markEnds.contains(end) else { continue }
                guard let m = mangled.firstMatch(in: token), let whole = m[2] else { continue }
                let suffix = String(whole)
                let sentenceEnd = suffix.first.map { ".,;:".contains($0) } == true
                let mark = sentenceEnd ? String(suffix.dropFirst()) : suffix
                // A closing quote may be just that: only when no quotation is open.
                if mark.allSatisfy({ "'’".contains($0) }) {
                    let before = words[..<w].joined(separator: " ")
                    let opened = before.filter { $0 == "“" || $0 == "‘" }.count
                    let closed = before.filter { $0 == "”" || $0 == "’" }.count
                    if opened > closed { continue }
                }
                if labels.contains(last + 1) {
                    last += 1
                    units[i].refs.append(String(last))
                } else if mark.allSatisfy({ "'’".contains($0) }) {
                    continue
                }
                // The mark is dropped either way: it is no part of the text.
                let keep = sentenceEnd ? String(suffix.prefix(1)) : (suffix.hasPrefix("!") && mark == "!" ? "!" : "")
                words[w] = String(token[..<whole.startIndex]) + keep
                changed = true
            }
            if changed { units[i].text = words.joined(separator: " ") }
        }
    }
}
