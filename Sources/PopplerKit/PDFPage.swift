import CPoppler
import Foundation

/// One glyph of the text layer, in reading order as poppler gives it.
public struct PDFGlyph: Sendable {
    /// One Unicode scalar: poppler gives a box per scalar, not per grapheme.
    public var character: Unicode.Scalar
    /// Box in points, top-left origin.
    public var x0: Double, y0: Double, x1: Double, y1: Double
    /// Index into `PDFPageText.fonts`.
    public var font: Int

    public init(character: Unicode.Scalar, x0: Double, y0: Double, x1: Double, y1: Double, font: Int) {
        self.character = character
        (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
        self.font = font
    }

    /// White space, line breaks included (ASCII answered without a table lookup).
    public var isSpace: Bool {
        let v = character.value
        if v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        return character.properties.isWhitespace
    }
}

/// A font run's attributes: name, size and colour (0…1 per channel).
public struct PDFFont: Sendable, Hashable {
    public var name: String
    public var size: Double
    public var red: Double, green: Double, blue: Double
}

/// The text layer of one page.
public struct PDFPageText: Sendable {
    public var width: Double
    public var height: Double
    public var label: String?
    public var glyphs: [PDFGlyph]
    public var fonts: [PDFFont]
}

/// An 8-bit grey raster of a page (0 = black), rows top to bottom.
public struct PDFGrayBitmap: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public var dpi: Int
}

/// A page of an open `PDFDocument`; poppler's page is released on deinit.
public final class PDFPage {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    public var size: (width: Double, height: Double) {
        var w = 0.0
        var h = 0.0
        poppler_page_get_size(handle, &w, &h)
        return (w, h)
    }

    public var label: String? { takeString(poppler_page_get_label(handle)) }

    /// Glyphs with boxes and fonts. poppler's layout array holds one rectangle
    /// per Unicode scalar of `poppler_page_get_text`, and the attribute runs index
    /// the same scalars, so the three line up by position.
    public func text() -> PDFPageText {
        let (width, height) = size
        var result = PDFPageText(width: width, height: height, label: label, glyphs: [], fonts: [])
        guard let cText = poppler_page_get_text(handle) else { return result }
        let scalars = Array(String(cString: cText).unicodeScalars)
        g_free(cText)

        var rects: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(handle, &rects, &count) != 0, let rects else { return result }
        defer { g_free(rects) }

        // Font per scalar from the attribute runs.
        var fontOfScalar = [Int](repeating: 0, count: scalars.count)
        var fontIndex: [PDFFont: Int] = [:]
        if let list = poppler_page_get_text_attributes(handle) {
            var node: UnsafeMutablePointer<GList>? = list
            while let n = node {
                if let raw = n.pointee.data {
                    let attr = raw.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                    let font = PDFFont(
                        name: attr.font_name.map { String(cString: $0) } ?? "",
                        size: attr.font_size,
                        red: Double(attr.color.red) / 65535, green: Double(attr.color.green) / 65535,
                        blue: Double(attr.color.blue) / 65535)
                    let index: Int
                    if let known = fontIndex[font] {
                        index = known
                    } else {
                        index = result.fonts.count
                        fontIndex[font] = index
                        result.fonts.append(font)
                    }
                    let lo = max(0, Int(attr.start_index))
                    let hi = min(scalars.count - 1, Int(attr.end_index))
                    if lo <= hi { for i in lo...hi { fontOfScalar[i] = index } }
                }
                node = n.pointee.next
            }
            poppler_page_free_text_attributes(list)
        }
        if result.fonts.isEmpty { result.fonts.append(PDFFont(name: "", size: 0, red: 0, green: 0, blue: 0)) }

        let n = min(scalars.count, Int(count))
        result.glyphs.reserveCapacity(n)
        for i in 0..<n {
            let r = rects[i]
            result.glyphs.append(
                PDFGlyph(
                    character: scalars[i], x0: min(r.x1, r.x2), y0: min(r.y1, r.y2),
                    x1: max(r.x1, r.x2), y1: max(r.y1, r.y2), font: fontOfScalar[i]))
        }
        return result
    }

    /// Share of the page covered by raster images (0…1; union approximated by a
    /// clipped sum). A pass over the page's content of its own: ask only when needed.
    public func imageCoverage() -> Double {
        let (width, height) = size
        guard width > 0, height > 0, let list = poppler_page_get_image_mapping(handle) else { return 0 }
        var area = 0.0
        var node: UnsafeMutablePointer<GList>? = list
        while let n = node {
            if let raw = n.pointee.data {
                let r = raw.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area
                let w = max(0, min(max(r.x1, r.x2), width) - max(0, min(r.x1, r.x2)))
                let h = max(0, min(max(r.y1, r.y2), height) - max(0, min(r.y1, r.y2)))
                area += w * h
            }
            node = n.pointee.next
        }
        poppler_page_free_image_mapping(list)
        return min(1, area / (width * height))
    }

    /// The share of the page that prints dark, from a coarse rendering: ink
    /// whatever drew it. An image placed rotated, mirrored, in strips or inline
    /// (a scanner's CCITT or JBIG2 page) is seen here even where the image
    /// mapping does not report it. One pass at `dpi`, for pages without text.
    public func inkCoverage(dpi: Int = 12) -> Double {
        let (w, h) = size
        let scale = Double(dpi) / 72
        let pw = Int((w * scale).rounded(.up))
        let ph = Int((h * scale).rounded(.up))
        guard pw > 0, ph > 0, pw * ph < 4_000_000,
            let bitmap = render(width: pw, height: ph, scale: scale, dpi: dpi)
        else { return 0 }
        var dark = 0
        for y in 0..<bitmap.height {
            let row = y * bitmap.width
            for x in 0..<bitmap.width where bitmap.pixels[row + x] < 160 { dark += 1 }
        }
        return Double(dark) / Double(bitmap.width * bitmap.height)
    }

    /// Renders the page with cairo into an 8-bit grey bitmap at `dpi`, or at
    /// the lower dpi `RenderBudget` allows for a huge page (the bitmap's `dpi`
    /// says which).
    public func renderGray(dpi requested: Int) -> PDFGrayBitmap? {
        let (w, h) = size
        let dpi = RenderBudget.dpi(for: requested, width: w, height: h)
        let scale = Double(dpi) / 72
        let pw = Int((w * scale).rounded(.up))
        let ph = Int((h * scale).rounded(.up))
        guard pw > 0, ph > 0, pw * ph < 400_000_000 else { return nil }
        return RenderBudget.rendering(pixels: pw * ph) { render(width: pw, height: ph, scale: scale, dpi: dpi) }
    }

    private func render(width pw: Int, height ph: Int, scale: Double, dpi: Int) -> PDFGrayBitmap? {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pw), Int32(ph)) else {
            return nil
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return nil }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(handle, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface)
        else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt8](repeating: 255, count: pw * ph)
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * ph) { words in
            for y in 0..<ph {
                let row = y * stride / 4
                for x in 0..<pw {
                    let p = words[row + x]
                    let r = (p >> 16) & 0xFF
                    let g = (p >> 8) & 0xFF
                    let b = p & 0xFF
                    pixels[y * pw + x] = UInt8((r * 299 + g * 587 + b * 114) / 1000)
                }
            }
        }
        return PDFGrayBitmap(width: pw, height: ph, pixels: pixels, dpi: dpi)
    }
}
