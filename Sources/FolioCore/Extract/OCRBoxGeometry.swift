import FolioText
import TesseractKit

extension OCRBox {
    /// The smallest box holding every one of `words`; nil when there are none.
    static func enclosing(_ words: [OCRWord]) -> OCRBox? {
        guard var box = words.first?.box else { return nil }
        for w in words.dropFirst() { box = box.union(w.box) }
        return box
    }

    func union(_ other: OCRBox) -> OCRBox {
        OCRBox(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// Whether the centre of `box` lies in this one: a word belongs to the
    /// region it mostly sits in.
    func holdsCentre(of box: OCRBox) -> Bool {
        let cx = (box.x0 + box.x1) / 2
        let cy = (box.y0 + box.y1) / 2
        return cx >= x0 && cx < x1 && cy >= y0 && cy < y1
    }
}
