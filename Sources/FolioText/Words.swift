import Foundation

/// Words as the matching rules see them.
package enum Words {
    /// Lower-cased runs of letters and digits: the words two copies of a passage
    /// share whatever their punctuation, line breaks or case.
    package static func matching(_ text: String) -> [String] {
        if ASCIIBytes.all(text) {
            // ASCII, the common case: letters and digits are bytes, no Unicode tables.
            return ASCIIBytes.lowercasedRuns(of: text) { ASCIIBytes.isLetter($0) || ASCIIBytes.isDigit($0) }
        }
        if let runs = typographicRuns(text) { return runs }
        return text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// ``matching(_:)`` of ASCII text with typographic punctuation (curly
    /// quotes, dashes, an ellipsis, a no-break space), the next most common
    /// case: every such sign is a character of its own that is no letter or
    /// digit and has no lower case, so it only separates runs. Nil for any other
    /// text.
    package static func typographicRuns(_ text: String) -> [String]? {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII || isTypographic($0) }) else { return nil }
        // No byte of such a sign is a letter's or digit's: the ASCII rule's runs.
        return ASCIIBytes.lowercasedRuns(of: text) { ASCIIBytes.isLetter($0) || ASCIIBytes.isDigit($0) }
    }

    /// Punctuation and spaces of typeset text outside ASCII: neither letters nor
    /// digits, without case, and characters of their own (no mark joins them
    /// to a neighbour): `‘ ’ “ ” ‐ – — … « » • ′ ″` and the no-break space.
    package static func isTypographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xA0, 0xAB, 0xBB, 0x2010...0x2015, 0x2018...0x201F, 0x2022, 0x2026, 0x2032, 0x2033: return true
        default: return false
        }
    }

    /// The words between spaces: `text.split(separator: " ")`, found on the
    /// bytes. Splitting on the character walks every grapheme; a space is one
    /// byte, and it is a character of its own unless a mark that joins it
    /// follows it or a prepended sign comes before it, where the character
    /// split is taken instead, so the answer is always the same.
    package static func spaced(_ text: String) -> [Substring] {
        // The spaces found in the string's bytes (a native string lends its own
        // buffer), each neighbour outside ASCII decoded to be sure.
        var contiguous = text
        let spaces = contiguous.withUTF8 { bytes -> [Int]? in
            var spaces: [Int] = []
            for k in bytes.indices where bytes[k] == 0x20 {
                if k + 1 < bytes.count, bytes[k + 1] >= 0x80,
                    let next = firstScalar(of: bytes[(k + 1)...]), joinsPrevious(next)
                {
                    return nil
                }
                if k > 0, bytes[k - 1] >= 0x80 {
                    var lead = k - 1
                    while lead > 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                    if let before = firstScalar(of: bytes[lead..<k]), before.properties.generalCategory == .format {
                        return nil
                    }
                }
                spaces.append(k)
            }
            return spaces
        }
        guard let spaces else { return text.split(separator: " ") }
        var parts: [Substring] = []
        parts.reserveCapacity(spaces.count + 1)
        let utf8 = text.utf8
        var start = 0
        for k in spaces + [utf8.count] {
            if k > start {
                parts.append(
                    text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: k)])
            }
            start = k + 1
        }
        return parts
    }

    /// The first scalar of UTF-8 bytes that start at a scalar's first byte.
    private static func firstScalar(of bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    /// A scalar that belongs to the character before it: a combining mark, a joiner.
    package static func joinsPrevious(_ c: Unicode.Scalar) -> Bool {
        c.value >= 0x80
            && (c.properties.isGraphemeExtend || c.properties.generalCategory == .spacingMark || c.value == 0x200D)
    }

    /// ``matchingKey(_:)`` of the words joined by single spaces, without
    /// joining them: a line's key from its words. (An array, not any collection:
    /// a generic function of this module runs unspecialised in its callers'
    /// modules, at several times the cost.)
    package static func matchingKey(ofWords words: [String]) -> String {
        // A word opening with a mark would join the space before it into one character.
        if words.dropFirst().contains(where: { $0.unicodeScalars.first.map(joinsPrevious) ?? false }) {
            return matchingKey(words.joined(separator: " "))
        }
        var key: [UInt8] = []
        for word in words {
            guard ASCIIBytes.all(word) else {
                // Other words go the long way alone: their letters and digits, lower-cased.
                for part in matching(word) {
                    if !key.isEmpty { key.append(0x20) }
                    key += part.utf8
                }
                continue
            }
            // Each word starts a new run, as the space that would join it does.
            var inRun = false
            for byte in word.utf8 {
                guard ASCIIBytes.isLetter(byte) || ASCIIBytes.isDigit(byte) else {
                    inRun = false
                    continue
                }
                if !inRun && !key.isEmpty { key.append(0x20) }
                key.append(ASCIIBytes.lowercased(byte))
                inRun = true
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// ``matching(_:)`` joined by single spaces, for substring search.
    package static func matchingKey(_ text: String) -> String {
        matching(text).joined(separator: " ")
    }

    /// The word without the punctuation around it, digits kept (`2020.` → `2020`):
    /// OCR repair compares years and numbers too.
    package static func core(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet.letters.union(.decimalDigits).inverted)
    }

    /// The word from its first letter to its last (`“fossilfuel,”` → `fossilfuel`):
    /// compounds are letters and hyphens only.
    package static func letterCore(_ text: String) -> String {
        guard let first = text.firstIndex(where: \.isLetter), let last = text.lastIndex(where: \.isLetter) else {
            return ""
        }
        return String(text[first...last])
    }

    /// Lower-cased, accents removed.
    package static func fold(_ word: String) -> String {
        word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }
}

/// Page numbers as printed: `12`, `– 12 –`, `[12]`, `xiv`.
package enum PageNumber {
    /// Dashes, bars and brackets printed around a page number.
    package static let punctuation = Set(scalarsOf: "–—-|·•()[] ")

    package static func isBare(_ token: String) -> Bool {
        let t = token.trimming(punctuation)
        if let n = Int(t), n >= 0, n < 10000, t.count <= 4 { return true }
        return isRoman(t)
    }

    private static let romanPattern = Pattern("^c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

    package static func isRoman(_ token: String) -> Bool {
        let t = token.lowercased()
        guard !t.isEmpty, t.count <= 7, t.allSatisfy({ "ivxlc".contains($0) }) else { return false }
        // A strict pattern, so words like "civil" or "lix" in prose do not pass.
        return romanPattern.matches(t)
    }
}
