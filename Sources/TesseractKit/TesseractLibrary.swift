import CTesseract
import Foundation

/// libtesseract, opened on first use rather than linked.
///
/// Two reasons. Debian's Tesseract is built with OpenMP, and OpenMP reads
/// `OMP_THREAD_LIMIT` once, when it is loaded: opening the library ourselves
/// lets us set the limit first (one thread per engine; pages already run in
/// parallel, and nested thread teams made OCR 4–6× slower on two cores), with
/// no restart of the process. And a run that needs no OCR never loads
/// Tesseract and its dependencies at all, which is most of a short run's start-up.
struct TesseractLibrary: @unchecked Sendable {
    // The C API's functions, as declared in <tesseract/capi.h>.
    let create: @convention(c) () -> OpaquePointer?
    let delete: @convention(c) (OpaquePointer?) -> Void
    let setVariable: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let initialize: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let setPageSegMode: @convention(c) (OpaquePointer?, TessPageSegMode) -> Void
    let setImage: @convention(c) (OpaquePointer?, UnsafePointer<UInt8>?, Int32, Int32, Int32, Int32) -> Void
    let setSourceResolution: @convention(c) (OpaquePointer?, Int32) -> Void
    let clear: @convention(c) (OpaquePointer?) -> Void
    let recognize: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    let iterator: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let deleteIterator: @convention(c) (OpaquePointer?) -> Void
    let pageIterator: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let next: @convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Int32
    let text: @convention(c) (OpaquePointer?, TessPageIteratorLevel) -> UnsafeMutablePointer<CChar>?
    let deleteText: @convention(c) (UnsafePointer<CChar>?) -> Void
    let confidence: @convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Float
    let isAtBeginning: @convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Int32
    typealias Corners =
        @convention(c) (
            OpaquePointer?, TessPageIteratorLevel, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?,
            UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?
        ) -> Int32
    let boundingBox: Corners
    let baseline: Corners
    let orientation:
        @convention(c) (
            OpaquePointer?, UnsafeMutablePointer<TessOrientation>?, UnsafeMutablePointer<TessWritingDirection>?,
            UnsafeMutablePointer<TessTextlineOrder>?, UnsafeMutablePointer<Float>?
        ) -> Void

    /// The library, loaded once per process; the error says what to install.
    static let shared: Result<TesseractLibrary, OCRError> = load()

    static let fileNames = ["libtesseract.so.5", "libtesseract.so"]

    private static func load() -> Result<TesseractLibrary, OCRError> {
        // Before the library (and OpenMP with it) is loaded; a limit the user set stays.
        setenv("OMP_THREAD_LIMIT", "1", 0)
        guard let handle = fileNames.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(.libraryMissing(String(cString: dlerror())))
        }
        struct MissingSymbol: Error { let name: String }
        func symbol<T>(_ name: String, as _: T.Type) throws(MissingSymbol) -> T {
            guard let address = dlsym(handle, name) else { throw MissingSymbol(name: name) }
            return unsafeBitCast(address, to: T.self)
        }
        do {
            return .success(
                try TesseractLibrary(
                    create: symbol("TessBaseAPICreate", as: (@convention(c) () -> OpaquePointer?).self),
                    delete: symbol("TessBaseAPIDelete", as: (@convention(c) (OpaquePointer?) -> Void).self),
                    setVariable: symbol(
                        "TessBaseAPISetVariable",
                        as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32)
                            .self),
                    initialize: symbol(
                        "TessBaseAPIInit3",
                        as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32)
                            .self),
                    setPageSegMode: symbol(
                        "TessBaseAPISetPageSegMode", as: (@convention(c) (OpaquePointer?, TessPageSegMode) -> Void).self
                    ),
                    setImage: symbol(
                        "TessBaseAPISetImage",
                        as: (@convention(c) (OpaquePointer?, UnsafePointer<UInt8>?, Int32, Int32, Int32, Int32) -> Void)
                            .self),
                    setSourceResolution: symbol(
                        "TessBaseAPISetSourceResolution", as: (@convention(c) (OpaquePointer?, Int32) -> Void).self),
                    clear: symbol("TessBaseAPIClear", as: (@convention(c) (OpaquePointer?) -> Void).self),
                    recognize: symbol(
                        "TessBaseAPIRecognize", as: (@convention(c) (OpaquePointer?, OpaquePointer?) -> Int32).self),
                    iterator: symbol(
                        "TessBaseAPIGetIterator", as: (@convention(c) (OpaquePointer?) -> OpaquePointer?).self),
                    deleteIterator: symbol(
                        "TessResultIteratorDelete", as: (@convention(c) (OpaquePointer?) -> Void).self),
                    pageIterator: symbol(
                        "TessResultIteratorGetPageIterator",
                        as: (@convention(c) (OpaquePointer?) -> OpaquePointer?).self),
                    next: symbol(
                        "TessResultIteratorNext",
                        as: (@convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Int32).self),
                    text: symbol(
                        "TessResultIteratorGetUTF8Text",
                        as: (@convention(c) (OpaquePointer?, TessPageIteratorLevel) -> UnsafeMutablePointer<CChar>?)
                            .self),
                    deleteText: symbol("TessDeleteText", as: (@convention(c) (UnsafePointer<CChar>?) -> Void).self),
                    confidence: symbol(
                        "TessResultIteratorConfidence",
                        as: (@convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Float).self),
                    isAtBeginning: symbol(
                        "TessPageIteratorIsAtBeginningOf",
                        as: (@convention(c) (OpaquePointer?, TessPageIteratorLevel) -> Int32).self),
                    boundingBox: symbol("TessPageIteratorBoundingBox", as: Corners.self),
                    baseline: symbol("TessPageIteratorBaseline", as: Corners.self),
                    orientation: symbol(
                        "TessPageIteratorOrientation",
                        as: (@convention(c) (
                            OpaquePointer?, UnsafeMutablePointer<TessOrientation>?,
                            UnsafeMutablePointer<TessWritingDirection>?,
                            UnsafeMutablePointer<TessTextlineOrder>?, UnsafeMutablePointer<Float>?
                        ) -> Void).self)))
        } catch {
            return .failure(.libraryMissing("libtesseract has no \(error.name)"))
        }
    }
}
