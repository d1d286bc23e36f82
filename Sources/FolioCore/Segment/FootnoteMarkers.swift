import Foundation

/// Footnote markers that reached the text glued to a word, where no type size
/// told them apart (OCR, plain text): `2020.11 The`, `legally,3`, `“…done.”4`.
/// A trailing number is cut only when it is the next note the chapter expects
/// (the running numbering of the notes it prints), so decimals and years stay.
enum FootnoteMarkers {
    static let glued = try! NSRegularExpression(
        pattern: #"^(.*(?:\p{L}|[)\]%”’"]|[0-9]{4}))([.,;:!?]["”’]?|["”’])([0-9]{1,3})$"#)

    static func recover(_ units: inout [Unit]) {
        let labels = Set(units.filter { $0.kind == .footnote }.compactMap(\.label).compactMap { Int($0) })
        guard !labels.isEmpty else { return }
        var last = 0
        for i in units.indices {
            if let r = units[i].refs.compactMap({ Int($0) }).max() { last = max(last, r) }
            guard units[i].kind == .paragraph || units[i].kind == .listItem else { continue }
            var words = units[i].text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            var changed = false
            for w in words.indices {
                let token = words[w]
                let range = NSRange(token.startIndex..., in: token)
                guard let m = glued.firstMatch(in: token, range: range),
                    let numberRange = Range(m.range(at: 3), in: token), let n = Int(token[numberRange])
                else { continue }
                // The next note, or one skipped over; never back in the numbering.
                guard labels.contains(n), n > last, n <= last + 3 else { continue }
                words[w] = String(token[..<numberRange.lowerBound])
                units[i].refs.append(String(n))
                last = n
                changed = true
            }
            if changed { units[i].text = words.joined(separator: " ") }
        }
    }
}
