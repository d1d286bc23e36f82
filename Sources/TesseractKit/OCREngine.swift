import CTesseract
import Foundation

/// A Tesseract instance. Loading the language model is the expensive part, so
/// create one engine per worker thread and reuse it for every page.
///
/// Not `Sendable`: a `TessBaseAPI` must not be used from two threads at once.
///
/// Threading note: Debian's libtesseract is built with OpenMP, and each
/// recognition then spins up a thread team per call. When pages are already
/// OCR'd in parallel (one engine per worker), those teams oversubscribe the
/// CPU and make things slower. OpenMP reads `OMP_THREAD_LIMIT` once, at load
/// time, so the library is opened by `TesseractLibrary` after setting it to 1
/// (unless the environment already sets it).
public final class OCREngine {
    /// Tesseract page segmentation modes worth choosing from.
    public enum PageSegmentationMode: Int, Sendable {
        /// Fully automatic layout analysis, no orientation detection (PSM_AUTO).
        case auto = 3
        /// Assume a single column of text of variable sizes.
        case singleColumn = 4
        /// Assume a single uniform block of text.
        case singleBlock = 6
        /// Treat the image as a single text line.
        case singleLine = 7
        /// Treat the image as a single word.
        case singleWord = 8
        /// Find as much text as possible in no particular order.
        case sparseText = 11
    }

    /// Whether the environment has `OMP_THREAD_LIMIT=1`, i.e. Tesseract's
    /// OpenMP runs single-threaded and per-page parallelism pays off (true once
    /// an engine exists, unless the user set another limit).
    public static var isThreadLimitSet: Bool {
        ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"]?
            .trimmingCharacters(in: .whitespaces) == "1"
    }

    /// The Debian package that ships `<lang>.traineddata`, e.g.
    /// `chi_sim` -> `tesseract-ocr-chi-sim`, and the script models, named with
    /// a capital (`Latin` -> `tesseract-ocr-script-latn`).
    public static func debianPackage(forLanguage lang: String) -> String {
        let name = lang.hasPrefix("script/") ? String(lang.dropFirst("script/".count)) : lang
        if let first = name.first, first.isUppercase {
            let codes = [
                "Latin": "latn", "Cyrillic": "cyrl", "Greek": "grek", "Arabic": "arab", "Hebrew": "hebr",
                "Devanagari": "deva", "Fraktur": "frak", "Vietnamese": "viet",
            ]
            return "tesseract-ocr-script-" + (codes[name] ?? name.lowercased())
        }
        return "tesseract-ocr-" + name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// Languages as passed to Tesseract, e.g. `"eng+spa"`.
    public let languages: String
    /// Layout analysis mode used by `recognize`; `.auto` by default.
    public var pageSegmentationMode: PageSegmentationMode = .auto
    /// Whether Tesseract reads a line again from the inverted image when its
    /// confidence is low (`tessedit_do_invert`), for white text on dark. On by
    /// default, as in Tesseract; a caller that knows the image holds no dark
    /// regions can turn it off (the second try costs time on every unsure line).
    public var readsInvertedText = true

    private let api: OpaquePointer
    private let tess: TesseractLibrary

    /// Loads the given languages (`"eng"`, `"eng+spa"`, ...).
    ///
    /// - Parameter dataPath: the tessdata directory; nil means `TESSDATA_PREFIX`
    ///   or the library's built-in default.
    /// - Throws: `OCRError.missingLanguage` naming the Debian package to
    ///   install for the first language without traineddata.
    public init(languages: String = "eng", dataPath: String? = nil) throws {
        var requested = languages.split(separator: "+").map(String.init).filter { !$0.isEmpty }
        guard !requested.isEmpty else { throw OCRError.initializationFailed(languages: languages) }

        // Check the files ourselves first: Tesseract's own failure is just -1
        // plus a stderr message, and it cannot tell us which language is missing.
        let dirs = Self.tessdataDirectories(dataPath: dataPath)
        if !dirs.isEmpty {
            if let lang = requested.first(where: { Self.installedName($0, in: dirs) == nil }) {
                throw OCRError.missingLanguage(lang, package: Self.debianPackage(forLanguage: lang))
            }
            requested = requested.map { Self.installedName($0, in: dirs)! }
        }
        let languages = requested.joined(separator: "+")

        let tess = try TesseractLibrary.shared.get()
        guard let api = tess.create() else {
            throw OCRError.initializationFailed(languages: languages)
        }
        // Route Tesseract's tprintf chatter ("Estimating resolution as ...",
        // "Error opening data file") away from stderr; errors surface as throws.
        _ = tess.setVariable(api, "debug_file", "/dev/null")
        if tess.initialize(api, dataPath, languages) != 0 {
            tess.delete(api)
            // No tessdata dir we could inspect: blame the first language.
            let lang = Self.missingLanguages(requested, in: dirs).first ?? requested[0]
            throw OCRError.missingLanguage(lang, package: Self.debianPackage(forLanguage: lang))
        }
        // Init may reset parameters from config files; set it again to be sure.
        _ = tess.setVariable(api, "debug_file", "/dev/null")
        self.api = api
        self.tess = tess
        self.languages = languages
    }

    deinit {
        tess.delete(api)  // also calls End()
    }

    /// OCRs one page image. The engine keeps no state between pages.
    public func recognize(_ image: GrayImage) throws -> OCRResult {
        guard image.isValid else { throw OCRError.invalidImage }

        tess.setPageSegMode(api, TessPageSegMode(rawValue: UInt32(pageSegmentationMode.rawValue)))
        _ = tess.setVariable(api, "tessedit_do_invert", readsInvertedText ? "1" : "0")
        // SetImage copies the pixels into a Pix, so the buffer need not outlive the call.
        image.pixels.withUnsafeBufferPointer { buf in
            tess.setImage(
                api, buf.baseAddress, Int32(image.width), Int32(image.height), 1, Int32(image.bytesPerRow))
        }
        tess.setSourceResolution(api, Int32(image.dpi))
        // Drop the image and results so a long-lived engine doesn't hold the last page.
        defer { tess.clear(api) }

        guard tess.recognize(api, nil) == 0 else { throw OCRError.recognitionFailed }

        var words: [OCRWord] = []
        var deskewAngle: Double?
        if let ri = tess.iterator(api) {
            defer { tess.deleteIterator(ri) }
            // The page iterator is a view of `ri` (same object), not a separate allocation.
            let pi = tess.pageIterator(ri)
            (words, deskewAngle) = Self.collectWords(ri, pi, dpi: image.dpi, tess: tess)
        }

        let mean = words.isEmpty ? 0 : words.map(\.confidence).reduce(0, +) / Double(words.count)
        return OCRResult(
            words: words, meanConfidence: mean, imageWidth: image.width, imageHeight: image.height,
            dpi: image.dpi, deskewAngle: deskewAngle)
    }

    // MARK: - Private

    private static func collectWords(
        _ ri: OpaquePointer, _ pi: OpaquePointer?, dpi: Int, tess: TesseractLibrary
    ) -> ([OCRWord], Double?) {
        var words: [OCRWord] = []
        var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0

        // A blank page yields an iterator positioned at nothing.
        guard tess.boundingBox(pi, RIL_WORD, &left, &top, &right, &bottom) != 0 else {
            return ([], nil)
        }

        var orientation = ORIENTATION_PAGE_UP
        var direction = WRITING_DIRECTION_LEFT_TO_RIGHT
        var order = TEXTLINE_ORDER_TOP_TO_BOTTOM
        var angle: Float = 0
        tess.orientation(pi, &orientation, &direction, &order, &angle)
        let deskewDegrees = Double(angle) * 180 / .pi

        var blockID = -1, paragraphID = -1, lineID = -1
        var lineHeight = 0.0
        repeat {
            // Count boundaries before skipping anything, so IDs stay consistent.
            if tess.isAtBeginning(pi, RIL_BLOCK) != 0 { blockID += 1 }
            if tess.isAtBeginning(pi, RIL_PARA) != 0 { paragraphID += 1 }
            if tess.isAtBeginning(pi, RIL_TEXTLINE) != 0 {
                lineID += 1
                if tess.boundingBox(pi, RIL_TEXTLINE, &left, &top, &right, &bottom) != 0 {
                    lineHeight = Double(bottom - top)
                }
            }
            guard tess.boundingBox(pi, RIL_WORD, &left, &top, &right, &bottom) != 0,
                let cText = tess.text(ri, RIL_WORD)
            else { continue }
            let text = String(cString: cText)
            tess.deleteText(cText)
            guard !text.allSatisfy(\.isWhitespace) else { continue }

            let box = OCRBox(x0: Double(left), y0: Double(top), x1: Double(right), y1: Double(bottom))
            let confidence = min(max(Double(tess.confidence(ri, RIL_WORD)) / 100, 0), 1)

            var bx1: Int32 = 0, by1: Int32 = 0, bx2: Int32 = 0, by2: Int32 = 0
            var baseline: Double?
            if tess.baseline(pi, RIL_WORD, &bx1, &by1, &bx2, &by2) != 0 {
                // Evaluate the (possibly sloped) baseline at the word's centre.
                let cx = (box.x0 + box.x1) / 2
                let t = bx2 == bx1 ? 0.5 : (cx - Double(bx1)) / Double(bx2 - bx1)
                baseline = Double(by1) + t * Double(by2 - by1)
            }

            words.append(
                OCRWord(
                    text: text, box: box, confidence: confidence, blockID: blockID,
                    paragraphID: paragraphID, lineID: lineID, lineHeight: lineHeight,
                    fontSizePoints: lineHeight * 72 / Double(dpi), baseline: baseline))
        } while tess.next(ri, RIL_WORD) != 0

        return (words, deskewDegrees)
    }

    /// Whether traineddata for every one of `languages` (`"eng+spa"`, `"Latin"`)
    /// can be found, so an optional model can be skipped instead of failing.
    public static func isInstalled(_ languages: String, dataPath: String? = nil) -> Bool {
        let dirs = tessdataDirectories(dataPath: dataPath)
        return !dirs.isEmpty
            && languages.split(separator: "+").allSatisfy { installedName(String($0), in: dirs) != nil }
    }

    /// The name Tesseract finds `lang` under: itself, or `script/<lang>`, where
    /// newer systems keep the script models (`Latin`); nil when neither is installed.
    private static func installedName(_ lang: String, in dirs: [String]) -> String? {
        [lang, "script/" + lang].first { missingLanguages([$0], in: dirs).isEmpty }
    }

    /// Directories that may hold `*.traineddata`, most specific first; only
    /// ones that exist are returned.
    private static func tessdataDirectories(dataPath: String?) -> [String] {
        let roots: [String]
        if let dataPath {
            roots = [dataPath]
        } else if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            roots = [prefix]
        } else {
            roots = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"]
        }
        // Tesseract accepts both the tessdata dir and its parent.
        let candidates = roots.flatMap { [$0, ($0 as NSString).appendingPathComponent("tessdata")] }
        var isDir: ObjCBool = false
        return candidates.filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
    }

    private static func missingLanguages(_ langs: [String], in dirs: [String]) -> [String] {
        langs.filter { lang in
            !dirs.contains { FileManager.default.fileExists(atPath: "\($0)/\(lang).traineddata") }
        }
    }
}

// Explicitly not Sendable (see the type's documentation).
@available(*, unavailable)
extension OCREngine: Sendable {}
