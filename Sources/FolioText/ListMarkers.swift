/// List markers: bullets and numbers that open a list item.
///
/// Three readers meet markers in different states, so three variants stay apart
/// on purpose (merging them changes output; the fidelity and structure work
/// decides that, checked by the score floors):
/// - ``bullets``: what segmentation accepts at a line's start. Wide, because by
///   then a line is known to start a block: `-`, `*`, `o` and `✓` are bullets
///   there (`o` only before three words or more: "o the" is prose).
/// - ``isTabbedMarker(_:)``: what the text-layer reader keeps with the word
///   after it across a tab stop. Narrow: a lone `-` or `o` glued to the next
///   word on the line would join words that are not a list.
/// - ``ocrBulletReadings``: what Tesseract makes of a small bullet glyph
///   (`«`, `©`, `e`); only taken when the mark is bullet-sized (OCR reader).
package enum ListMarker {
    package static let bullets: Set<String> = [
        "•", "◦", "▪", "●", "–", "—", "-", "*", "·", "■", "□", "➢", "✓", "►", "▸", "o", "‣", "⁃",
    ]

    /// Bullets that open a word glued to them (`•Item`).
    package static let gluedBullets: Set<Character> = ["•", "▪", "●", "■", "►", "▸", "◦"]

    private static let tabbedBullets: Set<String> = ["•", "◦", "▪", "●", "–", "■", "►", "▸", "‣", "⁃"]

    /// `=` is a small filled square (`▪`) at scan resolution: its top and bottom
    /// edges survive, its middle is read as the gap between two strokes.
    package static let ocrBulletReadings: Set<String> = [
        "«", "»", "+", "*", "°", "©", "®", "@", "¢", "■", "▪", "●", "•", "·", "e", "o", "eo", "=",
    ]

    /// "1." / "12)" / "a." / "(b)": an optional "(", one or two digits or one
    /// lower-case letter, then "." or ")". (Checked byte by byte: every line's
    /// first word is asked.)
    package static func isNumbered(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        guard bytes.count >= 2, bytes.count <= 4, let close = bytes.popLast(), close == 0x2E || close == 0x29
        else { return false }
        if bytes.first == 0x28 { bytes.removeFirst() }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        switch bytes.count {
        case 1: return isDigit(bytes.first!) || (bytes.first! >= 0x61 && bytes.first! <= 0x7A)
        case 2: return bytes.allSatisfy(isDigit)
        default: return false
        }
    }

    /// "2.1", "5.2.1", "A.3": a numbered section's number (two levels or more;
    /// one level is a list or note number). Layout joins it to its title; a
    /// heading that starts with one is never a pull-quote.
    package static func isSectionNumber(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let body = parts.last == "" ? parts.dropLast() : parts[...]
        guard body.count >= 2, body.count <= 4, text.count <= 12 else { return false }
        return body.enumerated().allSatisfy { k, part in
            (!part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber })
                || (k == 0 && part.count == 1 && part.first!.isUppercase)
        }
    }

    /// A bullet or a list number the text-layer reader keeps with its item.
    package static func isTabbedMarker(_ text: String) -> Bool {
        tabbedBullets.contains(text) || isNumbered(text)
    }

    /// Whether a line whose first word is `first`, of `wordCount` words, opens a list item.
    package static func opensItem(first: String, wordCount: Int) -> Bool {
        if bullets.contains(first) && wordCount > 1 { return first != "o" || wordCount > 3 }
        if let c = first.first, gluedBullets.contains(c), first.count > 1 { return true }
        return isNumbered(first) && wordCount > 1
    }
}
