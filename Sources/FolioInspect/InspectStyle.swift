import FolioModel
import PopplerKit

/// Colours and names of what `folio inspect` draws; the PNGs, the HTML legend and
/// docs/inspect.md use the same table.
public enum InspectStyle {
    package struct Kind {
        package var name: String
        package var hex: UInt32
        package var furniture: Bool
        package var meaning: String
    }

    package static let kinds: [Kind] = [
        Kind(name: "paragraph", hex: 0x2563EB, furniture: false, meaning: "body text"),
        Kind(name: "heading", hex: 0xC026D3, furniture: false, meaning: "section heading"),
        Kind(name: "list_item", hex: 0x0D9488, furniture: false, meaning: "item of a bulleted or numbered list"),
        Kind(name: "pull_quote", hex: 0xEA580C, furniture: false, meaning: "quotation set apart (kept once)"),
        Kind(name: "caption", hex: 0x65A30D, furniture: false, meaning: "figure or table caption"),
        Kind(name: "footnote", hex: 0x92400E, furniture: false, meaning: "footnote or endnote"),
        Kind(name: "table", hex: 0x7C3AED, furniture: false, meaning: "table: cells aligned over rows"),
        Kind(name: "code", hex: 0x4338CA, furniture: false, meaning: "code listing in a fixed-width face"),
        Kind(name: "figure", hex: 0x0891B2, furniture: false, meaning: "text drawn inside a chart or diagram"),
        Kind(name: "equation", hex: 0xB45309, furniture: false, meaning: "displayed formula"),
        Kind(name: "chapter_matter", hex: 0xDC2626, furniture: false, meaning: "chapter title, subtitle, byline"),
        Kind(name: "running_header", hex: 0x64748B, furniture: true, meaning: "removed: running header"),
        Kind(name: "running_footer", hex: 0x78716C, furniture: true, meaning: "removed: running footer"),
        Kind(name: "page_number", hex: 0x404040, furniture: true, meaning: "removed: printed page number"),
    ]

    /// Column gutters.
    package static let gutterHex: UInt32 = 0x06B6D4
    /// Drawn ink that is not text (charts, diagrams, frames).
    package static let drawingHex: UInt32 = 0x9CA3AF
    package static let unknownHex: UInt32 = 0x000000

    package static func hex(for kind: String) -> UInt32 {
        kinds.first { $0.name == kind }?.hex ?? unknownHex
    }

    package static func css(_ hex: UInt32) -> String {
        let s = String(hex, radix: 16, uppercase: false)
        return "#" + String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    /// Red (0) through yellow to green (1), as 0…1 channels.
    package static func confidenceRGB(_ confidence: Double) -> (red: Double, green: Double, blue: Double) {
        let c = min(1, max(0, confidence))
        // Hue 0° → 120°, full saturation, value 0.9.
        let hue = c * 120
        let v = 0.9
        let x = v * (1 - abs((hue / 60).truncatingRemainder(dividingBy: 2) - 1))
        return hue < 60 ? (v, x, 0) : (x, v, 0)
    }

    package static func confidenceCSS(_ confidence: Double) -> String {
        let (r, g, b) = confidenceRGB(confidence)
        return "rgb(\(Int(r * 255)), \(Int(g * 255)), \(Int(b * 255)))"
    }

    /// What to draw on one page: OCR word shading first, then gutters, then the
    /// regions (their labels end up on top of everything).
    public static func overlays(for page: InspectedPage) -> [PageOverlay] {
        var out: [PageOverlay] = []
        for word in page.ocrWords {
            let (r, g, b) = confidenceRGB(word.confidence)
            let color = OverlayColor(red: r, green: g, blue: b)
            out.append(
                .rect(
                    x0: word.box.x0, y0: word.box.y0, x1: word.box.x1, y1: word.box.y1,
                    fill: color.withAlpha(0.28), stroke: color.withAlpha(0.7), lineWidth: 1))
        }
        let gutter = OverlayColor(hex: gutterHex, alpha: 0.9)
        for x in page.gutters {
            out.append(.verticalLine(x: x, color: gutter, lineWidth: 1.5, dashed: true))
        }
        let drawing = OverlayColor(hex: drawingHex)
        for box in page.drawings {
            out.append(
                .rect(
                    x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1, fill: drawing.withAlpha(0.05),
                    stroke: drawing.withAlpha(0.9), lineWidth: 1, dashed: true, label: "drawing"))
        }
        for region in page.regions {
            let color = OverlayColor(hex: hex(for: region.kind))
            // A little air around the text so the outline does not touch the glyphs.
            let pad = 1.5
            let label = region.order.map { "\($0) \(region.kind)" } ?? region.kind
            out.append(
                .rect(
                    x0: region.box.x0 - pad, y0: region.box.y0 - pad, x1: region.box.x1 + pad,
                    y1: region.box.y1 + pad,
                    fill: region.isFurniture ? color.withAlpha(0.06) : color.withAlpha(0.10),
                    stroke: color.withAlpha(0.9), lineWidth: region.isFurniture ? 1.25 : 1.5,
                    dashed: region.isFurniture, label: label))
        }
        return out
    }
}
