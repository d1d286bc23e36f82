import Foundation

/// A one-page PDF written byte by byte: Helvetica text lines at given sizes, or
/// an image-only page. For inputs no fixture holds (hostile titles, huge pages).
enum MiniPDF {
    struct Line {
        var text: String
        var size: Double
        /// Left edge, in points.
        var x: Double = 72
        /// Set in Courier instead of Helvetica.
        var mono = false
    }

    /// Lines from the top of a US-letter page, in the order given.
    static func text(_ lines: [Line], width: Double = 612, height: Double = 792, title: String? = nil) -> Data {
        var content = ""
        var y = height - 72
        for line in lines {
            y -= line.size * 1.6
            content += "BT /\(line.mono ? "F2" : "F1") \(line.size) Tf \(line.x) \(y) Td (\(escape(line.text))) Tj ET\n"
        }
        let fonts = ["Helvetica", "Courier"].map {
            "<< /Type /Font /Subtype /Type1 /BaseFont /\($0) /Encoding /WinAnsiEncoding >>"
        }
        return assemble(
            pageExtras: "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>", width: width, height: height,
            content: content, extraObjects: fonts + (title.map { ["<< /Title (\(escape($0))) >>"] } ?? []))
    }

    /// A piece of Helvetica text at a place of its own: `x` the left edge,
    /// `top` the baseline's distance from the top of the page, in points.
    struct Placed {
        var text: String
        var x: Double
        var top: Double
        var size: Double = 10
        /// Set in the Symbol font (a math font: `a` reads α, `=` reads =) instead of Helvetica.
        var symbol = false
    }

    /// A US-letter page with `drawing` (PDF path operators, origin at the
    /// bottom left) painted first and `pieces` of text set over it.
    static func drawn(_ pieces: [Placed], drawing: String, height: Double = 792) -> Data {
        var content = "q\n" + drawing + "\nQ\n"
        for p in pieces {
            content +=
                "BT /\(p.symbol ? "F2" : "F1") \(p.size) Tf \(p.x) \(height - p.top) Td (\(escape(p.text))) Tj ET\n"
        }
        return assemble(
            pageExtras: "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>", width: 612, height: height,
            content: content,
            extraObjects: [
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>",
            ])
    }

    /// A page of `side` × `side` points holding only a 1×1 grey image stretched over it.
    static func imagePage(side: Double) -> Data {
        let image =
            "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
            + "/BitsPerComponent 8 /Length 1 >>\nstream\n@\nendstream"
        return assemble(
            pageExtras: "/Resources << /XObject << /Im1 5 0 R >> >>", width: side, height: side,
            content: "q \(side) 0 0 \(side) 0 0 cm /Im1 Do Q\n", extraObjects: [image])
    }

    /// A letter page holding only a dark 8×8 grey image drawn rotated a quarter
    /// turn over most of the page, as scanners place landscape scans.
    static func rotatedImagePage() -> Data {
        let pixels = String(repeating: "@", count: 64)
        let image =
            "<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
            + "/BitsPerComponent 8 /Length 64 >>\nstream\n\(pixels)\nendstream"
        return assemble(
            pageExtras: "/Resources << /XObject << /Im1 5 0 R >> >>", width: 612, height: 792,
            content: "q 0 700 -500 0 556 46 cm /Im1 Do Q\n", extraObjects: [image])
    }

    /// One Helvetica line on each of `texts.count` letter pages.
    static func pages(_ texts: [String]) -> Data {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", helvetica]
        var kids: [String] = []
        for text in texts {
            let page = objects.count + 1
            kids.append("\(page) 0 R")
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(page + 1) 0 R "
                    + "/Resources << /Font << /F1 3 0 R >> >> >>")
            objects.append(stream("BT /F1 11 Tf 72 700 Td (\(escape(text))) Tj ET\n"))
        }
        objects[1] = "<< /Type /Pages /Kids [\(kids.joined(separator: " "))] /Count \(texts.count) >>"
        return write(objects)
    }

    /// A well-formed file whose page tree is empty.
    static func noPages() -> Data {
        write(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"])
    }

    /// A page tree that lists itself among its kids, beside one real page.
    static func loopingPageTree() -> Data {
        write([
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>",
            helvetica,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
            stream("BT /F1 12 Tf 72 700 Td (A page in a looping tree.) Tj ET\n"),
        ])
    }

    /// A page whose content stream opens `depth` arrays before its one line of text.
    static func nestedContent(depth: Int) -> Data {
        let content =
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + "\nBT /F1 12 Tf 72 700 Td (After deep nesting.) Tj ET\n"
        return assemble(
            pageExtras: "/Resources << /Font << /F1 5 0 R >> >>", width: 612, height: 792, content: content,
            extraObjects: [helvetica])
    }

    /// One page whose content stream is `compressed`, deflated (`/FlateDecode`),
    /// with Helvetica as `/F1`.
    static func deflatedPage(_ compressed: Data) -> Data {
        assemble(
            pageExtras: "/Resources << /Font << /F1 5 0 R >> >>", width: 612, height: 792,
            content: stream(compressed, filter: "/Filter /FlateDecode"), extraObjects: [helvetica])
    }

    private static let helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

    private static func stream(_ content: String) -> String {
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream"
    }

    private static func stream(_ content: Data, filter: String) -> Data {
        Data("<< /Length \(content.count) \(filter) >>\nstream\n".utf8) + content + Data("\nendstream".utf8)
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
            .replacingOccurrences(of: ")", with: "\\)")
    }

    private static func assemble(
        pageExtras: String, width: Double, height: Double, content: String, extraObjects: [String]
    ) -> Data {
        assemble(
            pageExtras: pageExtras, width: width, height: height, content: Data(stream(content).utf8),
            extraObjects: extraObjects)
    }

    /// One page; `content` is its whole content stream object.
    private static func assemble(
        pageExtras: String, width: Double, height: Double, content: Data, extraObjects: [String]
    ) -> Data {
        let page = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] /Contents 4 0 R \(pageExtras) >>",
        ]
        return write(page.map { Data($0.utf8) } + [content] + extraObjects.map { Data($0.utf8) })
    }

    private static func write(_ objects: [String]) -> Data { write(objects.map { Data($0.utf8) }) }

    /// Numbered objects, their cross-reference table and trailer; object 1 is the catalog.
    private static func write(_ objects: [Data]) -> Data {
        var out = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Data("\(i + 1) 0 obj\n".utf8) + body + Data("\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        // In a file from `assemble`, a last object after the page's own is the
        // document information dictionary (its title).
        let info =
            objects.count >= 6 && objects[objects.count - 1].starts(with: Data("<< /Title".utf8))
            ? " /Info \(objects.count) 0 R" : ""
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(info) >>\nstartxref\n\(xref)\n%%EOF\n"
        return out + Data(table.utf8)
    }
}
