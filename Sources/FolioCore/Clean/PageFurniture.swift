import FolioModel
import Foundation

/// Finds running headers, footers and page numbers across the pages of one
/// document, removes them and keeps each page's printed number as its label.
///
/// A line is furniture when it sits at the top or bottom edge of its page and
/// either is a bare page number, or recurs at the same edge on several pages
/// once digits are masked (so "Policy Brief No. 14 | 7" matches "… | 8") and
/// spaces removed (so a letter-spaced "S E C U R I T Y" matches itself).
enum PageFurniture {
    /// How many lines at each edge may be furniture.
    static let edgeLines = 3

    static func remove(_ pages: [PageText]) -> [PageText] {
        struct Candidate { var page: Int; var line: Int; var top: Bool; var key: String }
        var candidates: [Candidate] = []
        for (p, page) in pages.enumerated() {
            for (i, top) in edgeLineIndices(page) {
                // The type size is part of the key, so a chapter title never
                // matches the small running header that repeats it.
                let size = page.lines[i].style.size
                let sizeBucket = size > 0 ? Int((log(size) / log(1.2)).rounded()) : 0
                let key = "\(sizeBucket)|" + maskedKey(page.lines[i].text)
                if key.count > 2 { candidates.append(Candidate(page: p, line: i, top: top, key: key)) }
            }
        }
        var pagesWithKey: [String: Set<Int>] = [:]
        for c in candidates { pagesWithKey["\(c.top)|\(c.key)", default: []].insert(c.page) }
        let minRepeats = pages.count >= 8 ? 3 : 2

        var result = pages
        for p in pages.indices {
            var drop = Set<Int>()
            var label: String?
            for c in candidates where c.page == p {
                let line = pages[p].lines[c.line]
                let repeats = pagesWithKey["\(c.top)|\(c.key)"]?.count ?? 0
                let number = pageNumber(in: line.text)
                guard number != nil || (repeats >= minRepeats && pages.count > 1 && line.words.count <= 20)
                else { continue }
                drop.insert(c.line)
                if let number {
                    label = number
                } else if label == nil {
                    // A header or footer that carries the folio at one end.
                    let tokens = line.words.map(\.text)
                    label = [tokens.last, tokens.first].compactMap { $0 }.first(where: isBareNumber)
                }
            }
            result[p].label = label
            result[p].lines = pages[p].lines.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
        return result
    }

    /// Indices of the lines nearest the top and bottom edges, in the outer bands of the page.
    static func edgeLineIndices(_ page: PageText) -> [(Int, Bool)] {
        guard !page.lines.isEmpty else { return [] }
        let byTop = page.lines.indices.sorted { page.lines[$0].box.y0 < page.lines[$1].box.y0 }
        let contentTop = page.lines[byTop.first!].box.y0
        let contentBottom = page.lines.map(\.box.y1).max()!
        let band = max((contentBottom - contentTop) * 0.12, 1)
        var out: [(Int, Bool)] = []
        for i in byTop.prefix(edgeLines) where page.lines[i].box.y0 <= contentTop + band {
            out.append((i, true))
        }
        let byBottom = page.lines.indices.sorted { page.lines[$0].box.y1 > page.lines[$1].box.y1 }
        for i in byBottom.prefix(edgeLines) where page.lines[i].box.y1 >= contentBottom - band {
            if !out.contains(where: { $0.0 == i }) { out.append((i, false)) }
        }
        return out
    }

    /// Lower-cased text with letters only, digits and roman numerals masked.
    static func maskedKey(_ text: String) -> String {
        var key = ""
        for token in text.split(separator: " ") {
            if isRoman(String(token)) {
                key += "#"
                continue
            }
            for ch in token.lowercased() {
                if ch.isNumber {
                    if key.last != "#" { key += "#" }
                } else if ch.isLetter {
                    key.append(ch)
                }
            }
        }
        return key
    }

    /// The printed page number if the line is one: "12", "xiv", "Page 3", "3 of 40",
    /// or a header/footer line that ends or starts with a number apart from its text.
    static func pageNumber(in text: String) -> String? {
        let tokens = text.split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return nil }
        if tokens.count == 1, isBareNumber(tokens[0]) { return tokens[0] }
        let lower = tokens.map { $0.lowercased() }
        if tokens.count == 2, lower[0] == "page" || lower[0] == "p.", isBareNumber(tokens[1]) { return tokens[1] }
        if tokens.count == 3, lower[1] == "of", isBareNumber(tokens[0]), Int(tokens[2]) != nil { return tokens[0] }
        if tokens.count == 4, lower[0] == "page", lower[2] == "of", isBareNumber(tokens[1]) { return tokens[1] }
        return nil
    }

    static func isBareNumber(_ token: String) -> Bool {
        let t = token.trimmingCharacters(in: CharacterSet(charactersIn: "–—-|·•()[] "))
        if let n = Int(t), n >= 0, n < 10000, t.count <= 4 { return true }
        return isRoman(t)
    }

    static func isRoman(_ token: String) -> Bool {
        let t = token.lowercased()
        guard !t.isEmpty, t.count <= 7, t.allSatisfy({ "ivxlc".contains($0) }) else { return false }
        // A strict pattern, so words like "civil" or "lix" in prose do not pass.
        return t.range(of: "^c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", options: .regularExpression) != nil
    }
}
