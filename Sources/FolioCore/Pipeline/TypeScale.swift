import FolioText

/// The document's own type scale, measured once (after layout) and handed to
/// every structure stage: no stage multiplies the body size on its own.
///
/// Thresholds are ratios to the body size, because reports set their body
/// anywhere from 8 to 13 pt and scans measure it only roughly; what matters is
/// how much larger or smaller a line is than the text around it.
struct TypeScale: Sendable {
    /// The size most characters are set in.
    let body: Double
    /// All text in one size (plain text): layout rules lean on wording instead.
    let typeless: Bool
    /// Most text set in a fixed-width face (a typewritten report): then fixed
    /// width does not set code apart from prose.
    var monospaceBody = false

    /// Below this, type is note-sized: footnotes and their continuation lines.
    var noteSize: Double { 0.92 * body }
    /// Above this, a line is set a little larger: a subtitle, a heading without
    /// weight (OCR, plain text), the opener that ends a run of endnotes.
    var raisedSize: Double { 1.05 * body }
    /// From this, a unit is display type: a pull-quote set apart, and the
    /// ceiling of a paragraph's type when looking for the document title.
    var displaySize: Double { 1.1 * body }
    /// From this, a short unit is a heading by its size alone.
    var headingSize: Double { 1.12 * body }
    /// From this, a unit can be a chapter or document title.
    var titleSize: Double { 1.3 * body }

    /// The share of the page height above which a unit is "in the upper part"
    /// (the document title) and below which a note label may start a unit.
    static let upperPart = 0.45
    /// Notes are cut from a block only when the block starts below this share
    /// of the page: a layout block of small type begins higher than its last
    /// notes do. (Two values on purpose; merging them changes output.)
    static let footZone = 0.55

    /// Half-point steps: the sizes headings are ranked by.
    static func rounded(_ size: Double) -> Double { (size * 2).rounded() / 2 }
}
