// Foundation for NFKC (precomposedStringWithCompatibilityMapping); the standard library has no public form of it.
import Foundation

/// Identities that last across editions: a block keeps its `id` while its text
/// is unchanged up to the differences `CONTRACT.md` says are not changes.
///
/// The identity is a hash of `EditionText.key(of:)` (NFKC, case, quotes,
/// apostrophes, hyphenation, whitespace and punctuation folded), so a text
/// layer, a text-mode run and an OCR'd scan of the same words agree. A text
/// that occurs more than once keeps the first id plain and suffixes the later
/// ones in document order (`-2`, `-3`, …): repeated notes such as "Ibid." stay
/// distinct without making unique texts depend on their position.
extension Document {
    /// This document with `id` set on every chapter and block.
    public func withIdentities() -> Document {
        var copy = self
        copy.assignIdentities()
        return copy
    }

    public mutating func assignIdentities() {
        var chapterSeen: [String: Int] = [:]
        var blockSeen: [String: Int] = [:]
        // In document order: front matter, chapters, back matter.
        for b in frontMatter.indices { frontMatter[b].id = Self.identity(of: frontMatter[b].text, seen: &blockSeen) }
        for c in chapters.indices {
            chapters[c].id = Self.identity(of: chapters[c].title ?? "", seen: &chapterSeen)
            for b in chapters[c].blocks.indices {
                chapters[c].blocks[b].id = Self.identity(of: chapters[c].blocks[b].text, seen: &blockSeen)
            }
        }
        for b in backMatter.indices { backMatter[b].id = Self.identity(of: backMatter[b].text, seen: &blockSeen) }
    }

    /// The id of `text`, suffixed by its occurrence number when it was seen before.
    static func identity(of text: String, seen: inout [String: Int]) -> String {
        let hash = EditionText.identityHash(of: text)
        let occurrence = (seen[hash] ?? 0) + 1
        seen[hash] = occurrence
        return occurrence == 1 ? hash : "\(hash)-\(occurrence)"
    }
}

/// The comparison form of text shared by block identities and `folio diff`.
public enum EditionText {
    /// Lower-cased words of letters and digits after NFKC. Quotes and
    /// apostrophes are dropped, a hyphen or dash between two word characters
    /// joins them (so "cross-border", "cross- border" and "crossborder" agree),
    /// soft hyphens vanish, and every other character separates words.
    public static func words(of text: String) -> [String] {
        // NFKC only when some character could change under it: most report
        // text is ASCII, accented Latin letters, dashes and curly quotes.
        let source =
            text.unicodeScalars.allSatisfy(isNFKCStable) ? text : text.precomposedStringWithCompatibilityMapping
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.utf8.count)
        for s in source.unicodeScalars {
            if s.isASCII {
                scalars.append((0x41...0x5A).contains(s.value) ? Unicode.Scalar(s.value + 32)! : s)
            } else if s.properties.changesWhenLowercased {
                scalars.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                scalars.append(s)
            }
        }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if isWordScalar(s) {
                current.append(s)
            } else if ignored.contains(s.value) {
                // Within a word or between words alike: never a separator.
            } else if hyphens.contains(s.value), !current.isEmpty {
                var next = i + 1
                while next < scalars.count, scalars[next].properties.isWhitespace { next += 1 }
                if next < scalars.count, isWordScalar(scalars[next]) {
                    i = next
                    continue
                }
                flush(&current, into: &words)
            } else {
                flush(&current, into: &words)
            }
            i += 1
        }
        flush(&current, into: &words)
        return words
    }

    /// Characters NFKC leaves as they are (checked against Python's
    /// unicodedata): ASCII, NBSP and the soft hyphen (separator and ignored
    /// either way), Latin-1 and Latin Extended-A letters but for a few
    /// ligatures and compatibility forms, and the dashes, quotes and dots of
    /// General Punctuation (the dots separate words either way).
    static func isNFKCStable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x80, 0xA0, 0xAD: return true
        case 0xC0..<0x180: return ![0x132, 0x133, 0x13F, 0x140, 0x149, 0x17F].contains(s.value)
        case 0x2010..<0x2028: return s.value != 0x2017
        default: return false
        }
    }

    /// The words joined by single spaces: equal keys mean "not a change".
    public static func key(of text: String) -> String { words(of: text).joined(separator: " ") }

    /// 16 hex digits of the 64-bit FNV-1a hash of the key: stable across runs
    /// and platforms (Swift's `Hasher` is seeded per process).
    public static func identityHash(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key(of: text).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func flush(_ current: inout String.UnicodeScalarView, into words: inout [String]) {
        guard !current.isEmpty else { return }
        words.append(String(current))
        current = String.UnicodeScalarView()
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
        }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || s == "_" || p.generalCategory == .nonspacingMark
    }

    /// Apostrophes, quote marks and the soft hyphen: style, not words.
    private static let ignored: Set<UInt32> = [
        0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0xAD,
    ]

    /// Hyphens, dashes and the minus sign.
    private static let hyphens: Set<UInt32> = [0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212]
}
