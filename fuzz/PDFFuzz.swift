import Foundation
import PopplerKit

/// Any bytes through Poppler as Folio opens a PDF: open (or a clear error),
/// read every page's text layer, render the first page for OCR at a low dpi.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDF(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = NSTemporaryDirectory() + "/folio-fuzz-\(getpid()).pdf"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: bytes, count: size))
    defer { unlink(path) }
    guard let document = try? PDFDocument(path: path) else { return 0 }
    let count = min(document.info.pageCount, 20)
    for index in 0..<count {
        guard let page = document.page(at: index) else { continue }
        _ = page.text()
        if index == 0 { _ = page.renderGray(dpi: 36) }
    }
    return 0
}
