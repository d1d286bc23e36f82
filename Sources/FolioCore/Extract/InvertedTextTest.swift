import TesseractKit

/// Whether a page image may hold white text on a dark ground, decided from its
/// grey levels before OCR. Tesseract reads every unsure line a second time from
/// the inverted image in case it is such text; on a page that is dark text on
/// light paper everywhere (most scanned reports and books) that second reading
/// finds nothing and costs time. A page with dark regions (a cover, a banner, a
/// photo, a black scan border) keeps it.
enum InvertedTextTest {
    /// The page is cut into squares of an eighth of an inch; type on paper
    /// leaves a square light on average, even bold display type, while a dark
    /// ground under white letters leaves it dark.
    static let cellInches = 0.125
    /// A square is dark below this mean grey (0 black, 255 white).
    static let darkMean = 96
    /// Dark squares that make a page suspect: white text needs a ground at
    /// least a few letters wide.
    static let darkCells = 3

    /// False when no part of `image` is dark enough to hold white-on-dark text.
    static func mayHoldInvertedText(_ image: GrayImage) -> Bool {
        let cell = max(4, Int((Double(image.dpi) * cellInches).rounded()))
        let columns = image.width / cell
        guard columns > 0, image.height >= cell else { return true }
        let threshold = darkMean * cell * cell
        var dark = 0
        var sums = [Int](repeating: 0, count: columns)
        image.pixels.withUnsafeBufferPointer { px in
            for band in 0..<(image.height / cell) {
                for i in sums.indices { sums[i] = 0 }
                for y in (band * cell)..<(band * cell + cell) {
                    let row = y * image.bytesPerRow
                    for c in 0..<columns {
                        var s = 0
                        let start = row + c * cell
                        for x in start..<(start + cell) { s += Int(px[x]) }
                        sums[c] += s
                    }
                }
                for s in sums where s < threshold { dark += 1 }
                if dark >= darkCells { return }
            }
        }
        return dark >= darkCells
    }
}
