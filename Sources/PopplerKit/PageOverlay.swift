import CPoppler
import Foundation

/// A colour with alpha, each channel 0…1.
public struct OverlayColor: Sendable, Equatable {
    public var red: Double, green: Double, blue: Double, alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    public func withAlpha(_ alpha: Double) -> OverlayColor {
        OverlayColor(red: red, green: green, blue: blue, alpha: alpha)
    }
}

/// Something drawn over a rendered page. Coordinates are in PDF points with a
/// top-left origin (the same space as `PDFGlyph` boxes); line widths and label
/// sizes are in output pixels, so they read the same at any resolution.
public enum PageOverlay: Sendable, Equatable {
    /// A rectangle, optionally filled, outlined (solid or dashed) and labelled.
    case rect(
        x0: Double, y0: Double, x1: Double, y1: Double, fill: OverlayColor?, stroke: OverlayColor?,
        lineWidth: Double = 1.5, dashed: Bool = false, label: String? = nil)
    /// A vertical line across the whole page height at `x`.
    case verticalLine(x: Double, color: OverlayColor, lineWidth: Double = 1.5, dashed: Bool = true)
}

/// Why a page image could not be written.
public struct PageRenderError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The pixels of a PNG read back: 8-bit RGBA, rows top to bottom.
public struct RGBAImage: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    /// Reads a PNG file with cairo; nil when it is not a readable PNG.
    public static func readPNG(path: String) -> RGBAImage? {
        guard let surface = cairo_image_surface_create_from_png(path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface))
        let h = Int(cairo_image_surface_get_height(surface))
        let format = cairo_image_surface_get_format(surface)
        guard w > 0, h > 0, let data = cairo_image_surface_get_data(surface),
            format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24
        else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let hasAlpha = format == CAIRO_FORMAT_ARGB32
        var pixels = [UInt8](repeating: 0, count: w * h * 4)
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * h) { words in
            for y in 0..<h {
                for x in 0..<w {
                    let p = words[y * stride / 4 + x]
                    let a = hasAlpha ? (p >> 24) & 0xFF : 255
                    var r = (p >> 16) & 0xFF
                    var g = (p >> 8) & 0xFF
                    var b = p & 0xFF
                    if a > 0 && a < 255 {  // cairo stores premultiplied alpha
                        r = min(255, r * 255 / a)
                        g = min(255, g * 255 / a)
                        b = min(255, b * 255 / a)
                    }
                    let i = (y * w + x) * 4
                    pixels[i] = UInt8(r)
                    pixels[i + 1] = UInt8(g)
                    pixels[i + 2] = UInt8(b)
                    pixels[i + 3] = UInt8(a)
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: pixels)
    }
}

/// Colour page images with overlays. `PDFPage` keeps poppler's page private, so
/// this opens its own poppler document (after `PDFDocument` has checked the file,
/// so a bad input fails with the same one-line reason as a conversion).
/// Not thread-safe: use one per thread.
public final class PDFPageImages {
    private let handle: OpaquePointer

    public init(path: String, password: String? = nil) throws(PDFOpenError) {
        _ = try PDFDocument(path: path, password: password)
        let uri = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_file(uri, password, &error) else {
            let message = error.flatMap { String(cString: $0.pointee.message) } ?? "unknown error"
            if error != nil { g_error_free(error) }
            throw .damaged(message)
        }
        handle = doc
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    public var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    /// Page size in points.
    public func size(ofPage index: Int) -> (width: Double, height: Double)? {
        guard index >= 0, index < pageCount, let page = poppler_document_get_page(handle, Int32(index)) else {
            return nil
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var w = 0.0
        var h = 0.0
        poppler_page_get_size(page, &w, &h)
        return (w, h)
    }

    /// Pixel size of a rendering at `dpi` (the page size rounded up, like `renderGray`).
    public func pixelSize(ofPage index: Int, dpi: Int) -> (width: Int, height: Int)? {
        guard let pageSize = size(ofPage: index) else { return nil }
        let (w, h) = pageSize
        let scale = Double(dpi) / 72
        return (Int((w * scale).rounded(.up)), Int((h * scale).rounded(.up)))
    }

    /// Renders page `index` (zero-based) in colour at `dpi`, draws `overlays` on
    /// it in order, and writes the result as a PNG to `path`.
    public func renderPNG(page index: Int, to path: String, dpi: Int, overlays: [PageOverlay]) throws(PageRenderError) {
        guard let pixels = pixelSize(ofPage: index, dpi: dpi),
            let page = poppler_document_get_page(handle, Int32(index))
        else { throw PageRenderError(description: "no page \(index + 1)") }
        let (pw, ph) = pixels
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        guard pw > 0, ph > 0, pw * ph < 400_000_000 else {
            throw PageRenderError(description: "page too large to render at \(dpi) dpi")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pw), Int32(ph)) else {
            throw PageRenderError(description: "cannot create a \(pw)×\(ph) image")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw PageRenderError(description: "cannot draw on the image") }
        defer { cairo_destroy(cr) }
        let scale = Double(dpi) / 72
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_save(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(page, cr)
        cairo_restore(cr)

        // Overlays are drawn in pixel space so strokes and labels stay crisp.
        let labelSize = max(8, min(16, 10 * Double(dpi) / 100))
        var labels: [(box: PixelRect, text: String, color: OverlayColor)] = []
        var obstacles: [PixelRect] = []
        for overlay in overlays {
            switch overlay {
            case .rect(let x0, let y0, let x1, let y1, let fill, let stroke, let lineWidth, let dashed, let label):
                let rx = (min(x0, x1) * scale).rounded(.down) + 0.5
                let ry = (min(y0, y1) * scale).rounded(.down) + 0.5
                let rw = max(1, (abs(x1 - x0) * scale).rounded(.up))
                let rh = max(1, (abs(y1 - y0) * scale).rounded(.up))
                cairo_rectangle(cr, rx, ry, rw, rh)
                let pixelBox = PixelRect(x0: rx - 0.5, y0: ry - 0.5, x1: rx + rw + 0.5, y1: ry + rh + 0.5)
                obstacles.append(pixelBox)
                if let fill {
                    setColor(cr, fill)
                    if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
                }
                if let stroke {
                    setColor(cr, stroke)
                    cairo_set_line_width(cr, lineWidth)
                    setDash(cr, dashed ? [5, 3] : [])
                    cairo_stroke(cr)
                    setDash(cr, [])
                }
                cairo_new_path(cr)
                if let label, !label.isEmpty {
                    labels.append((pixelBox, label, stroke ?? fill ?? OverlayColor(red: 0, green: 0, blue: 0)))
                }
            case .verticalLine(let x, let color, let lineWidth, let dashed):
                let px = (x * scale).rounded() + 0.5
                setColor(cr, color)
                cairo_set_line_width(cr, lineWidth)
                setDash(cr, dashed ? [8, 5] : [])
                cairo_move_to(cr, px, 0)
                cairo_line_to(cr, px, Double(ph))
                cairo_stroke(cr)
                setDash(cr, [])
            }
        }
        // Labels last, so no box covers one, each where it hides the least text.
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, labelSize)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(cr, &fontExtents)
        let tagHeight = (fontExtents.ascent + fontExtents.descent + 1).rounded(.up)
        var placed: [PixelRect] = []
        for label in labels {
            var extents = cairo_text_extents_t()
            cairo_text_extents(cr, label.text, &extents)
            let tagWidth = (extents.x_advance + 6).rounded(.up)
            let tag = placeLabel(
                width: tagWidth, height: tagHeight, box: label.box, obstacles: obstacles, placed: placed,
                pageWidth: Double(pw), pageHeight: Double(ph))
            placed.append(tag)
            setColor(cr, label.color.withAlpha(0.9))
            cairo_rectangle(cr, tag.x0, tag.y0, tag.x1 - tag.x0, tag.y1 - tag.y0)
            cairo_fill(cr)
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_move_to(cr, tag.x0 + 3, tag.y0 + 0.5 + fontExtents.ascent)
            cairo_show_text(cr, label.text)
            cairo_new_path(cr)
        }
        cairo_surface_flush(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PageRenderError(description: "drawing failed")
        }
        let status = cairo_surface_write_to_png(surface, path)
        guard status == CAIRO_STATUS_SUCCESS else {
            let reason = cairo_status_to_string(status).map { String(cString: $0) } ?? "error \(status.rawValue)"
            throw PageRenderError(description: "cannot write \(path): \(reason)")
        }
    }
}

private func setColor(_ cr: OpaquePointer, _ c: OverlayColor) {
    cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
}

private func setDash(_ cr: OpaquePointer, _ pattern: [Double]) {
    pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
}

struct PixelRect {
    var x0: Double, y0: Double, x1: Double, y1: Double

    /// Area shared with `o`, ignoring a one-pixel touch.
    func overlap(_ o: PixelRect) -> Double {
        let w = min(x1, o.x1) - max(x0, o.x0) - 1
        let h = min(y1, o.y1) - max(y0, o.y0) - 1
        return w > 0 && h > 0 ? w * h : 0
    }
}

/// Where a box's label goes: against its top-left corner, in the first of these
/// spots that covers no other box or label — in the margin to the left of the
/// corner, above it, beside the top-right corner, or just inside the box — else
/// the spot that covers least.
func placeLabel(
    width: Double, height: Double, box: PixelRect, obstacles: [PixelRect], placed: [PixelRect],
    pageWidth: Double, pageHeight: Double
) -> PixelRect {
    func clamp(_ r: PixelRect) -> PixelRect {
        let dx = r.x0 < 0 ? -r.x0 : (r.x1 > pageWidth ? pageWidth - r.x1 : 0)
        let dy = r.y0 < 0 ? -r.y0 : (r.y1 > pageHeight ? pageHeight - r.y1 : 0)
        return PixelRect(x0: r.x0 + dx, y0: r.y0 + dy, x1: r.x1 + dx, y1: r.y1 + dy)
    }
    let candidates = [
        PixelRect(x0: box.x0 - width - 1, y0: box.y0, x1: box.x0 - 1, y1: box.y0 + height),
        PixelRect(x0: box.x0, y0: box.y0 - height, x1: box.x0 + width, y1: box.y0),
        PixelRect(x0: box.x1 + 1, y0: box.y0, x1: box.x1 + 1 + width, y1: box.y0 + height),
        PixelRect(x0: box.x0 + 1, y0: box.y0 + 1, x1: box.x0 + 1 + width, y1: box.y0 + 1 + height),
    ].map(clamp)
    var best = candidates[1]
    var bestCost = Double.infinity
    for candidate in candidates {
        // Covering another label is worse than covering part of a box.
        let cost =
            placed.reduce(0) { $0 + 3 * candidate.overlap($1) } + obstacles.reduce(0) { $0 + candidate.overlap($1) }
        if cost < bestCost - 0.5 {
            best = candidate
            bestCost = cost
        }
        if cost == 0 { break }
    }
    return best
}
