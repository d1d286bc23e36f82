import FolioModel

/// Code listings: layout blocks of lines set in a fixed-width face
/// (`Line.isMostlyMonospace`; layout keeps them apart from prose) in a
/// document whose prose is not (papers, audits and manuals quote commands,
/// requests and source this way). A listing is kept as one `code` block with
/// its line breaks and indentation, never joined to the prose around it.
enum CodeListing {
    /// The width of one character: the median over the words.
    static func charWidth(_ lines: [Line]) -> Double {
        let widths = lines.flatMap(\.words).map { $0.box.width / Double(max($0.text.count, 1)) }.filter { $0 > 0 }
            .sorted()
        return max(widths.isEmpty ? 1 : widths[widths.count / 2], 0.1)
    }

    /// `text`'s lines moved right by `shift` characters: a piece of a listing
    /// set further in than the piece before it on the page.
    static func indented(_ text: String, by shift: Int) -> String {
        guard shift > 0 else { return text }
        let pad = String(repeating: " ", count: shift)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    /// The listing's text: one line per row of the page (pieces that share a
    /// baseline are one row), indentation and the spacing inside a line kept in
    /// character widths.
    static func text(_ lines: [Line], charWidth: Double) -> String {
        let words = lines.flatMap(\.words)
        guard !words.isEmpty else { return "" }
        let left = lines.map(\.box.x0).min() ?? 0
        // Rows: lines whose boxes share most of their height.
        var rows: [[Line]] = []
        for line in lines.sorted(by: { $0.box.y0 < $1.box.y0 }) {
            if let last = rows.last?.last, line.box.sharesRow(with: last.box) {
                rows[rows.count - 1].append(line)
            } else {
                rows.append([line])
            }
        }
        return rows.map { row in
            var text = ""
            var column = 0
            for w in row.flatMap(\.words).sorted(by: { $0.box.x0 < $1.box.x0 }) {
                let target = Int(((w.box.x0 - left) / charWidth).rounded())
                let spaces = text.isEmpty ? target : max(1, target - column)
                text += String(repeating: " ", count: max(0, spaces)) + w.text
                column = text.count
            }
            return text
        }.joined(separator: "\n")
    }
}
