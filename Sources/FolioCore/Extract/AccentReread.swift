import FolioText
import Foundation
import TesseractKit

/// Names read again for their accents.
///
/// A page is read with the model the user chose (English by default), and
/// English models drop or mistake the accents of names: `Bogotá` comes out
/// `Bogota`, `Muñoz` `Mufioz`, `Asunción` `Asunci6n`. Tesseract's Latin-script
/// model knows those letters but reads plain English worse (apostrophes,
/// stray diacritics), so it reads only the words that may be such names, one
/// word at a time, and its reading is taken only when it is the same word with
/// accents: the letters agree once accents are folded away, or differ by a
/// known slip of the first reading (`fi` for `ñ`, `6` for `ó`).
struct AccentReread {
    /// Below this the second reading is too unsure to overrule the first.
    static let minimumConfidence = 0.6

    let engine: OCREngine

    init(engine: OCREngine) {
        self.engine = engine
        engine.pageSegmentationMode = .singleWord
    }

    /// `lines` with the names the second model spells with accents replaced.
    ///
    /// A name comes back on the same page (a biography, a list of places), and
    /// the first reading spells it the same way each time: the second model
    /// reads it once, where it first occurs, and its reading serves the page's
    /// other occurrences. Each page decides on its own, so the result does not
    /// depend on which worker read which page.
    func apply(_ lines: [[OCRWord]], in image: GrayImage) -> [[OCRWord]] {
        var readings: [String: String?] = [:]
        func reread(_ word: OCRWord, givenName: Bool = false) -> OCRWord {
            let core = Words.core(word.text)
            var second: String?
            if let known = readings[core] {
                second = known
            } else {
                second = read(word.box, in: image)
                if givenName, second.flatMap({ Self.accepted(first: word.text, second: $0) }) == nil {
                    second = read(word.box, in: image, margins: Self.tallMargins)
                }
                readings[core] = second
            }
            guard let second, let text = Self.accepted(first: word.text, second: second) else { return word }
            var reread = word
            reread.text = text
            return reread
        }
        return lines.map { line in
            var out = line.map { Self.isCandidate($0.text) ? reread($0) : $0 }
            // A given name the word list knows (`Martin`) is read again only
            // before a surname that came out with accents (`Zúñiga`): the
            // evidence that the name is from a language that has them.
            for i in out.indices.dropLast() where Self.isGivenName(out[i].text, before: out[i + 1].text) {
                out[i] = reread(out[i], givenName: true)
            }
            return out
        }
    }

    /// The second model's reading of the word in `box`, when it sees one word
    /// and is sure enough of it.
    private func read(_ box: OCRBox, in image: GrayImage, margins: (OCRBox) -> OCRBox = margins) -> String? {
        guard let crop = OCRReader.crop(image, margins(box)),
            let result = try? engine.recognize(crop.image),
            result.words.count == 1, let second = result.words.first,
            second.confidence >= Self.minimumConfidence
        else { return nil }
        return second.text
    }

    /// Room for accents and a little white around the word.
    static func margins(_ box: OCRBox) -> OCRBox {
        let pad = box.height * 0.2
        return OCRBox(x0: box.x0 - pad, y0: box.y0 - pad, x1: box.x1 + pad, y1: box.y1 + pad / 2)
    }

    /// More room above, less beside: the model can doubt a word whose crop
    /// takes in the next word's edge, and the acute over a lower-case `í`
    /// rises past the box the first model drew. The second try for a given name.
    static func tallMargins(_ box: OCRBox) -> OCRBox {
        let h = box.height
        return OCRBox(x0: box.x0 - 0.1 * h, y0: box.y0 - 0.35 * h, x1: box.x1 + 0.1 * h, y1: box.y1 + 0.1 * h)
    }

    /// Words that may be names read without their accents: words of three or
    /// more letters the word list does not know, knows only as names, or that
    /// have accents or digits among their letters already.
    static func isCandidate(_ text: String) -> Bool {
        let core = Words.core(text)
        guard core.count >= 3, core.contains(where: \.isLetter) else { return false }
        if core.unicodeScalars.contains(where: { $0.value > 127 }) { return true }
        if core.contains(where: \.isNumber) { return core.first!.isLetter && core.last!.isLetter }
        return !WordList.contains(core) || WordList.isName(core)
    }

    /// A capitalised word the word list knows (`Martin`, the bird too) before a
    /// surname with accents (`Martín Zúñiga`, `Martín Ortíz`): a given name
    /// from a language with accents, which may carry them too.
    static func isGivenName(_ text: String, before next: String) -> Bool {
        guard let first = text.first, first.isUppercase, text.dropFirst().allSatisfy(\.isLowercase), text.count >= 3,
            next.first?.isUppercase == true, WordList.contains(text)
        else { return false }
        return Words.core(next).unicodeScalars.contains { $0.value > 127 }
    }

    /// The first reading with the second's accents, when the two are the same
    /// word; nil when they are not, or the second has no accents to give.
    static func accepted(first: String, second: String) -> String? {
        let a = Words.core(first)
        let b = Words.core(second)
        guard a != b, !a.isEmpty, b.unicodeScalars.contains(where: { $0.value > 127 }),
            // Letters only, or a compound (`Bogotá-Pérez`): surnames join with hyphens.
            b.allSatisfy({ $0.isLetter || Hyphens.inWord.contains($0) }), a.first?.isUppercase == b.first?.isUppercase,
            a.allSatisfy({ $0.isUppercase || !$0.isLetter }) == b.allSatisfy(\.isUppercase)
        else { return nil }
        let folded = Words.fold(b)
        let same =
            OCRSlips.variants(a).contains(folded)
            // The first reading put the wrong accent (`Concepcién`).
            || (a.unicodeScalars.contains { $0.value > 127 } && a.count == b.count
                && EditDistance.isOne(Words.fold(a), folded))
        guard same, let range = first.range(of: a) else { return nil }
        return first.replacingCharacters(in: range, with: b)
    }
}
