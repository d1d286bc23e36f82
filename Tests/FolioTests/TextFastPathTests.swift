import FolioText
import Foundation
import Testing

@testable import FolioCore
@testable import MarkdownExporter

/// The byte-level fast paths of the text rules give the answers of the
/// character-level rules they replace, on any text: ASCII, accented letters,
/// combining marks and joiners after a space (which make the space part of
/// another character), prepended signs before one, curly quotes and digits.
@Suite("Text fast paths")
struct TextFastPathTests {
    static let alphabet: [String] = [
        " ", " ", " ", "a", "B", "x", "7", "2", "É", "é", "\u{301}", "\u{200D}", "\u{600}", "’", ".", ",", ";",
        "\u{93F}", "क", "Ⅻ", "٣", "-", "The", "of", "IV", "“", "—", "\u{A0}", "…",
    ]

    static func randomTexts(_ count: Int) -> [String] {
        var random = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...14, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
    }

    @Test func spacedSplitsAsTheCharacterSplitDoes() {
        for text in Self.randomTexts(3000) {
            #expect(Words.spaced(text) == text.split(separator: " "), "\(Array(text.unicodeScalars))")
        }
        #expect(Words.spaced("  two  words ") == ["two", "words"])
        // A space with a combining mark after it is no separator.
        #expect(Words.spaced("a \u{301}b c").count == 2)
    }

    @Test func aLinesKeyFromItsWordsIsTheKeyOfItsText() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let words = Self.randomTexts(Int.random(in: 0...6, using: &random)).map {
                $0.replacingOccurrences(of: " ", with: "")
            }
            #expect(
                Words.matchingKey(ofWords: words) == Words.matchingKey(words.joined(separator: " ")),
                "\(words.map { Array($0.unicodeScalars) })")
        }
        #expect(Words.matchingKey(ofWords: ["“Water,”", "she", "said—twice"]) == "water she said twice")
    }

    @Test func figuresAreCountedAsCharacterByCharacter() {
        for text in Self.randomTexts(3000) {
            let expected = text.split(separator: " ").count(where: DataRunFinder.isNumeral)
            #expect(DataRunFinder.numerals(in: text) == expected, "\(Array(text.unicodeScalars))")
        }
        #expect(DataRunFinder.numerals(in: "2015 €5 don’t 83.3% 3rd") == 3)
    }

    @Test func headingLinesAreToldAsByTheCharacterRule() {
        func characterRule(_ text: String) -> Bool {
            let words = text.split(separator: " ")
            guard words.count >= 1, words.count <= 10, let last = text.last, !".,;".contains(last) else {
                return false
            }
            return TitleCase.matches(text) && text.first?.isLetter == true
        }
        for text in Self.randomTexts(3000) {
            #expect(TitleCase.isHeadingLine(text) == characterRule(text), "\(Array(text.unicodeScalars))")
        }
        #expect(TitleCase.isHeadingLine("Water Rights in the Andes"))
        #expect(!TitleCase.isHeadingLine("water rights in the Andes"))
        #expect(!TitleCase.isHeadingLine("Water Rights in the Andes."))
    }

    @Test func typographicTextIsMatchedAsCharacterByCharacter() {
        for text in Self.randomTexts(4000) {
            let characterRule = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(
                String.init)
            #expect(Words.matching(text) == characterRule, "\(Array(text.unicodeScalars))")
            let keys = text.lowercased().unicodeScalars.filter(InterleavedQuoteExtractor.Document.isKeyScalar).map(
                \.value)
            var appended: [UInt32] = []
            InterleavedQuoteExtractor.Document.appendKey(of: text, to: &appended)
            #expect(appended == keys, "\(Array(text.unicodeScalars))")
        }
        #expect(Words.typographicRuns("“Don’t—ever”") == ["don", "t", "ever"])
        #expect(Words.typographicRuns("café") == nil)
    }

    @Test func asciiNotesReadAsProseAsCharacterByCharacter() {
        let parts = [" ", " ", ".", "=", "a", "Bc", "de", "7", "12", ",", "x.", "(2017):", "no.", "\r\n"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in parts.randomElement(using: &random)! }
                .joined()
            let words = text.split(separator: " ").filter { $0.contains(where: \.isLetter) }
            let wordy = words.count { $0.count(where: \.isLetter) >= 2 }
            let characterRule =
                !text.contains(". .") && !text.contains("..") && !text.contains("=") && wordy > 0
                && Double(wordy) >= 0.7 * Double(words.count)
            #expect(NoteFinder.readsAsProse(text) == characterRule, "\(text.debugDescription)")
        }
    }

    @Test func runningLineKeysAreMaskedAsCharacterByCharacter() {
        func characterRule(_ text: String) -> String {
            var key = ""
            for token in text.split(separator: " ") {
                if token.count > 1 && PageNumber.isRoman(String(token)) {
                    key += "#"
                    continue
                }
                for ch in token {
                    if ch.isNumber {
                        if key.last != "#" { key += "#" }
                    } else if ch.isLetter {
                        key.append(ch)
                    }
                }
            }
            return key
        }
        for text in Self.randomTexts(4000) + ["Chapter iv 12", "S E C U R I T Y", "Page xii of 40"] {
            #expect(PageFurniture.maskedKey(text) == characterRule(text), "\(Array(text.unicodeScalars))")
            let tokens = text.split(separator: " ")
            let spaced = tokens.count >= 4 && Double(tokens.count { $0.count == 1 }) >= 0.7 * Double(tokens.count)
            #expect(PageFurniture.isLetterSpaced(text) == spaced, "\(Array(text.unicodeScalars))")
        }
    }

    @Test func markdownEscapesBytesAsItEscapesCharacters() {
        let markup = [
            "*", "_", "&", "amp", "#60", ";", "#", "[", "]", "`", "<", ">", "|", "~", "\\", "\n", "\r\n", "\t",
            "\u{2028}", "\u{2029}", "\u{85}", "\u{A0}", "1", "2.", ")", "+", "R&D",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                (Bool.random(using: &random) ? markup : Self.alphabet).randomElement(using: &random)!
            }.joined()
            let scalars = "\(Array(text.unicodeScalars))"
            if !MarkdownExporter.mayBreakLines(text) {
                #expect(!text.contains { $0.isNewline || $0 == "\t" }, "\(scalars)")
            }
            if let bytes = MarkdownExporter.escapedBytes(text) {
                #expect(bytes == MarkdownExporter.escapedCharacters(text), "\(scalars)")
            }
        }
        // A mark after `*` makes another character of it, which is no markup.
        #expect(MarkdownExporter.escapedBytes("*x*\u{301}") == nil)
        #expect(MarkdownExporter().escape("R&D &amp; *x*\u{301}") == "R&D \\&amp; \\*x*\u{301}")
    }
}
