import FolioModel
import Foundation
import PopplerKit

/// The page images of an inspection: each chosen page rendered with what the
/// pipeline found drawn on it (`InspectStyle`), as `page-003.png` ….
public enum PageImages {
    /// A page that could not be drawn.
    public struct Failure: Error, CustomStringConvertible {
        public var page: Int
        public var reason: String
        public var description: String { "page \(page): \(reason)" }
    }

    /// `page-003.png` for page 3.
    public static func fileName(page: Int) -> String { String(format: "page-%03d.png", page) }

    /// Draws each of `pages` (1-based; those the inspection has) into `dir` at
    /// `dpi`; `wrote` hears each file as it is written. Returns the images, by
    /// page number, for ``InspectHTML``.
    public static func write(
        _ images: PDFPageImages, inspection: Inspection, pages: [Int], dpi: Int, to dir: URL,
        wrote: (URL) -> Void = { _ in }
    ) throws(Failure) -> [Int: InspectHTML.PageImage] {
        var written: [Int: InspectHTML.PageImage] = [:]
        let byNumber = Dictionary(inspection.pages.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for number in pages {
            guard let page = byNumber[number] else { continue }
            let name = fileName(page: number)
            let target = dir.appendingPathComponent(name)
            do {
                try images.renderPNG(
                    page: number - 1, to: target.path, dpi: dpi, overlays: InspectStyle.overlays(for: page))
            } catch {
                throw Failure(page: number, reason: error.description)
            }
            if let size = images.pixelSize(ofPage: number - 1, dpi: dpi) {
                written[number] = InspectHTML.PageImage(file: name, width: size.width, height: size.height)
            }
            wrote(target)
        }
        return written
    }
}
